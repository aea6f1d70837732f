using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;

namespace TeleportMcp.Engine.RoleTest
{
    /// <summary>
    /// What each object piped to Test-TeleportMcpRole is: a name (user or tool, decided later by <see cref="PipedNames"/>),
    /// an audit event to replay, a role, user or app (typed, or a copy that lost its type), a probe result (its tools on
    /// its own app), or an object whose Tool/Name property names tools. The module only binds; this decides.
    /// </summary>
    public static class RoleTestInputs
    {
        /// <summary>
        /// Reads the files each -Path/-LiteralPath value resolved to into the run's cluster. A value that matched no file
        /// (the path helper has reported it) makes the run fail: -Quiet must not pass on input it did not read.
        /// </summary>
        /// <returns>The detail line for the verbose stream: the files read and what they held.</returns>
        public static string ReadPaths(RoleTestOptions options, IEnumerable<IReadOnlyList<string>> filesPerPath)
        {
            var files = new List<string>();
            foreach (var found in filesPerPath)
            {
                if (found.Count == 0) options.InputMissing = true;
                files.AddRange(found);
            }
            var c = options.Cluster;
            int roles = c.Roles.Count, users = c.Users.Count, apps = c.Apps.Count;
            c.ReadFiles(files);
            return "Read " + files.Count + " file(s) from -Path/-LiteralPath (" + string.Join(", ", files) + "): " + (c.Roles.Count - roles) + " role(s), " +
                   (c.Users.Count - users) + " user(s), " + (c.Apps.Count - apps) + " app(s).";
        }

        /// <summary>Adds one pipeline object to <paramref name="options"/>.</summary>
        /// <param name="options">The run being gathered.</param>
        /// <param name="input">The piped object; null when $null was piped.</param>
        /// <param name="usersByName">What -User received from this object's User property (null when -User was not bound from it).</param>
        /// <param name="toolsByName">What -Tool received from this object's Tool/Name/ToolName/Tools property (null when not bound from it).</param>
        /// <param name="appsChosen">-App or -AppLabels was given: a probe result then adds its tools, not its app.</param>
        /// <exception cref="TeleportInputException">
        /// The object cannot be used: a copy whose property does not read, or an object that is none of what the command
        /// takes (<see cref="InputPolicy.NotUsedCode"/>). The caller reports it as that item's error, with the object as given as its
        /// target (<see cref="RoleTestOptions.NoteUnread"/>), and goes on with the others.
        /// </exception>
        public static void Add(RoleTestOptions options, IInputObject? input,
            IEnumerable<Choice<User>?>? usersByName, IEnumerable<string?>? toolsByName, bool appsChosen)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            // An audit event's User is whom it replays, not a -User: each event is replayed with its own user. A file's User
            // is its owner on this computer, never a Teleport user.
            bool namedUser = false;
            if (usersByName != null && !options.UsersFromCommandLine && !(input?.Value is AuditEvent) && !PipedUser.UserIsOwner(input?.Value))
                foreach (var u in Choice.Bound<User>(usersByName, e =>
                         {
                             namedUser = true;
                             options.NoteUnread(e);
                         }, options.Warning))
                {
                    namedUser = true;
                    options.PipedUsers.Add(u);
                }
            if (input == null) return;
            switch (input.Value)
            {
                // A bare string is a user or a tool name: the runner decides when every user has been read (PipedNames).
                case string s:
                    options.PipedNames.Add(s);
                    return;
                case AuditEvent auditEvent:
                    options.AuditEvents.Add(auditEvent);
                    return;
                // Part of a cluster stream (teleport.yaml); access decisions do not use it.
                case AppServiceAgent _:
                    return;
                case TeleportResource resource:
                    options.Cluster.Add(resource, fromPipeline: true);
                    return;
            }
            // A file names no role, user or tool (its Name would bind -Tool): its resources are read with -Path.
            if (input.Value is System.IO.FileSystemInfo) throw NotUsed(input);
            var kind = InputPolicy.Classify(input);
            if (kind == InputKind.Document)
            {
                // tctl get --format=json | ConvertFrom-Json: read by the one resource reader, its errors and warnings alike.
                options.Cluster.ReadObject(input);
                return;
            }
            if ((kind == InputKind.Role || kind == InputKind.User || kind == InputKind.App || kind == InputKind.ScopedRoleAssignment) && ResourceCopies.Of(input, kind) is TeleportResource converted)
            {
                options.Cluster.Add(converted, fromPipeline: true);
                return;
            }
            // An object with a Tool (Name, ToolName, Tools) or User property names tools or a user, even when that property is empty.
            bool namesSome = ToolProperties.Any(input.Has) || namedUser || input.Has("User");
            // With -Tool on the command line, piped tools are left out.
            if (options.ToolsFromCommandLine)
            {
                if (!namesSome) throw NotUsed(input);
                return;
            }
            var probeTools = input.ValueOf("Tools");
            if (kind == InputKind.ProbeResult && probeTools != null && !(probeTools.Value is string))
            {
                var names = DesignAppInputs.Tools(probeTools).Select(t => t.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
                var probed = input.ValueOf("App");
                var app = probed == null ? null : ResourceCopies.App(probed);
                if (app != null && !appsChosen) options.Probed.Add(new ProbedTools(app, names));
                else foreach (var n in names) options.Tools.Add(n);
                return;
            }
            if (toolsByName != null)
                foreach (var t in toolsByName)
                    if (!string.IsNullOrEmpty(t)) options.Tools.Add(t!);
            // Nothing of it is a role, user, app, name, tool, probe result or audit event: this item's error, never dropped silently.
            if (!namesSome) throw NotUsed(input);
        }

        /// <summary>The properties -Tool binds from a piped object (its parameter and aliases).</summary>
        private static readonly string[] ToolProperties = { "Tool", "Name", "ToolName", "Tools" };

        private static TeleportArgumentException NotUsed(IInputObject input) => InputPolicy.NotUsed("Test-TeleportMcpRole",
            "roles, users, apps and scoped_role_assignments (Import-TeleportResource output, a copy of it, or tctl get --format=json output through ConvertFrom-Json), " +
            "probe results, audit events, user or tool names, and objects with a User or Tool property", input,
            "Pipe Import-TeleportResource output, names or probe results, or give resource files with -Path");
    }
}
