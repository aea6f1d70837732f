using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// The users Test-TeleportMcpClient compares with the tsh certificate: users given as objects, and bare names
    /// looked up in the cluster given (-ClusterPath). A name without a cluster to look it up in, or one the cluster
    /// lacks, is an error naming it; the check never goes on as if the name had not been given.
    /// </summary>
    public static class ClientUsers
    {
        /// <param name="cluster">The cluster export read from -ClusterPath; null when none was given.</param>
        /// <param name="missing">True when a name could not be resolved (a -Quiet answer must then be false).</param>
        public static List<User> Resolve(IEnumerable<User> users, IEnumerable<string> names, ClusterInput? cluster, Action<TeleportInputException> error, out bool missing)
        {
            missing = false;
            var result = new List<User>(users.Where(u => u != null));
            var wanted = names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
            if (wanted.Count == 0) return Distinct(result);
            if (cluster == null)
            {
                missing = true;
                error(new TeleportArgumentException("UserNeedsCluster",
                    "The user name" + (wanted.Count == 1 ? " " : "s ") + ListText.Join(", ", wanted) + " cannot be compared with the certificate: a bare name needs the user's definition, and no -ClusterPath was given to look it up in.")
                {
                    RecommendedAction = "Add -ClusterPath with a cluster export holding the users (tctl get users > users.yaml), or pipe TeleportMcp.User objects (Import-TeleportResource users.yaml).",
                });
                return Distinct(result);
            }
            foreach (var name in wanted)
            {
                var user = cluster.FindUser(name);
                if (user != null)
                {
                    result.Add(user);
                    continue;
                }
                missing = true;
                error(new TeleportNotFoundException("UserNotFound", cluster.NotFoundMessage("user", name, cluster.Users.Select(u => u.Name)), name)
                    { RecommendedAction = "Check the name, or add the export that defines the user to -ClusterPath." });
            }
            return Distinct(result);
        }

        /// <summary>
        /// What -User bound (on the command line, or one piped object), read by the module's one rule for an object given
        /// as a user (<see cref="Choice.FromObject{T}"/>): a user, a copy of one or a tctl user document is that user; a
        /// name, or what names one (an object's User property), is a name to look up. Anything else (a role, a file, a
        /// hashtable without User) throws that item's refusal (PipedObjectNotUser), as every other -User does.
        /// </summary>
        public static void AddBound(Choice<User>? choice, IList<User> users, IList<string> names, Action<string> warning)
        {
            if (choice == null) return;
            var read = Choice.Read(choice, warning);
            if (read.Resource != null) users.Add(read.Resource);
            else if (!string.IsNullOrEmpty(read.Name)) names.Add(read.Name!);
        }

        /// <summary>
        /// -User as given on the command line, each value read on its own (<see cref="Choice.AllFrom{T}"/>): a null or empty
        /// value beside others, or one that names no user, is that item's error to <paramref name="unread"/> naming its place;
        /// the values beside it are still added.
        /// </summary>
        public static void AddGiven(IEnumerable<Choice<User>?> given, IList<User> users, IList<string> names, Action<TeleportInputException> unread, Action<string> warning)
        {
            foreach (var read in Choice.AllFrom(given, unread, warning) ?? new List<Choice<User>>())
                AddBound(read, users, names, warning);
        }

        /// <summary>What -User bound, as the object it was (<see cref="AddBound(Choice{User}, IList{User}, IList{string}, Action{string})"/>).</summary>
        public static void AddBound(IInputObject? value, IList<User> users, IList<string> names, Action<string> warning)
        {
            if (value?.Value == null) return;
            AddBound(Choice.FromObject<User>(value, warning), users, names, warning);
        }

        /// <summary>
        /// Whether what -User bound from one piped object is text (a name given as a string). A line Get-Content wrote is
        /// such a string, and it carries the file it was read from (PSPath), so PowerShell binds that file to -LiteralPath
        /// in the same record (measured, Trace-Command ParameterBinding, PowerShell 7.6): the line is a user's name, and the
        /// file it came from is not a client configuration given to check. A file or a Resolve-Path result is no text.
        /// </summary>
        public static bool IsText(IReadOnlyCollection<Choice<User>?>? bound) =>
            bound != null && bound.Count > 0 && bound.All(c => c != null && c.Resource == null && c.Given == null && c.Name != null && !Choice.Refused(c, _ => { }));

        private static List<User> Distinct(List<User> users) => users.Where((u, i) => users.FindIndex(x => ReferenceEquals(x, u)) == i).ToList();
    }
}
