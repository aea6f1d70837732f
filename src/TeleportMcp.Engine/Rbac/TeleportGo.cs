using System;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>Which Go release a Teleport release is built with, where the module's answers depend on it.</summary>
    internal static class TeleportGo
    {
        // Teleport's branch/v18 CHANGELOG.md (index id 55064432293, 18.0.0 to 18.9.0-rc.2): 18.0.0 "Teleport 18 is built with
        // Go 1.24"; "Updated Go to" 1.24.5 (18.0.1), 1.24.6 (18.1.5), 1.24.7 (18.2.1), 1.24.9 (18.2.10), 1.24.10 (18.4.0),
        // 1.24.11 (18.5.0), 1.24.12 (18.6.4), then 1.25.7 (18.6.7, PR #63539), 1.25.8 and 1.25.9 (18.7.6), 1.25.10 (18.8.0),
        // 1.25.11 (18.8.3). MCP access starts at 18.1.0, so v17 and older never evaluate an MCP decision.
        internal static readonly Version FirstGo125Release = new Version(18, 6, 7);

        internal const string Builds = "Teleport 18.0.0 to 18.6.6 is built with Go 1.24, 18.6.7 and later v18 releases with Go 1.25 (Teleport's v18 changelog); " +
                                       "v19's Go is not known yet";

        /// <summary>
        /// The Go release the agent's Teleport is built with, or null with the reason: a version that is not a release, a
        /// release outside v18 (v17 and older serve no MCP apps; v19 is not released in the changelogs read), or a
        /// pre-release of 18.6.7 (built before or after the Go update).
        /// </summary>
        public static GoRelease? Of(ServingAgent agent, out string? unknown)
        {
            unknown = null;
            var r = agent.Release;
            if (r == null)
            {
                unknown = agent.ReleaseProblem;
                return null;
            }
            if (r.Major != 18)
            {
                unknown = "runs " + Output.OutputText.SafeName(agent.Version) + (r.Major < 18 ? ", a release without MCP access" : ", whose Go release is not known yet");
                return null;
            }
            int plus = agent.Version.IndexOf('+');
            bool pre = (plus < 0 ? agent.Version : agent.Version.Substring(0, plus)).IndexOf('-') >= 0;
            if (pre && r == FirstGo125Release)
            {
                unknown = "runs " + Output.OutputText.SafeName(agent.Version) + ", a pre-release of 18.6.7, the release that moved to Go 1.25";
                return null;
            }
            return r < FirstGo125Release ? GoRelease.Go124 : GoRelease.Go125;
        }

        public static string Name(GoRelease release) => release == GoRelease.Go124 ? "Go 1.24" : release == GoRelease.Go125 ? "Go 1.25" : release == GoRelease.Go126 ? "Go 1.26" : "Go 1.19";
    }
}
