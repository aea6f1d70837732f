using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>The progress words of Test-TeleportMcpApp -Launch and of the diagnosis's host checks.</summary>
    public class AppTestTextsTests
    {
        [Theory]
        [InlineData("files", 30, "Launching files: initialize, tools/list (timeout 30 s)")]
        [InlineData("my app", 600, "Launching my app: initialize, tools/list (timeout 600 s)")]
        public void Launching_here_names_the_app_and_its_time_limit(string app, int timeout, string expected) =>
            Assert.Equal(expected, AppTestRun.Launching(app, timeout));

        [Theory]
        [InlineData(1, 30, "Launching 1 app(s) on the App Service hosts (timeout 30 s)")]
        [InlineData(12, 5, "Launching 12 app(s) on the App Service hosts (timeout 5 s)")]
        public void Launching_on_the_hosts_counts_the_apps(int apps, int timeout, string expected) =>
            Assert.Equal(expected, AppTestRun.LaunchingOnHosts(apps, timeout));

        [Theory]
        [InlineData("files", "initialize", "files - initialize")]
        [InlineData("files", "tools/list", "files - tools/list")]
        public void A_stage_is_shown_with_its_app(string app, string stage, string expected) => Assert.Equal(expected, AppTestRun.Stage(app, stage));

        [Theory]
        [InlineData(3, false, "Checking 3 MCP server(s) on the App Service hosts")]
        [InlineData(1, true, "Launching 1 MCP server(s) on the App Service hosts")]
        public void The_diagnosis_says_whether_the_hosts_launch_or_check(int apps, bool launch, string expected) =>
            Assert.Equal(expected, HostResults.Checking(apps, launch));
    }
}
