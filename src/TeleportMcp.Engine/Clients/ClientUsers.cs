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
        /// What -User bound (on the command line, or from one piped object): users as objects and bare names. Any other
        /// object bound -User by value before its User property could bind by name, so that property is taken instead
        /// (its users, a copy that lost its type rebuilt by <see cref="ResourceCopies"/>, or its names). A dictionary names no
        /// user this way, nor does a file: its User is its owner on this computer.
        /// </summary>
        public static void AddBound(Choice<User>? choice, IList<User> users, IList<string> names)
        {
            if (choice == null) return;
            // A value the parameter refused (a list inside the list): that item's error, the caller goes on with the others.
            if (choice.Refusal != null) throw choice.Refusal;
            if (choice.Resource != null) users.Add(choice.Resource);
            else if (choice.Given != null) AddBound(choice.Given, users, names, nested: false);
            else if (!string.IsNullOrEmpty(choice.Name)) names.Add(choice.Name!);
        }

        /// <summary>What -User bound, as the object it was (<see cref="AddBound(Choice{User}, IList{User}, IList{string})"/>).</summary>
        public static void AddBound(IInputObject? value, IList<User> users, IList<string> names) =>
            AddBound(value, users, names, nested: false);

        private static void AddBound(IInputObject? value, IList<User> users, IList<string> names, bool nested)
        {
            if (value == null) return;
            var raw = value.Value;
            // A user that lost its type (Import-Clixml, ConvertFrom-Json), given itself or inside an object's User property.
            if (raw != null && !(raw is User) && !(raw is string)) raw = ResourceCopies.User(value) ?? raw;
            switch (raw)
            {
                case null:
                    return;
                case User user:
                    users.Add(user);
                    return;
                case string name:
                    if (name.Length > 0) names.Add(name);
                    return;
            }
            if (nested || raw is System.Collections.IDictionary || Resources.PipedUser.UserIsOwner(raw)) return;
            var property = value.ValueOf("User");
            if (property == null) return;
            if (property.Value is System.Collections.IEnumerable && !(property.Value is string) && !(property.Value is System.Collections.IDictionary))
                foreach (var item in property.Items()) AddBound(item, users, names, nested: true);
            else AddBound(property, users, names, nested: true);
        }

        private static List<User> Distinct(List<User> users) => users.Where((u, i) => users.FindIndex(x => ReferenceEquals(x, u)) == i).ToList();
    }
}
