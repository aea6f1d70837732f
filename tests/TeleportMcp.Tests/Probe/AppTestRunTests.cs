using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>Test-TeleportMcpApp over a whole call, without a runspace: name selection, the errors and the one -Quiet answer.</summary>
    public class AppTestRunTests
    {
        private static App Read(string yaml) => ResourceReader.ReadText(yaml, "apps.yaml").Select(i => i.Resource).OfType<App>().Single();

        private static readonly App Missing = Read("kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/mcp-server, run_as_host_user: root}}\n");

        private static Func<string, bool> Exactly(string name) => n => n == name;

        // PR #69528 removed app_auth_config before any release: an MCP app read beside app_auth_configs gets a Fail AppAuthConfig
        // check naming TMCP-LOG-264, then what master before the removal said, labelled: the auth server checks a token
        // against the config the proxy names (sessions_service.go), and which configs the proxy tries is not in the sources
        // checked (Indeterminate). A web app or a run without configs gets none.
        [Theory]
        [InlineData("mcp+http://127.0.0.1:1/mcp", true, "Fail")]
        [InlineData("mcp+http://127.0.0.1:1/mcp", false, null)]
        [InlineData("http://127.0.0.1:1/", true, null)]
        public void AnMcpAppReadBesideAppAuthConfigsFailsAsNoReleaseAcceptsThem(string uri, bool configs, string expected)
        {
            var run = new AppTestRun();
            string yaml = "kind: app\nversion: v3\nmetadata: {name: remote}\nspec: {uri: '" + uri + "'}\n" + (configs
                ? "---\nkind: app_auth_config\nversion: v1\nmetadata: {name: okta}\nspec:\n  app_labels: [{name: env, values: [prod]}]\n  jwt: {issuer: i, audience: a, jwks_url: 'https://idp/k'}\n"
                : "");
            foreach (var item in ResourceReader.ReadText(yaml, "c.yaml").Where(i => i.Resource != null)) run.Cluster.Add(item.Resource, fromPipeline: false);
            var app = run.Cluster.All.OfType<App>().Single();
            var checks = run.Test(app, null, CancellationToken.None).Checks.Where(c => c.Check == AppAuthConfigRules.SelectionCheck).ToList();
            if (expected == null)
            {
                Assert.Empty(checks);
                return;
            }
            var check = Assert.Single(checks);
            Assert.Equal(expected, check.Status.ToString());
            Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: ", check.Message, StringComparison.Ordinal);
            Assert.Contains("On master before the removal (never released), this would be Indeterminate: 1 app_auth_config(s) read (\"okta\"): ", check.Message, StringComparison.Ordinal);
            Assert.Contains("not known", check.Message, StringComparison.Ordinal);
            Assert.Contains("On such a master build: Compare each config's app_labels", check.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void APipedAppAuthConfigIsKeptForTheChecks()
        {
            var run = new AppTestRun();
            var config = ResourceReader.ReadText("kind: app_auth_config\nversion: v1\nmetadata: {name: okta}\nspec:\n  app_labels: [{name: env, values: [prod]}]\n  jwt: {issuer: i, audience: a, jwks_url: 'https://idp/k'}\n", "c.yaml")
                .Select(i => i.Resource).OfType<AppAuthConfig>().Single();
            AppTestInputs.Add(run, new TeleportMcp.Tests.Resources.DictionaryInput(config), false, _ => new List<string>());
            Assert.Same(config, Assert.Single(run.Cluster.AppAuthConfigs));
        }

        // lib/srv/app/common/target_host_dialer.go: the serving hosts' target host policy, from the teleport.yaml read beside the
        // apps, decides the TargetHost check of an http or sse app; a stdio app, or no policy, has none.
        [Theory]
        [InlineData("  denied_hosts: [127.0.0.0/8]\n", "mcp+http://127.0.0.1:1/mcp", "Fail")]
        [InlineData("  denied_hosts: [10.0.0.0/8]\n", "mcp+http://127.0.0.1:1/mcp", "Pass")]
        [InlineData("  allowed_hosts: ['::1']\n", "mcp+sse+http://[::ffff:127.0.0.1]:1/sse", "Fail")]
        [InlineData("  allowed_hosts: [127.0.0.0/8]\n", "mcp+http://localhost:1/mcp", "Indeterminate")]
        [InlineData("", "mcp+http://127.0.0.1:1/mcp", null)]
        public void TheServingHostsTargetHostPolicyIsACheck(string policy, string uri, string expected)
        {
            var run = new AppTestRun();
            string yaml = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n" + policy + "  apps:\n  - name: remote\n    uri: '" + uri + "'\n";
            foreach (var item in ResourceReader.ReadText(yaml, "a/teleport.yaml").Where(i => i.Resource != null)) run.Cluster.Add(item.Resource, fromPipeline: false);
            var app = run.Cluster.All.OfType<App>().Single();
            var checks = run.Test(app, null, CancellationToken.None).Checks.Where(c => c.Check == "TargetHost").ToList();
            if (expected == null) Assert.Empty(checks);
            else Assert.Equal(expected, Assert.Single(checks).Status.ToString());
        }

        // lib/config/configuration.go applyAppsConfig and servicecfg App.CheckAndSetDefaults refuse the entry, so Teleport does not
        // start the App Service with that teleport.yaml (the InvalidResource error the reader reports): no host serves its apps, and
        // -Launch does not probe them (no connection at all), whether the refused entry is the app's own or another's. A host
        // that starts is probed (a guard: the listener sees the probe's connection).
        [Theory]
        [InlineData("own", true)]
        [InlineData("sibling", true)]
        [InlineData("none", false)]
        public void AnAppOnlyAnAppServiceTeleportDoesNotStartWouldServeIsNotProbed(string refused, bool notServed)
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            string yaml = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n" +
                          "  - name: remote\n    uri: 'mcp+http://127.0.0.1:" + port + "/mcp'\n" + (refused == "own" ? "    public_addr: 'remote.example.com:443'\n" : "") +
                          (refused == "sibling" ? "  - name: Other_App\n    uri: 'http://127.0.0.1:1/'\n" : "");
            var errors = new List<string>();
            var run = new AppTestRun { Launch = true, TimeoutSec = 2 };
            foreach (var item in ResourceReader.ReadText(yaml, "a/teleport.yaml"))
            {
                if (item.Resource != null) run.Cluster.Add(item.Resource, fromPipeline: false);
                else if (item.Diagnostic!.Level == DiagnosticLevel.Error) errors.Add(item.Diagnostic.Code);
            }
            Assert.Equal(notServed ? new[] { "InvalidResource" } : Array.Empty<string>(), errors);
            var app = run.Cluster.Apps.Single(a => a.Name == "remote");
            var outcome = run.Test(app, null, CancellationToken.None);
            var check = outcome.Checks.SingleOrDefault(c => c.Check == "AppService");
            Assert.NotNull(outcome.Probe);
            if (notServed)
            {
                Assert.Equal(CheckStatus.Fail, check!.Status);
                Assert.StartsWith("host app-1: Teleport does not start the App Service with that host's teleport.yaml: ", check.Message, StringComparison.Ordinal);
                Assert.EndsWith("; no App Service serves the app, so it is not probed", check.Message, StringComparison.Ordinal);
                Assert.StartsWith("not probed: host app-1: ", outcome.Probe!.Message, StringComparison.Ordinal);
                Assert.False(outcome.Passed);
                Assert.False(listener.Pending());
            }
            else
            {
                Assert.Null(check);
                Assert.True(listener.Pending());
            }
        }

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
            // The one rule for a name not found: what was looked for, and where.
            Assert.Equal("app \"git*\" was not found in no input (given: files).", e.Message);
            Assert.IsType<TeleportNotFoundException>(e);
        }

        [Fact]
        public void AFailingAppMakesQuietFalseAndAUserNotReadIsNamed()
        {
            var errors = new List<TeleportInputException>();
            var run = new AppTestRun { Error = errors.Add, UserName = "carol", Headers = new[] { "no colon" }, Names = new List<KeyValuePair<string, Func<string, bool>>> { new KeyValuePair<string, Func<string, bool>>("files", Exactly("files")) } };
            Assert.True(run.WaitForUser);
            run.AddApp(Missing);
            var cases = run.Cases();
            // A user named on the command line who was not read: the app is tested without a user, and the user is named.
            var only = Assert.Single(cases);
            Assert.Null(only.User);
            var outcome = run.Test(only.App, only.User, CancellationToken.None);
            Assert.False(outcome.Passed);
            Assert.False(run.Finish());
            Assert.Equal(new[] { "UserNotFound", "InvalidHeader" }, errors.Select(e => e.Code));
            Assert.IsType<TeleportArgumentException>(errors[1]);
            Assert.Equal("carol", errors[0].Target);
            Assert.Equal("user \"carol\" was not found in the pipeline (no users were given). The apps are not tested for this user.", errors[0].Message);
        }

        private static User NewUser(string name, string trait) =>
            ResourceReader.ReadText("kind: user\nversion: v2\nmetadata: {name: " + name + "}\nspec: {roles: [access], traits: {team: [" + trait + "]}}\n", "users.yaml")
                .Select(i => i.Resource).OfType<User>().Single();

        private static App NewApp(string name) =>
            Read("kind: app\nversion: v3\nmetadata: {name: " + name + "}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/" + name + ", run_as_host_user: root}}\n");

        // -Name and -User (command line) by the one rule (NameSelection): the apps and users selected, and the names that are errors.
        [Theory]
        [InlineData("fi*", "", "files,git", "files/", "")]
        [InlineData("fi*;g*", "a*", "files,git", "files/alice,git/alice", "")]
        [InlineData("FILES", "", "files", "", "AppNotFound:FILES")]
        [InlineData("files", "B*;z*", "files", "files/bob", "UserNotFound:z*")]
        [InlineData("files", "Bob", "files", "files/", "UserNotFound:Bob")]
        [InlineData("f*[", "", "files", "", "")]
        public void NamesAndUsersSelectByTheOneRule(string names, string users, string apps, string expected, string errorsExpected)
        {
            var errors = new List<TeleportInputException>();
            var run = new AppTestRun
            {
                Error = errors.Add,
                Names = names.Split(';').Select(n => new KeyValuePair<string, Func<string, bool>>(n, PowerShellNames.Pattern(n))).ToList(),
                UserPatternOf = n => PowerShellNames.Pattern(n),
            };
            if (users.Length > 0) run.GivenUserNames.AddRange(users.Split(';'));
            run.AddUser(NewUser("alice", "a"));
            run.AddUser(NewUser("bob", "b"));
            foreach (var app in apps.Split(',')) run.AddApp(NewApp(app));
            var cases = run.Cases();
            Assert.Equal(expected, string.Join(",", cases.Select(c => c.App.Name + "/" + c.User?.Name)));
            run.Finish();
            // Nothing is tested here (no Test call), so the call's NothingExamined is left out of the comparison.
            Assert.Equal(errorsExpected, string.Join(";", errors.Where(e => e.Code != "NothingExamined").Select(e => e.Code + ":" + e.Target)));
        }

        [Fact]
        public void UsersPipedInAreTheUsersEachAppIsTestedFor()
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-apptest-" + Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(file, "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/files, run_as_host_user: root}}\n---\n" +
                "kind: app\nversion: v3\nmetadata: {name: git}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/git, run_as_host_user: root}}\n");
            try
            {
                var run = new AppTestRun();
                run.AddUser(NewUser("alice", "a"));
                run.AddFiles(new[] { file });
                run.AddUser(NewUser("bob", "b"));
                var cases = run.Cases();
                Assert.Equal(new[] { "files/alice", "files/bob", "git/alice", "git/bob" }, cases.Select(c => c.App.Name + "/" + c.User.Name));
                var outcome = run.Test(cases[1].App, cases[1].User, CancellationToken.None);
                // Every result says whose traits it was tested with.
                Assert.All(outcome.Checks, c => Assert.Equal("bob", c.User));
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [Fact]
        public void FilesAreReadByTheClusterInputRuleReaderWarningsShownAndAUserGivenTwiceNamed()
        {
            // Test-TeleportMcpApp once dropped the reader's warnings and took a second user of a name silently.
            var dir = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-apptest-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                var first = System.IO.Path.Combine(dir, "a.yaml");
                var second = System.IO.Path.Combine(dir, "b.yaml");
                System.IO.File.WriteAllText(first, "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/files, run_as_host_user: root}}\n---\n" +
                    "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [a], traits: {team: [one]}}\n");
                System.IO.File.WriteAllText(second, "kind: user\nversion: v3\nmetadata: {name: alice}\nspec: {roles: [a], traits: {team: [two]}}\n");
                var warnings = new List<string>();
                var errors = new List<TeleportInputException>();
                var run = new AppTestRun { Warning = warnings.Add, Error = errors.Add, UserName = "alice" };
                run.AddFiles(new[] { first, second });
                var c = Assert.Single(run.Cases());
                Assert.Equal(new[] { "two" }, (string[])c.User.Traits["team"]);
                Assert.Empty(errors);
                Assert.Contains(warnings, w => w.Contains("Teleport's user resource is v2", StringComparison.Ordinal) && w.Contains(second, StringComparison.Ordinal));
                Assert.Contains(warnings, w => w.Contains("user \"alice\" was given twice", StringComparison.Ordinal) && w.Contains(second, StringComparison.Ordinal));
            }
            finally
            {
                System.IO.Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void UsersPipedInWithAppsAreAClusterExportWhereNamesAreLookedUpNotUsersToTestEach()
        {
            var notes = new List<string>();
            var run = new AppTestRun { Verbose = notes.Add };
            run.AddApp(NewApp("files"));
            run.AddUser(NewUser("alice", "a"));
            run.AddApp(NewApp("git"));
            run.AddUser(NewUser("bob", "b"));
            Assert.Equal(new[] { "files/", "git/" }, run.Cases().Select(c => c.App.Name + "/" + c.User?.Name));
            Assert.Contains(notes, n => n.Contains("piped in with the apps", StringComparison.Ordinal));
        }

        private static System.Collections.Specialized.OrderedDictionary Ordered(params (string Key, object Value)[] entries)
        {
            var d = new System.Collections.Specialized.OrderedDictionary();
            foreach (var (k, v) in entries) d[k] = v;
            return d;
        }

        /// <summary>
        /// tctl get app/fs --format=json | ConvertFrom-Json piped to Test-TeleportMcpApp: the one input policy takes it as a
        /// document (kind and metadata) and the one resource reader reads it, as Test-TeleportMcpRole does; it used to be
        /// skipped with a verbose line. Its apps and users count as piped module objects would; a document the reader
        /// refuses is its error and the -Quiet answer is false.
        /// </summary>
        [Fact]
        public void TctlJsonObjectsPipedInAreReadByTheResourceReader()
        {
            var errors = new List<TeleportInputException>();
            var notes = new List<string>();
            var run = new AppTestRun { UserName = "ann", Error = errors.Add, Verbose = notes.Add };
            Func<string, IList<string>> noFiles = _ => new List<string>();
            AppTestInputs.Add(run, new Resources.DictionaryInput(Ordered(("kind", "app"), ("version", "v3"), ("metadata", Ordered(("name", "fs"))),
                ("spec", Ordered(("uri", "mcp+stdio://"), ("mcp", Ordered(("command", "/no/such/fs"), ("run_as_host_user", "root"))))))), false, noFiles);
            AppTestInputs.Add(run, new Resources.DictionaryInput(Ordered(("kind", "user"), ("version", "v2"), ("metadata", Ordered(("name", "ann"))),
                ("spec", Ordered(("roles", new object[] { "dev" }))))), false, noFiles);
            Assert.Equal(new[] { "fs/ann" }, run.Cases().Select(c => c.App.Name + "/" + c.User?.Name));
            Assert.Empty(errors);
            Assert.DoesNotContain(notes, n => n.StartsWith("Skipping", StringComparison.Ordinal));

            var refused = new AppTestRun { Error = errors.Add };
            AppTestInputs.Add(refused, new Resources.DictionaryInput(Ordered(("kind", "app"), ("version", "v3"), ("metadata", Ordered(("name", "fs"))),
                ("spec", Ordered(("uri", "mcp+stdio://"), ("mcp", Ordered(("command", "/no/such/fs"), ("run_as_host_user", "root"))))))), false, noFiles);
            AppTestInputs.Add(refused, new Resources.DictionaryInput(Ordered(("kind", "role"), ("version", "v99"), ("metadata", Ordered(("name", "future"))), ("spec", Ordered()))), false, noFiles);
            Assert.Equal(new[] { "UnsupportedRoleVersion" }, errors.Select(e => e.Code));
            Assert.Single(refused.Cases());
            Assert.False(refused.Finish());
        }

        [Fact]
        public void WithUserOnTheCommandLineUsersPipedInAreOnlyWhereItsNamesAreLookedUp()
        {
            var run = new AppTestRun { UserName = "bob" };
            run.AddApp(NewApp("files"));
            run.AddUser(NewUser("alice", "a"));
            run.AddUser(NewUser("bob", "b"));
            var only = Assert.Single(run.Cases());
            Assert.Equal("bob", only.User.Name);
            var none = new AppTestRun();
            none.AddApp(NewApp("files"));
            Assert.Null(Assert.Single(none.Cases()).User);
        }

        [Fact]
        public void PipedNamesAreUsersWhenAUserOfThatNameWasReadAndAppsOtherwise()
        {
            var errors = new List<TeleportInputException>();
            var notes = new List<string>();
            var run = new AppTestRun { Error = errors.Add, Verbose = notes.Add };
            run.AddApp(NewApp("files"));
            run.AddApp(NewApp("git"));
            run.AddUser(NewUser("alice", "a"));
            run.AddUser(NewUser("bob", "b"));
            // 'alice' | ... : alice is a user; 'git' an app; 'nosuch' an app that is not there.
            run.AddName("git");
            run.AddName("alice");
            run.AddName("nosuch");
            var cases = run.Cases();
            // The users piped as objects with the apps are where names are looked up (a cluster export); alice is named.
            Assert.Equal(new[] { "git/alice" }, cases.Select(c => c.App.Name + "/" + c.User.Name));
            var e = Assert.Single(errors);
            Assert.Equal("AppNotFound", e.Code);
            Assert.Equal("nosuch", e.Target);
            Assert.Contains("\"nosuch\" was not found in the pipeline (given: files, git)", e.Message, StringComparison.Ordinal);
            Assert.Contains(notes, n => n.Contains("taken as users", StringComparison.Ordinal) && n.Contains("alice", StringComparison.Ordinal));
            Assert.Single(cases);
            foreach (var c in cases) run.Test(c.App, c.User, CancellationToken.None);
            // A name that matched nothing keeps -Quiet false.
            Assert.False(run.Finish());
        }

        [Fact]
        public void AUserNamedByAPipedPropertyIsLookedUpInTheFilesReadAndAnUnknownOneIsAnErrorSayingWhere()
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-apptest-" + Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(file, "kind: user\nversion: v2\nmetadata: {name: carol}\nspec: {roles: []}\n---\n" +
                "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/files, run_as_host_user: root}}\n");
            try
            {
                var errors = new List<TeleportInputException>();
                var run = new AppTestRun { Error = errors.Add };
                run.AddUserName("carol");
                run.AddUserName("dave");
                run.AddFiles(new[] { file });
                var only = Assert.Single(run.Cases());
                Assert.Equal("carol", only.User.Name);
                var e = Assert.Single(errors);
                Assert.Equal("UserNotFound", e.Code);
                Assert.Equal("dave", e.Target);
                Assert.Equal("user \"dave\" was not found in " + file + " (given: carol). The apps are not tested for this user.", e.Message);
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [Fact]
        public void PipedNamesAreUsersWhenNameSelectsTheApps()
        {
            var run = new AppTestRun { Names = new List<KeyValuePair<string, Func<string, bool>>> { new KeyValuePair<string, Func<string, bool>>("files", Exactly("files")) } };
            run.AddApp(NewApp("files"));
            run.AddUser(NewUser("alice", "a"));
            run.AddName("alice");
            Assert.Equal(new[] { "files/alice" }, run.Cases().Select(c => c.App.Name + "/" + c.User.Name));
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
                run.AddFiles(new[] { file });
                Assert.Equal("NoAppInInput", Assert.Single(errors).Code);
                Assert.Equal(file, errors[0].Target);
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        private static string TempFile(string text)
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-apptest-" + Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(file, text);
            return file;
        }

        // The reader's warnings reach the admin through the one cluster-input service (ClusterInput), as for every cmdlet.
        [Theory]
        [InlineData("app_service:\n  enabled: false\n  apps:\n  - name: files\n    mcp: {command: /no/such/files, run_as_host_user: root}\n", "app_service.enabled is false: Teleport serves none of these apps")]
        [InlineData("kind: app\nversion: v2\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/files, run_as_host_user: root}}\n", "app \"files\" has version \"v2\"; Teleport's app resource is v3, read it as v3")]
        [InlineData("kind: user\nversion: v1\nmetadata: {name: carol}\nspec: {roles: []}\n---\nkind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /no/such/files, run_as_host_user: root}}\n", "user \"carol\" has version \"v1\"; Teleport's user resource is v2, read it as v2")]
        public void TheReadersWarningsAreSaid(string yaml, string warning)
        {
            var file = TempFile(yaml);
            try
            {
                var warnings = new List<string>();
                var run = new AppTestRun { Warning = warnings.Add };
                run.AddFiles(new[] { file });
                Assert.Contains(warnings, w => w.EndsWith(warning, StringComparison.Ordinal));
                Assert.Equal("files", Assert.Single(run.Cases()).App.Name);
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [Fact]
        public void AUserGivenTwiceIsSaidAndTheLaterDefinitionIsUsed()
        {
            var warnings = new List<string>();
            var run = new AppTestRun { Warning = warnings.Add, UserName = "alice" };
            run.AddApp(NewApp("files"));
            run.AddUser(NewUser("alice", "first"));
            run.AddUser(NewUser("alice", "second"));
            var only = Assert.Single(run.Cases());
            Assert.Equal(new[] { "second" }, only.User.TraitMap["team"]);
            Assert.Equal("user \"alice\" was given twice; the later definition (users.yaml:1:1) is used.", Assert.Single(warnings));
        }

        [NotOnWindowsFact("the app runs /bin/sh")]
        public void APathThatMatchedNothingMakesQuietFalseWhileTheOtherPathsAreTested()
        {
            // An app whose static checks pass on this machine: a program that exists, run as the current user.
            var file = TempFile("kind: app\nversion: v3\nmetadata: {name: sh}\nspec: {uri: 'mcp+stdio://', mcp: {command: /bin/sh, run_as_host_user: " + Environment.UserName + "}}\n");
            try
            {
                var passing = new AppTestRun { CheckTls = false };
                passing.ReadPaths(new IList<string>[] { new[] { file } });
                foreach (var c in passing.Cases()) Assert.True(passing.Test(c.App, c.User, CancellationToken.None).Passed);
                Assert.True(passing.Finish());

                var run = new AppTestRun();
                run.ReadPaths(new IList<string>[] { new[] { file }, Array.Empty<string>() });
                var only = Assert.Single(run.Cases());
                Assert.True(run.Test(only.App, only.User, CancellationToken.None).Passed);
                Assert.False(run.Finish());
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        /// <summary>An environment whose reading is cancelled by something other than the caller's token (a library's own timer).</summary>
        private sealed class CancelledElsewhere : Dictionary<string, string>, IEnumerable<KeyValuePair<string, string>>
        {
            IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => throw new OperationCanceledException("a timer of another component fired");
        }

        [Fact]
        public void ACancellationThatIsNotTheCallersIsThisAppsFailureNotAStop()
        {
            var run = new AppTestRun { Environment = new CancelledElsewhere() };
            run.AddApp(Missing);
            using var caller = new CancellationTokenSource();
            var e = Assert.Throws<TeleportInputException>(() => run.Test(Missing, caller.Token));
            Assert.Equal("ProbeFailed", e.Code);
            Assert.IsType<OperationCanceledException>(e.InnerException);
            Assert.Contains("files", e.Message, StringComparison.Ordinal);
            Assert.False(run.Finish());

            // The caller's own cancellation (Ctrl+C) still ends the call as a cancellation.
            var stopped = new AppTestRun { Environment = new CancelledElsewhere() };
            caller.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => stopped.Test(Missing, caller.Token));
        }

        /// <summary>
        /// A web app (api/types/app.go IsAppMCP: no mcp+ scheme) gets only a Skipped check: nothing to check, so it is never a
        /// pass. Alone, or chosen by a name, it is the error NothingExamined naming it and why; beside an examined MCP app of a
        /// file that named none, it is only said (verbose). (names given, -Quiet, the error's message or null)
        /// </summary>
        [Theory]
        [InlineData("", false, "No MCP app was tested, so nothing was examined: wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check.", "web")]
        [InlineData("", true, null, "web+demo")]
        [InlineData("wiki", false, "No MCP app was tested, so nothing was examined: wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check.", "web+demo")]
        [InlineData("wiki;" + StaticChecks.DemoServerName, false, "Nothing was examined for \"wiki\": wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check.", "web+demo")]
        [InlineData("*", true, null, "web+demo")]
        public void AWebAppHasNothingToCheckAndIsNeverAPass(string names, bool quiet, string message, string file)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-web-" + Guid.NewGuid().ToString("N") + ".yaml");
            System.IO.File.WriteAllText(path, "version: v3\nteleport: {nodename: h}\napp_service:\n  enabled: true\n" + (file == "web+demo" ? "  mcp_demo_server: true\n" : "") +
                                              "  apps:\n  - name: wiki\n    uri: http://127.0.0.1:8081\n");
            try
            {
                var errors = new List<TeleportInputException>();
                var verbose = new List<string>();
                var run = new AppTestRun
                {
                    Error = errors.Add,
                    Verbose = verbose.Add,
                    Names = names.Length == 0 ? null : names.Split(';').Select(n => new KeyValuePair<string, Func<string, bool>>(n, n == "*" ? _ => true : null)).ToList(),
                };
                run.ReadPaths(new[] { (IList<string>)new[] { path } });
                foreach (var c in run.Cases()) run.Test(c.App, c.User, CancellationToken.None);
                Assert.Equal(quiet, run.Finish());
                if (message == null)
                {
                    Assert.Empty(errors);
                    Assert.Contains("Not examined: app wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check", verbose);
                    return;
                }
                var e = Assert.Single(errors);
                Assert.Equal("NothingExamined", e.Code);
                Assert.Equal(message, e.Message);
                Assert.Equal(new[] { "wiki" }, (string[])e.TargetObject);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }
    }
}
