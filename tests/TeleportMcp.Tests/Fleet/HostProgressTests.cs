#nullable enable
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Fleet;
using Xunit;

namespace TeleportMcp.Tests.Fleet
{
    /// <summary>The hosts' own progress records under the run's bar: one bar per host, runspace and activity.</summary>
    public class HostProgressTests
    {
        public static IEnumerable<object?[]> Cases()
        {
            // (the only host or null; records as "host|runspace|activityId|activity|status" ("-" for null); each shown as "id-offset|activity|status")
            yield return new object?[] { null, new[] { "web1|r1|1|initialize|starting" }, new[] { "1|host web1 - initialize|starting" } };
            // Two hosts on the same activity are two bars; the same one again is the same bar.
            yield return new object[]
            {
                null!, new[] { "web1|r1|1|initialize|a", "web2|r2|1|initialize|b", "web1|r1|1|initialize|c" },
                new[] { "1|host web1 - initialize|a", "2|host web2 - initialize|b", "1|host web1 - initialize|c" },
            };
            // Two activities of one host, and the same activity id in another runspace of that host.
            yield return new object[]
            {
                null!, new[] { "web1|r1|1|x|s", "web1|r1|2|y|s", "web1|r2|1|x|s" },
                new[] { "1|host web1 - x|s", "2|host web1 - y|s", "3|host web1 - x|s" },
            };
            // Without its origin, a record is the only host's; with several hosts, it is shown without a host.
            yield return new object[] { "web9", new[] { "-|-|1|launch|s" }, new[] { "1|host web9 - launch|s" } };
            yield return new object?[] { null, new[] { "-|-|1|launch|s" }, new[] { "1|launch|s" } };
            // A record without an activity is the host's "checks"; without a status, a blank (a bar needs one).
            yield return new object?[] { null, new[] { "web1|r1|3|-|-", "web1|r1|4|||" }, new[] { "1|host web1 - checks| ", "2|host web1 - checks| " } };
            // A host named like a secret's key: the activity stays readable through the output rule (OutputText.Labelled).
            yield return new object?[] { null, new[] { "vault-token|r1|1|Test-TeleportMcpApp -Launch|s" }, new[] { "1|host vault-token - Test-TeleportMcpApp -Launch|s" } };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Each_host_activity_is_a_bar_of_its_own_under_the_run(string? onlyHost, string[] records, string[] expected)
        {
            var progress = new HostProgress { OnlyHost = onlyHost };
            var shown = records.Select(r => r.Split('|').Select(p => p == "-" ? null : p).ToArray())
                .Select(p => progress.Forward(p[0], p[1], int.Parse(p[2]!, System.Globalization.CultureInfo.InvariantCulture), p[3], p[4]))
                .ToList();
            Assert.All(shown, s => Assert.Equal(HostProgress.RunId, s.ParentId));
            Assert.Equal(expected, shown.Select(s => (s.Id - HostProgress.RunId) + "|" + Engine.Output.OutputText.Safe(s.Activity) + "|" + s.Status).ToArray());
        }

        [Fact]
        public void Finish_names_every_bar_shown_once_and_starts_afresh()
        {
            var progress = new HostProgress();
            progress.Forward("a", "r", 1, "x", "s");
            progress.Forward("b", "r", 1, "x", "s");
            progress.Forward("a", "r", 1, "x", "t");
            Assert.Equal(new[] { HostProgress.RunId + 1, HostProgress.RunId + 2 }, progress.Finish().OrderBy(i => i).ToArray());
            Assert.Empty(progress.Finish());
            Assert.Equal(HostProgress.RunId + 1, progress.Forward("c", "r", 1, "x", "s").Id);
        }
    }
}
