using System;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>Answers tsh invocations from a table, and records them.</summary>
    internal sealed class FakeRunner : IProcessRunner
    {
        public List<(string File, string Args, string Home)> Calls { get; } = new List<(string, string, string)>();
        public Func<string, IList<string>, string, ProcessResult> Answer { get; set; }
        /// <summary>The variables of each call (null: all inherited), in the order of <see cref="Calls"/>.</summary>
        public List<IDictionary<string, string>> Environments { get; } = new List<IDictionary<string, string>>();

        public ProcessResult Run(string fileName, IList<string> args, IDictionary<string, string> environment, TimeSpan timeout, System.Threading.CancellationToken cancel)
        {
            string home = environment != null && environment.TryGetValue("TELEPORT_HOME", out var h) ? (h ?? "<unset>") : "<inherit>";
            Calls.Add((fileName, string.Join(" ", args), home));
            Environments.Add(environment == null ? null : new Dictionary<string, string>(environment));
            return Answer?.Invoke(fileName, args, home) ?? new ProcessResult { ExitCode = 1, Stderr = "ERROR: Not logged in.\n\n" };
        }

        public static string Data(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Clients", name));

        /// <summary>An active session (tsh-status-active.json) and the tsh mcp ls listing (tsh-mcp-ls.json).</summary>
        public static FakeRunner Active() => new FakeRunner
        {
            Answer = (f, a, h) => a[0] == "status"
                ? new ProcessResult { ExitCode = 0, Stdout = Data("tsh-status-active.json") }
                : new ProcessResult { ExitCode = 0, Stdout = Data("tsh-mcp-ls.json") },
        };
    }
}
