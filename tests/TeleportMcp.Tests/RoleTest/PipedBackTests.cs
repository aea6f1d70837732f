using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleTest;
using Xunit;

namespace TeleportMcp.Tests.RoleTest
{
    /// <summary>
    /// A resource the module wrote (its texts escaped for the terminal, OutputSanitizer) and is given back decides as the
    /// file it was read from: the cluster input works on a copy with the values read (ClusterInput.AsRead), whatever its kind.
    /// </summary>
    public class PipedBackTests
    {
        // A label value with ESC (written \x1B), a regex value Teleport matches against the real value (lib/services/role.go
        // MatchLabels: utils.SliceMatchesRegex), and a user whose name holds a bidi override (api/types/user.go: any non-empty name).
        private const string Yaml = "kind: role\nversion: v8\nmetadata: {name: esc}\nspec:\n  allow:\n    app_labels: {env: \"prod\\e\"}\n    mcp: {tools: ['*']}\n" +
            "---\nkind: role\nversion: v8\nmetadata: {name: rx}\nspec:\n  allow:\n    app_labels: {tier: '^gold.$'}\n    mcp: {tools: ['*']}\n" +
            "---\nkind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [esc]}\n" +
            "---\nkind: user\nversion: v2\nmetadata: {name: bob}\nspec: {roles: [rx]}\n" +
            "---\nkind: user\nversion: v2\nmetadata: {name: \"da\\u202Eve\"}\nspec: {roles: [esc]}\n" +
            "---\nkind: app\nversion: v3\nmetadata:\n  name: srv\n  labels: {env: \"prod\\e\", tier: \"gold\\e\"}\nspec:\n  uri: 'mcp+stdio://'\n  mcp: {command: /bin/true, run_as_host_user: nobody}\n";

        private static string Kind(TeleportResource r) => r is Role ? "role" : r is User ? "user" : r is App ? "app" : "other";

        /// <summary>
        /// The decision for <paramref name="user"/> on srv, tool t: the kinds in <paramref name="piped"/> are written first (made
        /// safe as every output is) and given back as piped objects, the others read as from the file; "-App" gives the written
        /// app as the -App object instead.
        /// </summary>
        private static string Decide(string piped, string user)
        {
            var decisions = new List<ToolAccess>();
            var errors = new List<TeleportInputException>();
            var options = new RoleTestOptions { Decision = decisions.Add, Error = errors.Add };
            App appObject = null;
            foreach (var r in ResourceReader.ReadText(Yaml, "cluster.yaml").Select(i => i.Resource).Where(r => r != null).Select(r => r))
            {
                if (piped == "-App" && r is App a)
                {
                    OutputSanitizer.Sanitize(a);
                    appObject = a;
                }
                else if (piped.Split(',').Contains(Kind(r)))
                {
                    OutputSanitizer.Sanitize(r);
                    options.Cluster.Add(r, fromPipeline: true);
                }
                else options.Cluster.Add(r);
            }
            options.Users = new[] { Choice.Named<User>(user) };
            options.Apps = new[] { appObject != null ? (Choice<App>)new AppChoice(appObject) : Choice.Named<App>("srv") };
            options.Tools = new List<string> { "t" };
            RoleTestRunner.Run(options, CancellationToken.None);
            Assert.Empty(errors);
            return Assert.Single(decisions).Decision.ToString();
        }

        [Theory]
        [InlineData("app", "alice")]
        [InlineData("app", "bob")]
        [InlineData("-App", "bob")]
        [InlineData("role", "alice")]
        [InlineData("user", "da\u202Eve")]
        [InlineData("role,user,app", "alice")]
        [InlineData("role,user,app", "bob")]
        [InlineData("role,user,app", "da\u202Eve")]
        public void AResourceWrittenAndGivenBackDecidesAsTheFile(string piped, string user)
        {
            Assert.Equal("Allowed", Decide("", user));
            Assert.Equal("Allowed", Decide(piped, user));
        }

        // The caller's objects keep the values shown: the engine's copy holds the real ones.
        [Fact]
        public void TheWrittenObjectsKeepTheirShownValues()
        {
            var read = ResourceReader.ReadText(Yaml, "cluster.yaml").Select(i => i.Resource).ToList();
            var role = read.OfType<Role>().First();
            var app = read.OfType<App>().Single();
            OutputSanitizer.Sanitize(role);
            OutputSanitizer.Sanitize(app);
            var cluster = new ClusterInput();
            cluster.Add(role, fromPipeline: true);
            cluster.Add(app, fromPipeline: true);
            Assert.Equal(new[] { "prod\\x1B" }, (string[])role.AllowAppLabels!["env"]!);
            Assert.Equal("prod\\x1B", app.Labels["env"]);
            Assert.Equal(new[] { "prod\u001b" }, (string[])cluster.Roles[0].AllowAppLabels!["env"]!);
            Assert.Equal("prod\u001b", cluster.Apps[0].Labels["env"]);
            Assert.NotSame(app, cluster.Apps[0]);
        }
    }
}
