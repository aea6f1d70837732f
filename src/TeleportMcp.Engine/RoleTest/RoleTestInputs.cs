using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Audit;
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
        public static void Add(RoleTestOptions options, IInputObject? input,
            IEnumerable<Choice<User>?>? usersByName, IEnumerable<string?>? toolsByName, bool appsChosen)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            // An audit event's User is whom it replays, not a -User: each event is replayed with its own user.
            if (usersByName != null && !options.UsersFromCommandLine && !(input?.Value is AuditEvent))
                foreach (var u in Choice.Bound<User>(usersByName, options.NoteUnread)) options.PipedUsers.Add(u);
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
            var kind = InputPolicy.Classify(input);
            if ((kind == InputKind.Role || kind == InputKind.User || kind == InputKind.App) && ResourceCopies.Of(input, kind) is TeleportResource converted)
            {
                options.Cluster.Add(converted, fromPipeline: true);
                return;
            }
            // With -Tool on the command line, piped tools are left out.
            if (options.ToolsFromCommandLine) return;
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
        }
    }
}
