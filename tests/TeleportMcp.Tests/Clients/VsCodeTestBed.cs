#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Tests.Platform;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>The one Linux machine, project and client run that the session 48 VS Code rows share.</summary>
    internal static class VsCodeTestBed
    {
        internal static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T20:00:00Z", CultureInfo.InvariantCulture);
        internal const string Project = "/home/alice/src/api";
        internal const string UserFolder = "/home/alice/.config/Code/User";
        internal const string UserSettings = UserFolder + "/settings.json";
        internal const string Ws = Project + "/api.code-workspace";
        internal const string Claude = "/home/alice/.config/Claude/claude_desktop_config.json";
        internal const string CursorGlobal = "/home/alice/.cursor/mcp.json";
        internal const string Tsh = "{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}";
        internal const string Rule = "enable by default only the first of the servers named alike";

        internal static FakeEnv Env() => FakeEnv.Linux().File("/usr/bin/tsh").Dir(UserFolder);

        internal static IReadOnlyList<ClientCheck> Run(FakeEnv env, params string[] paths) =>
            ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = Now, ProjectDirectory = Project, Paths = paths.Length == 0 ? null : paths, SkipSession = true });
    }
}
