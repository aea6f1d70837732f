using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>Test-TeleportMcpApp over a whole call, without a runspace: name selection, the errors and the one -Quiet answer.</summary>
    public class AppTestRunTests
    {
        private static App Read(string yaml) => ResourceReader.ReadText(yaml, "apps.yaml").Select(i => i.Resource).OfType<App>().Single();

        private static readonly App Missing = Read("kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/mcp-server, run_as_host_user: root}}\n");

        private static Func<string, bool> Exactly(string name) => n => n == name;

        [Fact]
        public void ACallThatTestedNothingIsAnErrorAndNeverPasses()
        {
            var errors = new List<TeleportInputException>();
            var run = new AppTestRun { Error = errors.Add };
            Assert.False(run.Finish());
            var e = Assert.Single(errors);
            Assert.Equal("NothingExamined", e.Code);
            Assert.Contains("no input was given", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ANameThatMatchedNothingIsAnErrorNamingTheAppsRead()
        {
            var errors = new List<TeleportInputException>();
            var run = new AppTestRun
            {
                Error = errors.Add,
                Names = new List<KeyValuePair<string, Func<string, bool>>> { new KeyValuePair<string, Func<string, bool>>("git*", n => n.StartsWith("git", StringComparison.Ordinal)) },
            };
            Assert.False(run.Selected(Missing));
            Assert.False(run.Finish());
            var e = Assert.Single(errors);
            Assert.Equal("AppNotFound", e.Code);
            Assert.Equal("git*", e.Target);
            Assert.Contains("the apps read are files", e.Message, StringComparison.Ordinal);
            Assert.IsType<TeleportNotFoundException>(e);
        }

        [Fact]
        public void AFailingAppMakesQuietFalseAndAUserNotReadIsNamed()
        {
            var errors = new List<TeleportInputException>();
            var run = new AppTestRun { Error = errors.Add, UserName = "carol", Headers = new[] { "no colon" }, Names = new List<KeyValuePair<string, Func<string, bool>>> { new KeyValuePair<string, Func<string, bool>>("files", Exactly("files")) } };
            Assert.True(run.WaitForUser);
            Assert.True(run.Selected(Missing));
            var outcome = run.Test(Missing, CancellationToken.None);
            Assert.False(outcome.Passed);
            Assert.False(run.Finish());
            Assert.Equal(new[] { "InvalidHeader", "UserNotFound" }, errors.Select(e => e.Code));
            Assert.IsType<TeleportArgumentException>(errors[0]);
            Assert.Equal("carol", errors[1].Target);
        }

        [Fact]
        public void ResourceFilesWithoutAnAppAreAnError()
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-apptest-" + Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(file, "kind: user\nversion: v2\nmetadata: {name: carol}\nspec: {roles: []}\n");
            try
            {
                var errors = new List<TeleportInputException>();
                var run = new AppTestRun { Error = errors.Add, UserName = "carol" };
                Assert.Empty(run.ReadFiles(new[] { file }));
                Assert.Equal("NoAppInInput", Assert.Single(errors).Code);
                Assert.Equal(file, errors[0].Target);
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }
    }
}
