using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleTest;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.RoleTest
{
    /// <summary>Test-TeleportMcpRole's use case without a runspace: choices, the one -Quiet answer, errors with their ids.</summary>
    public class RoleTestRunnerTests
    {
        private const string Yaml = @"kind: role
version: v8
metadata: {name: dev}
spec:
  allow:
    app_labels: {env: dev}
    mcp: {tools: ['read_*']}
  deny:
    mcp: {tools: [read_secret]}
---
kind: user
version: v2
metadata: {name: alice}
spec: {roles: [dev]}
---
kind: app
version: v3
metadata: {name: files, labels: {env: dev}}
spec: {uri: 'mcp+stdio://files', mcp: {command: files}}
";

        private sealed class Outcome
        {
            public bool Passed;
            public List<ToolAccess> Decisions = new List<ToolAccess>();
            public List<McpAccessSummary> Summaries = new List<McpAccessSummary>();
            public List<RoleLintFinding> Lint = new List<RoleLintFinding>();
            public List<TeleportInputException> Errors = new List<TeleportInputException>();
            public List<string> Warnings = new List<string>();
        }

        private static Outcome Run(Action<RoleTestOptions> configure)
        {
            var o = new Outcome();
            var options = new RoleTestOptions
            {
                Decision = o.Decisions.Add, Summary = o.Summaries.Add, LintFinding = o.Lint.Add, Error = o.Errors.Add, Warning = o.Warnings.Add,
            };
            options.Cluster.Warning = o.Warnings.Add;
            options.Cluster.ReadText(Yaml, "cluster.yaml");
            configure(options);
            o.Passed = RoleTestRunner.Run(options, CancellationToken.None);
            return o;
        }

        // lib/srv/mcp/session.go checkAccessToTool: each agent checks calls against the app it serves, dynamic labels' results
        // included (2:G16); the proxy picks an agent per connection (2:S11). Heartbeats whose labels give alice other access
        // are said, and -Quiet is false; heartbeats that give the same access, or the same labels, say nothing.
        [Theory]
        [InlineData("dev", "dev", true, null)]
        [InlineData("dev", "prod", false, "through agent-a the tools of \"read_*\" but \"read_secret\"; through agent-b (heartbeats.yaml:")]
        [InlineData("prod", "dev", false, "through agent-a no access to the app; through agent-b (heartbeats.yaml:")]
        public void AgentsWhoseHeartbeatsGiveOtherAccessAreSaid(string zoneA, string zoneB, bool quiet, string phrase)
        {
            string Heartbeat(string host, string zone) =>
                "kind: app_server\nversion: v3\nmetadata: {name: web}\nspec:\n  hostname: " + host + "\n  app:\n    kind: app\n    version: v3\n" +
                "    metadata: {name: web}\n    spec:\n      uri: 'mcp+stdio://'\n      mcp: {command: x, run_as_host_user: u}\n" +
                "      dynamic_labels: {env: {command: [hostname], result: " + zone + "}}\n";
            var o = Run(t =>
            {
                t.Cluster.ReadText(Heartbeat("agent-a", zoneA) + "---\n" + Heartbeat("agent-b", zoneB), "heartbeats.yaml");
                t.Users = new[] { Choice.Named<User>("alice") };
                t.Apps = new[] { Choice.Named<App>("web") };
                t.Tools = new List<string> { "read_file" };
                t.Quiet = true;
            });
            Assert.Equal(quiet, o.Passed);
            var said = o.Warnings.Where(w => w.Contains("carry different labels, and the user's access differs", StringComparison.Ordinal)).ToList();
            if (phrase == null) Assert.Empty(said);
            else Assert.Contains(phrase, Assert.Single(said), StringComparison.Ordinal);
        }

        // api/proto/teleport/scopes/access/v1/assignment.proto @093d75af (spec.user, assignments[{role, scope}]); role.proto
        // @041cff39 (a scoped role has no mcp field); lib/srv/app/connections_handler.go @0009d93e (a scope-pinned login is refused
        // every MCP app). The assignments of the user decided are said on each decision and summary; the decision stays the classic roles'.
        [Theory]
        // assignments (user|role@scope,...;...), tool (empty: a summary), the note's text or null
        [InlineData("alice|reader@/staging", "read_file", "alice holds scoped role \"reader\" at scope \"/staging\" (scoped_role_assignment \"a0\", scoped.yaml:1:1): scoped roles grant no MCP tools")]
        [InlineData("alice|reader@/staging,writer@/staging/web;alice|ops@/", "", "alice holds scoped role \"reader\" at scope \"/staging\" (scoped_role_assignment \"a0\", scoped.yaml:1:1), scoped role \"writer\" at scope \"/staging/web\" (scoped_role_assignment \"a0\", scoped.yaml:1:1), scoped role \"ops\" at scope \"/\" (scoped_role_assignment \"a1\", scoped.yaml:9:1)")]
        [InlineData("alice|reader@/staging", "read_secret", "This decision is that of the classic roles, on a login without a scope.")]
        // another user's assignment, or one without a user (a bot's) or without assignments, gives alice no note
        [InlineData("bob|reader@/staging", "read_file", null)]
        [InlineData("|reader@/staging", "read_file", null)]
        [InlineData("alice|", "read_file", null)]
        public void AUsersScopedAssignmentsAreNotedOnItsDecisions(string assignments, string tool, string note)
        {
            string Doc(string a, int i)
            {
                var parts = a.Split('|');
                var pairs = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => "{role: " + p.Split('@')[0] + ", scope: '" + p.Split('@')[1] + "'}");
                return "kind: scoped_role_assignment\nversion: v1\nmetadata: {name: a" + i + "}\nscope: /\nspec:\n" +
                       (parts[0].Length > 0 ? "  user: " + parts[0] + "\n" : "  bot_name: ci\n") + "  assignments: [" + string.Join(", ", pairs) + "]\n";
            }
            var o = Run(t =>
            {
                t.Cluster.ReadText(string.Join("---\n", assignments.Split(';').Select(Doc)), "scoped.yaml");
                if (tool.Length > 0) t.Tools = new List<string> { tool };
            });
            Assert.Empty(o.Errors);
            var notes = tool.Length > 0 ? Assert.Single(o.Decisions).Notes : Assert.Single(o.Summaries).Notes;
            // The decision is the classic roles' either way.
            if (tool.Length > 0) Assert.Equal(tool == "read_file" ? AccessDecision.Allowed : AccessDecision.Denied, o.Decisions[0].Decision);
            else Assert.Equal(ToolScope.Limited, o.Summaries[0].Scope);
            var scoped = notes.Where(n => n.Contains("scoped role", StringComparison.Ordinal)).ToList();
            if (note == null) Assert.Empty(scoped);
            else
            {
                Assert.Contains(note, Assert.Single(scoped), StringComparison.Ordinal);
                Assert.Contains("\"MCP application access is not supported for scoped identities\"", scoped[0], StringComparison.Ordinal);
            }
        }

        [Fact]
        public void DecidesEachToolForTheChosenUserAndApp()
        {
            var o = Run(t => { t.Users = new[] { Choice.Named<User>("alice") }; t.Apps = new[] { Choice.Named<App>("files") }; t.Tools = new List<string> { "read_file", "read_secret" }; });
            Assert.Equal(new[] { AccessDecision.Allowed, AccessDecision.Denied }, o.Decisions.Select(d => d.Decision));
            Assert.Empty(o.Errors);
        }

        [Fact]
        public void WithoutToolsEachUserAndAppGetsASummary()
        {
            var o = Run(t => { });
            var s = Assert.Single(o.Summaries);
            Assert.Equal(ToolScope.Limited, s.Scope);
        }

        [Theory]
        [InlineData(new[] { "read_file" }, true)]
        [InlineData(new[] { "read_file", "read_secret" }, false)]
        public void QuietAnswersOnceForTheWholeCall(string[] tools, bool expected)
        {
            var o = Run(t => { t.Quiet = true; t.Tools = tools.ToList(); });
            Assert.Equal(expected, o.Passed);
            Assert.Empty(o.Decisions);
        }

        [Fact]
        public void ANameThatIsNotThereIsAnErrorAndQuietIsFalse()
        {
            var o = Run(t => { t.Quiet = true; t.Users = new[] { Choice.Named<User>("alice"), Choice.Named<User>("nobody") }; t.Tools = new List<string> { "read_file" }; });
            var e = Assert.Single(o.Errors);
            Assert.Equal("UserNotFound", e.Code);
            Assert.IsType<TeleportNotFoundException>(e);
            Assert.Equal("nobody", e.Target);
            Assert.Contains("not found in the pipeline (given: alice)", e.Message, StringComparison.Ordinal);
            Assert.False(o.Passed);
        }

        // -User and -App names from the command line take wildcards by the one rule (NameSelection); a pattern that
        // selects nothing is an error naming it and where, and -Quiet is false: nothing was checked for it.
        [Theory]
        [InlineData("a*", "fi*", "", true)]
        [InlineData("alice;a*", "files;f*", "", true)]
        [InlineData("alice", "x*", "AppNotFound:x*", false)]
        [InlineData("z*", "files", "UserNotFound:z*", false)]
        [InlineData("alice;z*", "files", "UserNotFound:z*", false)]
        [InlineData("alice", "FILES", "AppNotFound:FILES", false)]
        [InlineData("alice", "fi`*", "AppNotFound:fi`*", false)]
        [InlineData("alice", "f*[", "", false)]
        public void UsersAndAppsTakeWildcardsByTheOneRule(string users, string apps, string errors, bool quiet)
        {
            var o = Run(t =>
            {
                t.Quiet = true;
                t.PatternOf = n => PowerShellNames.Pattern(n);
                t.UsersFromCommandLine = true;
                t.Users = users.Split(';').Select(Choice.Named<User>).ToList();
                t.Apps = apps.Split(';').Select(Choice.Named<App>).ToList();
                t.Tools = new List<string> { "read_file" };
            });
            Assert.Equal(errors, string.Join(";", o.Errors.Select(e => e.Code + ":" + e.Target)));
            Assert.All(o.Errors, e => Assert.Matches("^(app|user) \"" + System.Text.RegularExpressions.Regex.Escape((string)e.Target) + "\" was not found in .+ \\(given: ", e.Message));
            Assert.Equal(quiet, o.Passed);
        }

        // A web app has no MCP tools: api/types/app.go IsAppMCP needs an mcp+ scheme, and lib/srv/app/connections_handler.go
        // @0009d93e hands only IsMCP() apps to the MCP server, where mcp.tools is checked (tsh mcp connect refuses the others:
        // "app is not a MCP server"). A -App value that chose only web apps is NothingExamined and decides nothing (-Quiet
        // $false), as Test-TeleportMcpApp's rule; web apps a value chose beside MCP apps are left out (helper-339).
        [Theory]
        // -App values (";"), tool ("" = a summary), the values answered NothingExamined, apps decided, -Quiet
        [InlineData("wiki", "read_file", "wiki", "", false)]
        [InlineData("wiki", "", "wiki", "", false)]
        [InlineData("w*", "read_file", "w*", "", false)]
        [InlineData("web-mcp", "read_file", "web-mcp", "", false)]      // an MCP endpoint enrolled as a web app is still one
        [InlineData("files;wiki", "read_file", "wiki", "files", false)]
        [InlineData("fi*", "read_file", "", "files", true)]             // filebox is left out, files decided
        [InlineData("fi*", "", "", "files", true)]
        [InlineData("files", "read_file", "", "files", true)]
        [InlineData("@wiki", "read_file", "wiki", "", false)]           // the app given as an object
        public void WebAppsGetNoToolDecision(string apps, string tool, string nothing, string decided, bool quiet)
        {
            const string web = "kind: app\nversion: v3\nmetadata: {name: wiki, labels: {env: dev}}\nspec: {uri: 'http://127.0.0.1:8081'}\n---\n" +
                               "kind: app\nversion: v3\nmetadata: {name: filebox, labels: {env: dev}}\nspec: {uri: 'https://files.example.com'}\n---\n" +
                               "kind: app\nversion: v3\nmetadata: {name: web-mcp, labels: {env: dev}}\nspec: {uri: 'http://127.0.0.1:8000/mcp'}\n";
            Outcome Once(bool q) => Run(t =>
            {
                t.Cluster.ReadText(web, "web.yaml");
                t.Quiet = q;
                t.PatternOf = n => PowerShellNames.Pattern(n);
                t.Users = new[] { Choice.Named<User>("alice") };
                t.Apps = apps.Split(';').Select(a => a.StartsWith("@", StringComparison.Ordinal)
                    ? Choice.Of(t.Cluster.Apps.First(x => x.Name == a.Substring(1))) : Choice.Named<App>(a)).ToList();
                if (tool.Length > 0) t.Tools = new List<string> { tool };
            });
            var o = Once(false);
            Assert.Equal(nothing, string.Join(";", o.Errors.Select(e => e.Code == "NothingExamined" && e.Message.StartsWith("Nothing was examined for \"", StringComparison.Ordinal)
                ? e.Message.Split('"')[1] : e.Code + ":" + e.Message)));
            Assert.All(o.Errors, e => Assert.Contains("not an MCP app (URI \"http", e.Message, StringComparison.Ordinal));
            Assert.Equal(decided, string.Join(";", o.Decisions.Select(d => d.App).Concat(o.Summaries.Select(x => x.App))));
            Assert.Equal(quiet, Once(true).Passed);
        }

        // api/types/app.go (fork @77295d71) IsAppMCP: an mcp+ scheme GetMCPServerTransportType does not know (McpTransportRules)
        // makes an ordinary web app; NothingExamined says so in StaticChecks' words, not as a plain web app.
        [Theory]
        // URI, the text after "wiki - "
        [InlineData("mcp+sse://127.0.0.1:8000/sse", "not an MCP app (URI \"mcp+sse://127.0.0.1:8000/sse\" has the scheme \"mcp+sse\", which Teleport does not know as MCP)")]
        [InlineData("mcp+ws://h:1", "not an MCP app (URI \"mcp+ws://h:1\" has the scheme \"mcp+ws\", which Teleport does not know as MCP)")]
        [InlineData("http://127.0.0.1:8081", "not an MCP app (URI \"http://127.0.0.1:8081\")")]   // a plain web app: as before
        public void AnUnknownMcpSchemeIsSaidAsOne(string uri, string text)
        {
            var o = Run(t =>
            {
                t.Cluster.ReadText("kind: app\nversion: v3\nmetadata: {name: wiki, labels: {env: dev}}\nspec: {uri: '" + uri + "'}\n", "web.yaml");
                t.Users = new[] { Choice.Named<User>("alice") };
                t.Apps = new[] { Choice.Named<App>("wiki") };
                t.Tools = new List<string> { "read_file" };
            });
            var e = Assert.Single(o.Errors, x => x.Code == "NothingExamined");
            Assert.StartsWith("Nothing was examined for \"wiki\": wiki - " + text, e.Message, StringComparison.Ordinal);
            Assert.Empty(o.Decisions);
        }

        [Fact]
        public void EachUserAndAppIsDecidedOnceHoweverManyNamesSelectIt()
        {
            var o = Run(t =>
            {
                t.PatternOf = n => PowerShellNames.Pattern(n);
                t.UsersFromCommandLine = true;
                t.Users = new[] { "alice", "a*", "*" }.Select(Choice.Named<User>).ToList();
                t.Apps = new[] { "files", "f*" }.Select(Choice.Named<App>).ToList();
                t.Tools = new List<string> { "read_file" };
            });
            Assert.Single(o.Decisions);
            Assert.Empty(o.Errors);
        }

        [Fact]
        public void UsersThatCameWithPipedObjectsAreDataNotPatterns()
        {
            var o = Run(t =>
            {
                t.Quiet = true;
                t.PatternOf = n => PowerShellNames.Pattern(n);
                t.PipedUsers = new[] { Choice.Named<User>("a*") };
                t.Tools = new List<string> { "read_file" };
            });
            Assert.Equal("UserNotFound:a*", string.Join(";", o.Errors.Select(e => e.Code + ":" + e.Target)));
            Assert.False(o.Passed);
        }

        [Fact]
        public void ConflictingParametersAreArgumentErrors()
        {
            var users = Run(t => { t.Users = new[] { Choice.Named<User>("alice") }; t.UserName = "bob"; });
            Assert.Equal("ConflictingUserParameters", Assert.Single(users.Errors).Code);
            Assert.IsType<TeleportArgumentException>(users.Errors[0]);
            var apps = Run(t => { t.Apps = new[] { Choice.Named<App>("files") }; t.AppLabels = new System.Collections.Hashtable { ["env"] = "dev" }; });
            Assert.Equal("ConflictingAppParameters", Assert.Single(apps.Errors).Code);
            var missing = Run(t => t.UserRoles = new[] { "dev" });
            Assert.Equal("MissingUserName", Assert.Single(missing.Errors).Code);
        }

        [Fact]
        public void AnAdHocUserIsDecidedOnAppLabels()
        {
            var o = Run(t => { t.UserName = "eve"; t.UserRoles = new[] { "dev" }; t.AppLabels = new System.Collections.Hashtable { ["env"] = "dev" }; t.Tools = new List<string> { "read_x" }; });
            Assert.Equal(AccessDecision.Allowed, Assert.Single(o.Decisions).Decision);
        }

        [Fact]
        public void ProbedToolsAreDecidedOnTheirOwnApp()
        {
            var other = App.FromLabels("other", new System.Collections.Hashtable { ["env"] = "prod" });
            var o = Run(t => t.Probed = new List<ProbedTools> { new ProbedTools(other, new[] { "read_file", "read_file" }) });
            var d = Assert.Single(o.Decisions);
            Assert.Equal("other", d.App);
            Assert.Equal(AccessDecision.AppNotAccessible, d.Decision);
        }

        [Fact]
        public void APipedRoleOfAnUnsupportedVersionIsLeftOutWithAnError()
        {
            var errors = new List<ResourceDiagnostic>();
            var cluster = new ClusterInput { Error = errors.Add };
            cluster.Add(new Role { Name = "future", Version = "v99" }, fromPipeline: true);
            cluster.Add(new Role { Name = "" }, fromPipeline: true);
            Assert.Empty(cluster.Roles);
            Assert.Equal(new[] { "UnsupportedRoleVersion", "InvalidRole" }, errors.Select(e => e.Code));
            Assert.All(errors, e => Assert.NotNull(e.RecommendedAction));
        }

        [Fact]
        public void LintWithoutRolesIsAnErrorAndNeverPasses()
        {
            var o = new Outcome();
            var options = new RoleTestOptions { Lint = true, Quiet = true, Error = o.Errors.Add };
            Assert.False(RoleTestRunner.Run(options, CancellationToken.None));
            Assert.Equal("NoRolesToLint", Assert.Single(o.Errors).Code);
        }

        // -User with -Lint selects the users whose roles the findings name; a name or wildcard that selects no user is the
        // same UserNotFound as in a decision.
        [Theory]
        [InlineData("bob", "", "grants nothing (held by bob);")]
        [InlineData("b*", "", "grants nothing (held by bob);")]
        [InlineData("bob;carol", "", "grants nothing (held by bob, carol);")]
        [InlineData("nobody", "UserNotFound:nobody", "grants nothing;")]
        [InlineData("z*", "UserNotFound:z*", "grants nothing;")]
        [InlineData("carol;nobody", "UserNotFound:nobody", "grants nothing (held by carol);")]
        public void LintUsersAreSelectedByTheOneRule(string users, string errors, string finding)
        {
            var o = Run(t =>
            {
                t.Cluster.ReadText("kind: role\nversion: v8\nmetadata: {name: other}\nspec: {allow: {namespaces: [team], app_labels: {env: dev}, mcp: {tools: ['*']}}}\n---\n" +
                    "kind: user\nversion: v2\nmetadata: {name: bob}\nspec: {roles: [other]}\n---\nkind: user\nversion: v2\nmetadata: {name: carol}\nspec: {roles: [other]}\n", "more.yaml");
                t.Lint = true;
                t.PatternOf = n => PowerShellNames.Pattern(n);
                t.UsersFromCommandLine = true;
                t.Users = users.Split(';').Select(Choice.Named<User>).ToList();
            });
            Assert.Equal(errors, string.Join(";", o.Errors.Select(e => e.Code + ":" + e.Target)));
            var message = Assert.Single(o.Lint, f => f.Id == "TMCP014").Message;
            Assert.Contains(finding, message, StringComparison.Ordinal);
        }

        // A lint of clean roles passes only when every user named was found: -Quiet is false for a user it never saw.
        [Theory]
        [InlineData(null, true)]
        [InlineData("alice", true)]
        [InlineData("a*", true)]
        [InlineData("nobody", false)]
        [InlineData("z*", false)]
        public void LintQuietIsFalseForAnUnmatchedUser(string users, bool passed)
        {
            var o = Run(t =>
            {
                t.Lint = true;
                t.Quiet = true;
                t.PatternOf = n => PowerShellNames.Pattern(n);
                if (users == null) return;
                t.UsersFromCommandLine = true;
                t.Users = users.Split(';').Select(Choice.Named<User>).ToList();
            });
            Assert.Empty(o.Lint);
            Assert.Equal(passed, o.Passed);
            Assert.Equal(passed ? 0 : 1, o.Errors.Count(e => e.Code == "UserNotFound"));
        }

        // An ad-hoc user whose trait is no text is refused, never tested with its type name as the trait.
        [Fact]
        public void ATraitThatIsNoTextIsAnErrorAndNeverPasses()
        {
            var o = Run(t =>
            {
                t.Quiet = true;
                t.UserName = "dana";
                t.UserRoles = new[] { "dev" };
                t.Traits = new System.Collections.Hashtable { ["mcp_tools"] = new System.Collections.Hashtable { ["a"] = "b" } };
                t.Tools = new List<string> { "read_file" };
            });
            Assert.False(o.Passed);
            Assert.Equal("InvalidTraitValue", Assert.Single(o.Errors).Code);
            Assert.Empty(o.Decisions);
        }

        [Fact]
        public void LintSaysPipedNamesWereNotUsed()
        {
            var o = Run(t => { t.Lint = true; t.PipedNames = new List<string> { "alice", "read_file", "" }; });
            Assert.Equal(new[] { "The piped names alice, read_file were not used: -Lint checks the roles given, not users or tools named." }, o.Warnings);
            Assert.True(o.Passed);
        }

        [Fact]
        public void AnUnmatchedPathMeansQuietCannotPass()
        {
            var o = Run(t => { t.Quiet = true; t.Tools = new List<string> { "read_file" }; t.InputMissing = true; });
            Assert.False(o.Passed);
        }

        [Fact]
        public void PipedNamesOfUsersReadAreUsersAndTheOthersAreTools()
        {
            var o = Run(t => { t.PipedNames = new List<string> { "alice", "read_file" }; t.Apps = new[] { Choice.Named<App>("files") }; });
            var d = Assert.Single(o.Decisions);
            Assert.Equal("alice", d.User);
            Assert.Equal("read_file", d.Tool);
        }

        [Fact]
        public void PipedNamesWithUserGivenAreToolsAndWithBothGivenAreIgnoredWithAWarning()
        {
            var tools = Run(t => { t.UsersFromCommandLine = true; t.Users = new[] { Choice.Named<User>("alice") }; t.PipedNames = new List<string> { "read_secret" }; });
            Assert.Equal(AccessDecision.Denied, Assert.Single(tools.Decisions).Decision);

            var both = Run(t =>
            {
                t.UsersFromCommandLine = true; t.Users = new[] { Choice.Named<User>("alice") };
                t.ToolsFromCommandLine = true; t.Tools = new List<string> { "read_file" };
                t.PipedNames = new List<string> { "bob" };
            });
            Assert.Single(both.Decisions);
            Assert.Contains(both.Warnings, w => w.Contains("bob", StringComparison.Ordinal) && w.Contains("were not used", StringComparison.Ordinal));
        }

        [Fact]
        public void APipedNameOfNoUserWithToolGivenIsAUserNotFound()
        {
            var o = Run(t => { t.ToolsFromCommandLine = true; t.Tools = new List<string> { "read_file" }; t.PipedNames = new List<string> { "carol" }; });
            Assert.Contains(o.Errors, e => e.Code == "UserNotFound");
            Assert.False(o.Passed);
        }

        [Fact]
        public void ACancelledTokenStopsTheDecisions()
        {
            var options = new RoleTestOptions();
            options.Cluster.ReadText(Yaml, "cluster.yaml");
            using (var cts = new CancellationTokenSource())
            {
                cts.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => RoleTestRunner.Run(options, cts.Token));
            }
        }
    }
}
