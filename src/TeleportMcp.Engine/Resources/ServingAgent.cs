using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>An agent that serves an app (an app_server copy): its host and its release as written and as read.</summary>
    internal sealed class ServingAgent
    {
        public ServingAgent(string host, string version)
        {
            Host = host;
            Version = version;
            Release = ParseRelease(version);
        }

        public string Host { get; }
        public string Version { get; }
        public Version? Release { get; }

        /// <summary>Why <see cref="Release"/> is null, as said of the agent's app_server heartbeat; null when it is a release.</summary>
        public string? ReleaseProblem =>
            Release != null ? null
            : Version.Length == 0 ? "has no spec.version"
            : "has spec.version " + Common.GoText.Quote(Output.OutputText.SafeName(Version) ?? "") + ", which is not a release";

        /// <summary>The agents of <paramref name="servers"/>, once each (the same host and version count once).</summary>
        public static List<ServingAgent> Distinct(IEnumerable<App> servers, string unnamedHost) =>
            Distinct(servers.Select(s => new ServingAgent(AppDefinitions.AgentOf(s) ?? unnamedHost, s.ServerVersion ?? "")));

        /// <summary>The agents once each, in first-seen order (the same host and version count once).</summary>
        public static List<ServingAgent> Distinct(IEnumerable<ServingAgent> agents) =>
            agents.GroupBy(a => (a.Host, a.Version)).Select(g => g.First()).ToList();

        /// <summary>major.minor.patch of a Teleport version ("18.9.2", "v18.9.2", "18.9.2-dev.1"); null when it does not parse.</summary>
        public static Version? ParseRelease(string? version)
        {
            var v = (version ?? "").Trim().TrimStart('v');
            int cut = v.IndexOfAny(new[] { '-', '+' });
            if (cut >= 0) v = v.Substring(0, cut);
            var parts = v.Split('.');
            if (parts.Length != 3) return null;
            var n = new int[3];
            for (int i = 0; i < 3; i++)
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out n[i])) return null;
            return new Version(n[0], n[1], n[2]);
        }
    }
}
