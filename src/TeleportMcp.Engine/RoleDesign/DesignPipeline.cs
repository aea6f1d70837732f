using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>
    /// What the objects piped to New-TeleportMcpRole are: bare names (users or apps, decided with
    /// <see cref="PipedNames.SplitUsersAndApps"/> once everything is read), users (typed, copies that lost their type,
    /// or objects whose User property bound -User), and servers to design for (probe results, apps, their copies,
    /// resolved later by <see cref="DesignAppInputs.Resolve"/>).
    /// </summary>
    public sealed class DesignPipeline
    {
        public List<string> Names { get; } = new List<string>();
        public List<string> Users { get; } = new List<string>();
        public List<IInputObject> Apps { get; } = new List<IInputObject>();

        /// <summary>With -App on the command line a piped object binds only -User: its users are names (PipedNames makes them users).</summary>
        public void AddBoundUsers(IEnumerable<string?> users)
        {
            if (users == null) throw new ArgumentNullException(nameof(users));
            Names.AddRange(users.Where(u => !string.IsNullOrEmpty(u)).Select(u => u!));
        }

        /// <summary>One object that bound -App.</summary>
        /// <param name="input">The object.</param>
        /// <param name="usersBoundFromIt">What -User received from the same object (its User property, or itself as a name or user).</param>
        /// <param name="toApp">Rebuilds an App from a copy that lost its type (the module's property-copy conversion); null when it is not one.</param>
        public void Add(IInputObject? input, IReadOnlyCollection<string> usersBoundFromIt, Func<IInputObject, App?> toApp)
        {
            if (toApp == null) throw new ArgumentNullException(nameof(toApp));
            if (input == null) return;
            switch (input.Value)
            {
                // A bare string names a user or an app: decided once every user and app is read.
                case string s:
                    Names.Add(s);
                    return;
                case User u:
                    if (u.Name != null) Users.Add(u.Name);
                    return;
            }
            var kind = InputPolicy.Classify(input);
            if (kind == InputKind.User)
            {
                if (input.ValueOf("Name")?.Value is string userName) Users.Add(userName);
                return;
            }
            // An object whose User property bound -User and that is no app nor probe result carries users only.
            var bound = (usersBoundFromIt ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).ToList();
            if (bound.Count > 0 && input.Has("User") && kind == InputKind.Unknown && toApp(input) == null)
            {
                Users.AddRange(bound);
                return;
            }
            Apps.Add(input);
        }
    }
}
