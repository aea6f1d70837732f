using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Diagnosis
{
    /// <summary>The diagnosis use case without a runspace: the bundled broken scenario (examples/), ranked.</summary>
    public class DiagnosisRunnerTests
    {
        private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

        private static (DiagnosisResult, List<TeleportInputException>) Run(Action<DiagnosisOptions> configure = null)
        {
            var errors = new List<TeleportInputException>();
            var options = new DiagnosisOptions
            {
                ClusterPath = new[] { Path.Combine(Examples, "cluster") },
                LogPath = new[] { Path.Combine(Examples, "logs") },
                Users = new[] { "alice", "bob" },
                Apps = new[] { "everything" },
                SkipClient = true,
                Error = errors.Add,
            };
            configure?.Invoke(options);
            return (DiagnosisRunner.Run(options, CancellationToken.None), errors);
        }

        [Fact]
        public void RanksTheServerThatCannotStartFirstWithTheLogLineAsEvidence()
        {
            var (result, errors) = Run();
            Assert.Empty(errors);
            var first = result.Findings[0];
            Assert.Equal(DiagnosisArea.App, first.Area);
            Assert.Contains("unknown user mcp-runner", first.Title, StringComparison.Ordinal);
            Assert.Contains(first.Evidence, e => e.Contains("app-service.log:8:", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(1, result.Findings.Count), result.Findings.Select(f => f.Rank));
            var alice = result.Findings.Single(f => f.User == "alice" && f.Check == "NoToolsGranted");
            Assert.StartsWith("Set-TeleportMcpTools -User alice", alice.Fix, StringComparison.Ordinal);
        }

        // 2:H1, 2:S7: the app resource read before the heartbeats is the same definition; the agents' releases still count,
        // each agent once, and an agent serving another URI is its own check with a Definition finding.
        [Theory]
        [InlineData(false, 1, 0)]
        [InlineData(true, 2, 1)]
        public void AppCheckedOnceWithEveryAgentThatServesIt(bool staleAgent, int serverReleaseFindings, int definitionFindings)
        {
            string dir = Path.Combine(Path.GetTempPath(), "tmcp-defs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string Server(string host, string version, string uri) =>
                    "kind: app_server\nversion: v3\nmetadata:\n  name: web\nspec:\n  hostname: " + host + "\n  version: " + version +
                    "\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: web\n    spec:\n      uri: " + uri + "\n";
                // The resource first: it is the copy checked, and carries no agent.
                File.WriteAllText(Path.Combine(dir, "a-apps.yaml"), "kind: app\nversion: v3\nmetadata:\n  name: web\nspec:\n  uri: mcp+https://10.0.0.5:8443/mcp\n");
                File.WriteAllText(Path.Combine(dir, "b-app_servers.yaml"), Server("agent-a", "18.2.0", "mcp+https://10.0.0.5:8443/mcp") + "---\n" +
                    Server("agent-b", "18.1.0", staleAgent ? "mcp+https://10.0.0.5:8443/old" : "mcp+https://10.0.0.5:8443/mcp"));
                var (result, errors) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = new[] { "web" }; o.Checks = new[] { DiagnosisCheck.App }; });
                Assert.Empty(errors);
                var release = result.Findings.Where(f => f.Check == "ServerRelease").ToList();
                Assert.Equal(serverReleaseFindings, release.Count);
                Assert.Contains(release, f => f.Title.Contains("agent-a", StringComparison.Ordinal));
                if (!staleAgent) Assert.Contains("18.1.0 (agent-b)", release[0].Title, StringComparison.Ordinal);
                Assert.Equal(definitionFindings, result.Findings.Count(f => f.Check == "Definition"));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // PR #69528 removed app_auth_config before any release: one Fail finding for the run names TMCP-LOG-264, the configs and
        // the MCP apps, then what master before the removal said, labelled (sessions_service.go: the auth server checks a JWT
        // against the config the proxy names; which configs the proxy tries is not in the sources checked: Indeterminate).
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void AppAuthConfigsReadBesideMcpAppsAreOneFailFindingAsNoReleaseAcceptsThem(bool configs)
        {
            string dir = Path.Combine(Path.GetTempPath(), "tmcp-aac-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "apps.yaml"), "kind: app\nversion: v3\nmetadata:\n  name: web\nspec:\n  uri: mcp+https://10.0.0.5:8443/mcp\n");
                if (configs)
                    File.WriteAllText(Path.Combine(dir, "aac.yaml"), "kind: app_auth_config\nversion: v1\nmetadata: {name: okta}\nspec:\n  app_labels: [{name: env, values: [prod]}]\n" +
                        "  jwt: {issuer: i, audience: a, jwks_url: 'https://idp/k'}\n");
                var (result, errors) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = new[] { "web" }; o.Checks = new[] { DiagnosisCheck.App }; });
                Assert.Empty(errors);
                var found = result.Findings.Where(f => f.Check == AppAuthConfigRules.SelectionCheck).ToList();
                if (!configs)
                {
                    Assert.Empty(found);
                    return;
                }
                var item = Assert.Single(found);
                Assert.Equal(DiagnosisStatus.Fail, item.Status);
                Assert.Equal("No Teleport release accepts the app_auth_configs read for the MCP apps web", item.Title);
                Assert.True(item.AboutUnreleasedInput); // ranks after Probe and Role Fails (DiagnosisRanker)
                Assert.StartsWith("TMCP-LOG-264 No Teleport release accepts kind app_auth_config: ", item.Detail, StringComparison.Ordinal);
                Assert.Contains("On master before the removal (never released), this would be Indeterminate: 1 app_auth_config(s) read (\"okta\")", item.Detail, StringComparison.Ordinal);
                Assert.Contains("not known", item.Detail, StringComparison.Ordinal);
                Assert.Contains(result.Failing, f => f.Check == AppAuthConfigRules.SelectionCheck);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // A failed app_auth_config verify event names its config: read beside the audit log, the finding names the config's
        // setting the failure is about (the catalog's config_field) and the config's own findings; a config not read is said to be.
        public static TheoryData<string, string, string, string[], string[]> VerifyEventLinks() => new TheoryData<string, string, string, string[], string[]>
        {
            // (config written (jwt block) or null, event's config, event's error, in the finding's detail, not in it)
            { "{issuer: 'https://idp.example.com/', audience: teleport, jwks_url: 'https://idp.example.com/keys'}", "okta", "go-jose/go-jose/jwt: validation failed, invalid issuer claim (iss)",
              new[] { "app_auth_config \"okta\" as read (", "aac.yaml:", ") has spec.jwt.issuer \"https://idp.example.com/\"." }, new[] { "not among", "Its own check" } },
            { "{issuer: i, audience: teleport-prod, jwks_url: 'https://idp.example.com/keys'}", "okta", "go-jose/go-jose/jwt: validation failed, invalid audience claim (aud)",
              new[] { "has spec.jwt.audience \"teleport-prod\"." }, new[] { "issuer \"i\"" } },
            { "{issuer: i, audience: a, jwks_url: 'https://idp.example.com/keys'}", "okta", "token must have \"email\" claim",
              new[] { "has no spec.jwt.username_claim (Teleport reads the claim \"email\")." }, Array.Empty<string>() },
            { "{issuer: i, audience: a, username_claim: upn, jwks_url: 'https://idp.example.com/keys'}", "okta", "token must have \"upn\" claim",
              new[] { "has spec.jwt.username_claim \"upn\"." }, Array.Empty<string>() },
            // The key set the config holds fails go-jose: the failure and the config's own finding in one.
            { "{issuer: i, audience: a, static_jwks: '{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"x\":\"AQ\",\"y\":\"AQ\"}]}'}", "okta",
              "unable to parse JWKS contents\n\tgo-jose/go-jose: invalid EC public key, wrong length for x",
              new[] { "has its keys in spec.jwt.static_jwks.", "Its own check: spec.jwt.static_jwks: unable to parse JWKS contents (keys[0]: go-jose/go-jose: invalid EC public key, wrong length for x)." }, Array.Empty<string>() },
            // A key refused only for its x5c certificate's negative serial number (Go's default x509negativeserial=0): the event is
            // TMCP-AUDIT-043, not a fetch failure (TMCP-AUDIT-025's "x509: "), and the config's own Indeterminate key finding is named.
            { "{issuer: i, audience: a, static_jwks: '{\"keys\":[" + Resources.AppAuthConfigTests.NegativeSerialKey("k1") + "]}'}", "okta",
              "unable to parse JWKS contents: go-jose/go-jose: failed to unmarshal x5c field: x509: negative serial number",
              new[] { "has its keys in spec.jwt.static_jwks.", "unless the godebug setting x509negativeserial=1 is in force",
                      "Its own check: spec.jwt.static_jwks: keys[0] (kid \"k1\") has an x5c certificate with a negative serial number: Go refuses such a certificate" },
              new[] { "could not reach spec.jwt.jwks_url" } },
            { "{issuer: i, audience: a, static_jwks: '{\"keys\":[]}'}", "okta", "unsupported protocol scheme \"ftp\"",
              new[] { "has its keys in spec.jwt.static_jwks (no jwks_url: the event is older than the config read)." }, Array.Empty<string>() },
            // The event's config is not among those read.
            { "{issuer: i, audience: a, jwks_url: 'https://idp.example.com/keys'}", "azure", "go-jose/go-jose/jwt: validation failed, invalid issuer claim (iss)",
              new[] { "The event names app_auth_config \"azure\", which is not among the 1 app_auth_config(s) read (\"okta\"): its settings were not compared" }, new[] { "as read" } },
            // No config read: nothing is added.
            { null, "okta", "go-jose/go-jose/jwt: validation failed, invalid issuer claim (iss)", Array.Empty<string>(), new[] { "as read", "not among" } },
        };

        [Theory]
        [MemberData(nameof(VerifyEventLinks))]
        public void AFailedVerifyEventNamesTheSettingOfItsConfig(string jwt, string eventConfig, string error, string[] contains, string[] absent)
        {
            string dir = Path.Combine(Path.GetTempPath(), "tmcp-aaclink-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "apps.yaml"), "kind: app\nversion: v3\nmetadata:\n  name: jira-mcp\nspec:\n  uri: mcp+https://10.0.0.5:8443/mcp\n");
                if (jwt != null)
                    File.WriteAllText(Path.Combine(dir, "aac.yaml"), "kind: app_auth_config\nversion: v1\nmetadata: {name: okta}\nspec:\n  app_labels: [{name: env, values: [prod]}]\n  jwt: " + jwt + "\n");
                string audit = Path.Combine(dir, "audit.log");
                File.WriteAllText(audit, Audit.AppAuthConfigVerifyEventTests.Verify(false, error, eventConfig) + "\n");
                var (result, _) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.AuditPath = new[] { audit }; o.Users = null; o.Apps = null; o.Checks = new[] { DiagnosisCheck.Audit }; });
                var item = Assert.Single(result.Findings, f => f.Area == DiagnosisArea.Log);
                foreach (var text in contains) Assert.Contains(text, item.Detail, StringComparison.Ordinal);
                foreach (var text in absent) Assert.DoesNotContain(text, item.Detail, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // -Tool given and every item refused (-Tool ' ': Tools is empty): no tool is decided, so no user and app counts as
        // examined (Test-TeleportMcpRole's NoToolLeft rule); the role lint still runs. Before: users x apps were counted and
        // "and 0 tool(s)" listed as examined.
        [Fact]
        public void NoToolLeftDecidesNothingAndCountsNothing()
        {
            const string decisions = "Teleport's MCP decisions for ";
            var (some, _) = Run(o => { o.Checks = new[] { DiagnosisCheck.Role }; o.Tools = new[] { "echo" }; });
            var (none, _) = Run(o => { o.Checks = new[] { DiagnosisCheck.Role }; o.Tools = new List<string>(); });
            Assert.Contains(some.Context.Inputs, i => i.StartsWith(decisions + "2 user(s) on 1 MCP server(s) and 1 tool(s)", StringComparison.Ordinal));
            Assert.DoesNotContain(none.Context.Inputs, i => i.StartsWith(decisions, StringComparison.Ordinal));
            Assert.Contains(none.Context.Inputs, i => i.StartsWith("role lint of ", StringComparison.Ordinal));
            Assert.Equal(some.Context.ExaminedCount - 2, none.Context.ExaminedCount);
            Assert.Contains(none.Context.Skipped, s => s.StartsWith("role decisions: no tool was decided", StringComparison.Ordinal));
        }

        [Fact]
        public void FailOnDecidesWhatFailsAndNothingExaminedNeverPasses()
        {
            var (fail, _) = Run();
            var (warn, _) = Run(o => o.FailOn = DiagnosisStatus.Warn);
            Assert.True(warn.Failing.Count > fail.Failing.Count);
            Assert.All(fail.Failing, f => Assert.Equal(DiagnosisStatus.Fail, f.Status));
            Assert.False(fail.Passed);

            var (nothing, _) = Run(o => { o.ClusterPath = null; o.LogPath = null; o.Users = null; o.Apps = null; });
            Assert.Empty(nothing.Findings);
            Assert.False(nothing.Passed);
            Assert.Equal(GateOutcome.NothingExamined, nothing.Gate.Outcome);
            Assert.Equal(0, nothing.Context.ExaminedCount);
        }

        [Fact]
        public void ACorruptGzIsALogReadErrorAndTheDiagnosisGoesOn()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var corrupt = Path.Combine(dir, "app-service.log.2.gz");
                File.WriteAllBytes(corrupt, new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }.Concat(Enumerable.Repeat((byte)0xff, 64)).ToArray());
                var (result, errors) = Run(o => o.LogPath = new[] { corrupt }.Concat(o.LogPath).ToList());
                var error = Assert.Single(errors);
                Assert.IsType<TeleportReadException>(error);
                Assert.Equal("LogReadError", error.Code);
                Assert.Equal(corrupt, error.Target);
                Assert.Contains("unknown user mcp-runner", result.Findings[0].Title, StringComparison.Ordinal);
                // What the corrupt file holds was not examined: the gate says so before the findings.
                Assert.Equal(GateOutcome.InputUnreadable, result.Gate.Outcome);
                Assert.Equal(new[] { corrupt + " (LogReadError)" }, result.Gate.About);
                // Session 47 (review 329): the gate error's target is the bare file; the label above is its message's.
                Assert.Equal(new object[] { corrupt }, result.Gate.Targets);
                var answer = DiagnosisGate.Answer(result.Gate, result.Findings, failOn: true, quiet: false);
                Assert.Equal(corrupt, answer.Error!.TargetObject);
                Assert.Contains(corrupt + " (LogReadError)", answer.Error.Message, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void AUserOrAppThatIsNotThereIsAnErrorNamingWhatAndWhere()
        {
            var (result, errors) = Run(o => { o.Users = new[] { "alice", "nobody" }; o.Apps = new[] { "everything", "nothing" }; });
            Assert.Equal(new[] { "UserNotFound", "AppNotFound" }, errors.Select(e => e.Code));
            Assert.All(errors, e => Assert.IsType<TeleportNotFoundException>(e));
            Assert.Contains("\"nobody\" was not found in", errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("4 files (" + Path.Combine(Examples, "cluster"), errors[0].Message, StringComparison.Ordinal);
            Assert.Equal("nobody", errors[0].Target);
            Assert.NotNull(errors[0].RecommendedAction);
            Assert.Contains(result.Findings, f => f.User == "alice");
            // What was asked for and not found is listed as not examined, and the gate does not pass.
            Assert.Equal(new[] { "user nobody", "app nothing" }, result.Context.Unmatched);
            Assert.Equal(GateOutcome.RequestUnmatched, result.Gate.Outcome);
            Assert.False(result.Passed);
        }

        // -User and -App take wildcards by the one rule (NameSelection): what a pattern selects is diagnosed; a pattern
        // that selects nothing is the same error as a name, names what and where, and the gate cannot pass.
        [Theory]
        [InlineData("a*", "ev*", "", "")]
        [InlineData("alice", "ev*;every*", "", "")]
        [InlineData("z*", "everything", "UserNotFound:z*", "user z*")]
        [InlineData("alice", "x*", "AppNotFound:x*", "app x*")]
        [InlineData("ALICE", "everything", "UserNotFound:ALICE", "user ALICE")]
        [InlineData("a*[", "everything", "", "user a*[")]
        public void UsersAndAppsTakeWildcardsByTheOneRule(string users, string apps, string errorsExpected, string unmatched)
        {
            var (result, errors) = Run(o => { o.Users = users.Split(';'); o.Apps = apps.Split(';'); o.PatternOf = n => PowerShellNames.Pattern(n); });
            Assert.Equal(errorsExpected, string.Join(";", errors.Select(e => e.Code + ":" + e.Target)));
            Assert.Equal(unmatched, string.Join(";", result.Context.Unmatched));
            if (unmatched.Length > 0)
            {
                Assert.Equal(GateOutcome.RequestUnmatched, result.Gate.Outcome);
                Assert.False(result.Passed);
            }
            else Assert.Contains(result.Findings, f => f.User == "alice");
            Assert.All(errors, e => Assert.Contains(" was not found in 4 files (" + Path.Combine(Examples, "cluster"), e.Message, StringComparison.Ordinal));
        }

        [Fact]
        public void WithoutAWildcardReaderEveryNameIsPlain()
        {
            var (result, errors) = Run(o => { o.Users = new[] { "a*" }; });
            Assert.Equal("UserNotFound", Assert.Single(errors).Code);
            Assert.Equal(new[] { "user a*" }, result.Context.Unmatched);
        }

        /// <summary>
        /// Only checks that ran on something count as examined (the product rule: a verdict is never green when nothing
        /// was checked): reading resources is not a check, a log or audit file without a line examined nothing, and a
        /// web app named with -App has nothing to check. (given, the gate, what is listed as not examined or unmatched)
        /// </summary>
        public static TheoryData<string, GateOutcome, string> ExaminedRows() => new TheoryData<string, GateOutcome, string>
        {
            { "log:empty.log", GateOutcome.NothingExamined, "log file {dir}/empty.log - no line in it" },
            { "audit:empty.log", GateOutcome.NothingExamined, "audit log {dir}/empty.log - no line in it" },
            { "log:empty.log;log:one.log", GateOutcome.Passed, "log file {dir}/empty.log - no line in it" },
            // Lines with nothing in them (line breaks, CRLFs, spaces and tabs, NUL padding a crash leaves) examined nothing,
            // as an empty file (session 48, helper-340: before, "\n\n" passed -Quiet as a log examined).
            { "log:blank.log", GateOutcome.NothingExamined, "log file {dir}/blank.log - no text in its 3 line(s)" },
            { "log:spaces.log", GateOutcome.NothingExamined, "log file {dir}/spaces.log - no text in its 2 line(s)" },
            { "log:nulpad.log", GateOutcome.NothingExamined, "log file {dir}/nulpad.log - no text in its 2 line(s)" },
            // Lines of byte order marks (U+FEFF mid-file), zero-width spaces, control characters (SUB 0x1A) or ANSI colour
            // codes only hold nothing to read either (session 48, reviewer-346: before, each passed -Quiet as examined). (At most 3
            // control characters: LogFileReader.RefuseBinary refuses a short file of 4 or more as not a text log.)
            // Sources: char.IsControl, UnicodeCategory.Format (U+FEFF, U+200B); ECMA-48 5.4 (CSI), 8.3.89 (OSC, ended by ST/BEL).
            { "log:bom.log", GateOutcome.NothingExamined, "log file {dir}/bom.log - no text in its 3 line(s)" },
            { "log:zwsp.log", GateOutcome.NothingExamined, "log file {dir}/zwsp.log - no text in its 2 line(s)" },
            { "log:ctrlz.log", GateOutcome.NothingExamined, "log file {dir}/ctrlz.log - no text in its 2 line(s)" },
            { "log:ansi.log", GateOutcome.NothingExamined, "log file {dir}/ansi.log - no text in its 3 line(s)" },
            { "log:osc.log", GateOutcome.NothingExamined, "log file {dir}/osc.log - no text in its 2 line(s)" },
            // Guards: one real character beside them is text (the file is examined; the empty file beside it is what is listed).
            { "log:ansitext.log;log:empty.log", GateOutcome.Passed, "log file {dir}/empty.log - no line in it" },
            { "log:bomtext.log;log:empty.log", GateOutcome.Passed, "log file {dir}/empty.log - no line in it" },
            { "log:osctext.log;log:empty.log", GateOutcome.Passed, "log file {dir}/empty.log - no line in it" },
            // A file counted as empty that had lines says so (reviewer-346: not "no log line was read" when 3 were).
            { "log:blank.log;check:Log", GateOutcome.RequestUnmatched, "-Check Log (no log line with text was read)" },
            { "log:bom.log;check:Log", GateOutcome.RequestUnmatched, "-Check Log (no log line with text was read)" },
            { "log:blank.log;log:one.log", GateOutcome.Passed, "log file {dir}/blank.log - no text in its 3 line(s)" },
            { "audit:blank.log", GateOutcome.NothingExamined, "audit log {dir}/blank.log - no MCP audit event (mcp.session.* or app_auth_config.verify.*) in 3 line(s)" },
            // Users alone: reading them is no check; the headline says so instead of "No problem found".
            { "cluster:{examples}/cluster/users.yaml", GateOutcome.NothingExamined, "role decisions: they need roles, users and MCP apps from -ClusterPath" },
            // Only a web app: nothing is an MCP server.
            { "cluster:web.yaml", GateOutcome.NothingExamined, "MCP server definitions: no MCP app in the cluster export or teleport.yaml" },
            // Roles alone: the role lint ran on them.
            { "cluster:{examples}/cluster/roles.yaml", GateOutcome.Passed, "role decisions: they need roles, users and MCP apps from -ClusterPath" },
            // A web app named with -App (api/types/app.go IsAppMCP: no mcp+ scheme): the request found no MCP server.
            { "cluster:web.yaml;app:wiki", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)" },
            // Its heartbeat too (the copy a name chooses) beside an MCP app that is examined: the web app is still not a pass.
            { "cluster:web.yaml;cluster:webbeat.yaml;cluster:{examples}/cluster/app_servers.yaml;app:wiki;app:everything", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)" },
            // A second name for the same web app is as unmatched as the first, though the first already selected it.
            { "cluster:web.yaml;app:w*;app:wiki", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)" },
            // The role check alone on a named web app: there are no MCP tools to decide on.
            { "cluster:web.yaml;cluster:{examples}/cluster;app:wiki;check:Role", GateOutcome.RequestUnmatched, "-Check Role (there are no roles, users and MCP apps to decide on)" },
            // -Check Client with -SkipClient: the chosen check did not run (the cmdlet refuses the pair first, CheckRefusal).
            { "cluster:{examples}/cluster;check:Client", GateOutcome.RequestUnmatched, "-Check Client (-SkipClient skipped it)" },
            { "log:empty.log;check:Log", GateOutcome.RequestUnmatched, "-Check Log (no log line was read)" },
            { "audit:empty.log;check:Audit", GateOutcome.RequestUnmatched, "-Check Audit (no MCP audit event was read)" },
            // Audit lines that are not MCP events examine nothing: other events, or text that is no event (also MalformedAuditEvent).
            { "audit:ssh.log", GateOutcome.NothingExamined, "audit log {dir}/ssh.log - no MCP audit event (mcp.session.* or app_auth_config.verify.*) in 1 line(s)" },
            { "audit:one.log;check:Audit", GateOutcome.RequestUnmatched, "-Check Audit (no MCP audit event was read)" },
            // One MCP event read beside a line that is no event: examined, but not all of the input was read.
            { "audit:half.log", GateOutcome.InputUnreadable, "audit log {dir}/half.log - 1 line(s) not audit events (MalformedAuditEvent)" },
            // A client file without a Teleport entry checked nothing Teleport's clients run (Test-TeleportMcpClient's rule).
            { "client:other.json", GateOutcome.NothingExamined, "MCP client configurations: 1 file(s) read hold no entry that runs tsh mcp connect" },
            { "client:other.json;check:Client", GateOutcome.RequestUnmatched, "-Check Client (no Teleport entry in the MCP client configurations read)" },
        };

        // An audit log whose only failure is an app.session.target.dial.denied event (no MCP event): its known error
        // (TMCP-LOG-156) is evidence read from it, so the file was examined and the gate is the finding, not NothingExamined.
        [Fact]
        public void AnAuditFileWithADialDeniedEventIsExamined()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-dial-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var file = Path.Combine(dir, "audit.log");
                File.WriteAllText(file, "{\"app_name\":\"search\",\"blocked_ip\":\"10.0.0.5\",\"blocked_prefix\":\"10.0.0.0/8\",\"code\":\"T2015E\",\"event\":\"app.session.target.dial.denied\"," +
                                     "\"policy\":\"denied_hosts\",\"resolved_ips\":[\"10.0.0.5\"],\"target_host\":\"10.0.0.5\",\"target_port\":\"8080\",\"time\":\"2026-11-30T10:00:00Z\",\"user\":\"alice\"}\n");
                var errors = new List<TeleportInputException>();
                var result = DiagnosisRunner.Run(new DiagnosisOptions { SkipClient = true, Error = errors.Add, AuditPath = new[] { file } }, CancellationToken.None);
                Assert.Equal(GateOutcome.Findings, result.Gate.Outcome);
                Assert.Contains(result.Findings, f => f.Check == "TMCP-LOG-156" && f.Status == DiagnosisStatus.Fail);
                Assert.DoesNotContain(result.Context.Skipped, s => s.Contains("no MCP audit event", StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // A file whose read fails (a corrupt second gzip member) gets no fileDone: its findings do not make the next file examined.
        [Fact]
        public void TheFindingsOfAFileThatFailedAreNotTheNextFilesEvidence()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-dialfail-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string line = "{\"app_name\":\"search\",\"blocked_ip\":\"10.0.0.5\",\"code\":\"T2015E\",\"event\":\"app.session.target.dial.denied\",\"policy\":\"allowed_hosts\"," +
                              "\"target_host\":\"10.0.0.5\",\"target_port\":\"8080\",\"time\":\"2026-11-30T10:00:00Z\",\"user\":\"alice\"}\n";
                var ms = new MemoryStream();
                using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Optimal, true))
                {
                    var b = System.Text.Encoding.UTF8.GetBytes(line);
                    gz.Write(b, 0, b.Length);
                }
                var a = Path.Combine(dir, "a.log.gz");
                File.WriteAllBytes(a, ms.ToArray().Concat(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }).ToArray());
                var next = Path.Combine(dir, "b.log");
                File.WriteAllText(next, "{\"code\":\"T1000I\",\"event\":\"user.login\",\"time\":\"2026-11-30T11:00:00Z\",\"user\":\"bob\",\"success\":true}\n");
                var errors = new List<TeleportInputException>();
                var result = DiagnosisRunner.Run(new DiagnosisOptions { SkipClient = true, Error = errors.Add, LiteralAuditPath = new[] { a, next } }, CancellationToken.None);
                Assert.Contains(result.Context.Skipped, s => s.Contains("b.log", StringComparison.Ordinal) && s.Contains("no MCP audit event", StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Theory]
        [MemberData(nameof(ExaminedRows))]
        public void OnlyChecksThatRanOnSomethingCountAsExamined(string given, GateOutcome gate, string listed)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-examined-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "empty.log"), "");
                File.WriteAllText(Path.Combine(dir, "one.log"), "2025-09-30T10:00:00Z INFO nothing to see\n");
                File.WriteAllText(Path.Combine(dir, "blank.log"), "\n\r\n\n");
                File.WriteAllText(Path.Combine(dir, "spaces.log"), "   \t \n \n");
                File.WriteAllText(Path.Combine(dir, "nulpad.log"), "\n" + new string('\0', 4096) + "\n");
                File.WriteAllText(Path.Combine(dir, "bom.log"), "\uFEFF\n\uFEFF\uFEFF\n\uFEFF\n");
                File.WriteAllText(Path.Combine(dir, "zwsp.log"), "\u200B\n\u200B\u200E \u2060\n");
                File.WriteAllText(Path.Combine(dir, "ctrlz.log"), "\u001a\u001a\n\u001a\n");
                File.WriteAllText(Path.Combine(dir, "ansi.log"), "\u001b[0m\n\u001b[32m\u001b[0m\n\u001b[1;38;5;208m \u001b[K\u001b[?25h\n");
                File.WriteAllText(Path.Combine(dir, "osc.log"), "\u001b]0;teleport\u0007\n\u001b]8;;https://x\u001b\\\u001b]8;;\u001b\\\n");
                File.WriteAllText(Path.Combine(dir, "ansitext.log"), "\u001b[0m\u001b[32mx\u001b[0m\n");
                File.WriteAllText(Path.Combine(dir, "bomtext.log"), "\uFEFF\n\u200B\u00e9\n");
                File.WriteAllText(Path.Combine(dir, "osctext.log"), "\u001b]8;;https://x\u001b\\a\u001b]8;;\u001b\\\n");
                File.WriteAllText(Path.Combine(dir, "ssh.log"), "{\"code\":\"T2000I\",\"event\":\"session.start\",\"time\":\"2025-09-30T10:00:00Z\",\"user\":\"alice\"}\n");
                File.WriteAllText(Path.Combine(dir, "half.log"), "{\"code\":\"TMCP001I\",\"event\":\"mcp.session.start\",\"time\":\"2025-09-30T10:00:00Z\",\"user\":\"alice\",\"success\":true}\n{\"event\":\"mcp.session.request\",}\n");
                File.WriteAllText(Path.Combine(dir, "web.yaml"), "version: v3\nteleport: {nodename: h}\napp_service:\n  enabled: true\n  apps:\n  - name: wiki\n    uri: http://127.0.0.1:8081\n");
                File.WriteAllText(Path.Combine(dir, "webbeat.yaml"), "kind: app_server\nversion: v3\nmetadata: {name: wiki}\nspec:\n  hostname: h\n  app:\n    kind: app\n    version: v3\n" +
                    "    metadata: {name: wiki, labels: {teleport.dev/origin: config-file}}\n    spec: {uri: 'http://127.0.0.1:8081', public_addr: wiki.example.com}\n");
                File.WriteAllText(Path.Combine(dir, "other.json"), "{\"mcpServers\":{\"fs\":{\"command\":\"npx\",\"args\":[\"-y\",\"server-filesystem\"]}}}");
                string Full(string v) => Path.IsPathRooted(v.Replace("{examples}", Examples)) ? v.Replace("{examples}", Examples) : Path.Combine(dir, v);
                var errors = new List<TeleportInputException>();
                var options = new DiagnosisOptions { SkipClient = true, Error = errors.Add, PatternOf = n => PowerShellNames.Pattern(n) };
                foreach (var part in given.Split(';'))
                {
                    var kv = part.Split(new[] { ':' }, 2);
                    switch (kv[0])
                    {
                        case "log": options.LogPath = (options.LogPath ?? new List<string>()).Append(Full(kv[1])).ToList(); break;
                        case "audit": options.AuditPath = new[] { Full(kv[1]) }; break;
                        case "cluster": options.ClusterPath = (options.ClusterPath ?? new List<string>()).Append(Full(kv[1])).ToList(); break;
                        case "app": options.Apps = (options.Apps ?? new List<string>()).Append(kv[1]).ToList(); break;
                        case "client":
                            options.SkipClient = false;
                            options.ClientConfigPath = new[] { Full(kv[1]) };
                            options.ConfigureClientChecks = c => c.SkipSession = true;
                            break;
                        case "check": options.Checks = new[] { Enum.Parse<DiagnosisCheck>(kv[1]) }; break;
                    }
                }
                var result = DiagnosisRunner.Run(options, CancellationToken.None);
                Assert.Equal(gate, result.Gate.Outcome);
                string expected = listed.Replace("{dir}", dir);
                Assert.Contains(expected, gate == GateOutcome.RequestUnmatched ? result.Context.Unmatched : gate == GateOutcome.InputUnreadable ? result.Context.Unread : result.Context.Skipped);
                var summary = DiagnosisReport.SummaryLine(result.Findings, result.Context);
                if (gate != GateOutcome.Passed) Assert.DoesNotContain("No problem found", summary, StringComparison.Ordinal);
                if (gate == GateOutcome.NothingExamined)
                {
                    Assert.Equal(0, result.Context.ExaminedCount);
                    Assert.StartsWith(result.Context.Inputs.Count > 0 ? "Not a pass: no check examined anything in what was read (" : "Not a pass: nothing was examined (", summary, StringComparison.Ordinal);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// The app checks on App Service hosts (-HostName, -Session) by this computer's rule (AppTestOutcome.Examined, as
        /// Test-TeleportMcpApp's remote path, AppOnHosts): a web app named with -App whose checks were all Skipped on every
        /// host is no MCP server and examined nothing; only hosts where a check that is not Skipped ran count; an app a host
        /// reached sent no check of was not examined there, so the gate cannot pass. The resources are a tctl export (no
        /// App Service teleport.yaml), so only the hosts' checks can examine anything.
        /// (given, the hosts' checks, the gate, the line listed, where, the examined count)
        /// </summary>
        public static TheoryData<string, string, GateOutcome, string, string, int> RemoteExaminedRows() => new TheoryData<string, string, GateOutcome, string, string, int>
        {
            // The MCP app passes on the host that checked it.
            { "", "a:files=Pass", GateOutcome.Passed, "1 MCP server definition(s), checked on 1 of 1 App Service host(s) over PowerShell remoting (a) (not launched: add -Launch to probe them)", "inputs", 1 },
            { "", "a:files=Pass|b:files=Pass", GateOutcome.Passed, "1 MCP server definition(s), checked on 2 of 2 App Service host(s) over PowerShell remoting (a, b) (not launched: add -Launch to probe them)", "inputs", 2 },
            // A web app named with -App, checked only remotely: not an MCP server, nothing examined, on one host or two.
            { "app:wiki", "a:wiki=Skipped", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)", "unmatched", 0 },
            { "app:wiki", "a:wiki=Skipped|b:wiki=Skipped", GateOutcome.RequestUnmatched, "app wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check", "skipped", 0 },
            { "app:wiki", "a:wiki=Skipped|b!", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)", "unmatched", 0 },
            { "app:wiki;check:App", "a:wiki=Skipped", GateOutcome.RequestUnmatched, "-Check App (no app selected is an MCP server)", "unmatched", 0 },
            // Beside an examined MCP app, the web app -App named is still unmatched; the MCP app counts.
            { "app:files;app:wiki", "a:files=Pass,wiki=Skipped", GateOutcome.RequestUnmatched, "MCP app wiki (wiki - not an MCP server, nothing to check)", "unmatched", 1 },
            { "app:files;app:wiki", "a:files=Pass,wiki=Skipped", GateOutcome.RequestUnmatched, "1 MCP server definition(s), checked on 1 of 1 App Service host(s) over PowerShell remoting (a) (not launched: add -Launch to probe them)", "inputs", 1 },
            // A host reached that sent no check of an app (its error said why) did not examine it: the gate cannot pass.
            { "", "a:files=Pass|b:", GateOutcome.InputUnreadable, "app files on host b (no check of it came back)", "unread", 1 },
            // The host's own verdict (left to this gate by FleetRun) is named where it says why.
            { "", "a:files=Pass|b:~app \"files\" not found.", GateOutcome.InputUnreadable, "app files on host b (no check of it came back: app \"files\" not found)", "unread", 1 },
            { "", "a:files=Pass|b:", GateOutcome.InputUnreadable, "1 MCP server definition(s), checked on 1 of 2 App Service host(s) over PowerShell remoting (a, b) (not launched: add -Launch to probe them)", "inputs", 1 },
            { "", "a:", GateOutcome.NothingExamined, "MCP server definitions: no App Service host examined an app (0 of 1 hosts serve everything; host a checked no app)", "skipped", 0 },
            // A host that examined nothing is no check that ran, even beside one that did.
            { "app:files;app:wiki", "a:files=Pass,wiki=Skipped|b:wiki=Skipped", GateOutcome.RequestUnmatched, "app files on host b (no check of it came back)", "unread", 1 },
            // A host asked for that could not run the checks (unreachable, no module there) examined none of the apps it may
            // serve: the other hosts' pass is not the whole answer, as Test-TeleportMcpApp's -Quiet (HostCheckRun.Serves).
            { "", "a:files=Pass|b!", GateOutcome.InputUnreadable, "host b (could not be checked)", "unread", 1 },
            { "", "a:files=Pass|b?", GateOutcome.InputUnreadable, "host b (no TeleportMcp module there)", "unread", 1 },
            { "", "a:files=Pass|b!", GateOutcome.InputUnreadable, "1 MCP server definition(s), checked on 1 of 2 App Service host(s) over PowerShell remoting (a, b) (not launched: add -Launch to probe them)", "inputs", 1 },
            // No host could run the checks: nothing was examined; -Check App asked for a check that examined nothing.
            { "", "a!", GateOutcome.NothingExamined, "MCP server definitions: no App Service host could run the host checks (host a could not be checked: refused)", "skipped", 0 },
            { "check:App", "a!", GateOutcome.RequestUnmatched, "-Check App (no App Service host examined an app)", "unmatched", 0 },
        };

        [Theory]
        [MemberData(nameof(RemoteExaminedRows))]
        public void AppChecksOnHostsCountOnlyWhatTheyExamined(string given, string hosts, GateOutcome gate, string listed, string where, int examined)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-remote-examined-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var export = Path.Combine(dir, "apps.yaml");
                File.WriteAllText(export, "kind: app\nversion: v3\nmetadata: {name: wiki}\nspec: {uri: \"http://127.0.0.1:8081\"}\n---\n" +
                                          "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: \"mcp+stdio://\", mcp: {command: /bin/true, run_as_host_user: mcp}}\n");
                var errors = new List<TeleportInputException>();
                IList<App> sent = null;
                var options = new DiagnosisOptions
                {
                    ClusterPath = new[] { export }, SkipClient = true, Error = errors.Add, PatternOf = n => PowerShellNames.Pattern(n),
                    CheckAppsElsewhere = apps => HostResults.ForDiagnosis(TeleportMcp.Tests.Probe.AppTestInputsTests.Hosts(hosts), sent = apps, Array.Empty<IInputObject>(), launched: false),
                };
                foreach (var part in given.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var kv = part.Split(new[] { ':' }, 2);
                    if (kv[0] == "app") options.Apps = (options.Apps ?? new List<string>()).Append(kv[1]).ToList();
                    else options.Checks = new[] { Enum.Parse<DiagnosisCheck>(kv[1]) };
                }
                var result = DiagnosisRunner.Run(options, CancellationToken.None);
                // Without -App only the MCP app is sent; -App sends what it names, web apps included.
                Assert.Equal(options.Apps ?? new[] { "files" }, sent.Select(a => a.Name).OrderBy(n => n == "wiki"));
                Assert.Equal(gate, result.Gate.Outcome);
                Assert.Equal(examined, result.Context.ExaminedCount);
                var list = where switch
                {
                    "inputs" => result.Context.Inputs,
                    "skipped" => result.Context.Skipped,
                    "unread" => result.Context.Unread,
                    _ => result.Context.Unmatched,
                };
                Assert.Contains(listed, list);
                // Web apps alone are said once, each with why, not again as a line about the hosts.
                if (sent.All(a => a.Name == "wiki")) Assert.DoesNotContain(result.Context.Skipped, s => s.StartsWith("MCP server definitions:", StringComparison.Ordinal));
                var summary = DiagnosisReport.SummaryLine(result.Findings, result.Context);
                if (gate != GateOutcome.Passed) Assert.DoesNotContain("No problem found", summary, StringComparison.Ordinal);
                // The -Quiet answer agrees: only a pass is $true.
                Assert.Equal(gate == GateOutcome.Passed, result.Gate.Passed);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// Session 48 (helper-335; review 329 point 5 made the gate's targets the bare inputs, labels in the message): a host
        /// the checks did not run on, or a host reached that sent no check of an app, is the gate error's target by the name
        /// the admin gave it (HostCheckRun.Host, as Test-TeleportMcpApp's HostUnreachable target), once each, in order.
        /// Before: these entries named no input, so the target was the labels ("host b (could not be checked)") or left them out.
        /// (the hosts' checks, the targets)
        /// </summary>
        public static TheoryData<string, object[]> UnreachedHostTargetRows() => new TheoryData<string, object[]>
        {
            // Unreachable (FleetSummary.Unreachable) and no module there (HostCheckStatus.ModuleMissing).
            { "a:files=Pass|b!", new object[] { "b" } },
            { "a:files=Pass|b?", new object[] { "b" } },
            // The name as given to -HostName, user and port included: what -HostName takes again.
            { "a:files=Pass|u@b.example:2222!", new object[] { "u@b.example:2222" } },
            { "a:files=Pass|b!|c?", new object[] { "b", "c" } },
            // Reached, but no check of the app came back (AppOnHosts.NotCheckedOn).
            { "a:files=Pass|b:", new object[] { "b" } },
            { "a:files=Pass|b:~app \"files\" not found.|c!", new object[] { "b", "c" } },
        };

        [Theory]
        [MemberData(nameof(UnreachedHostTargetRows))]
        public void HostsNotCheckedAreTheGateTargetsByTheirBareName(string hosts, object[] targets)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-remote-targets-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var export = Path.Combine(dir, "apps.yaml");
                File.WriteAllText(export, "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: \"mcp+stdio://\", mcp: {command: /bin/true, run_as_host_user: mcp}}\n");
                var options = new DiagnosisOptions
                {
                    ClusterPath = new[] { export }, SkipClient = true, Error = _ => { }, PatternOf = n => PowerShellNames.Pattern(n),
                    CheckAppsElsewhere = apps => HostResults.ForDiagnosis(TeleportMcp.Tests.Probe.AppTestInputsTests.Hosts(hosts), apps, Array.Empty<IInputObject>(), launched: false),
                };
                var result = DiagnosisRunner.Run(options, CancellationToken.None);
                Assert.Equal(GateOutcome.InputUnreadable, result.Gate.Outcome);
                Assert.Equal(targets, result.Gate.Targets);
                var answer = DiagnosisGate.Answer(result.Gate, result.Findings, failOn: true, quiet: false);
                Assert.Equal(targets.Length == 1 ? targets[0] : targets.Cast<string>().ToArray(), answer.Error!.TargetObject);
                // The labels stay in the message.
                foreach (var label in result.Context.Unread) Assert.Contains(label, answer.Error.Message, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Theory]
        // (-Check, -SkipClient, refused): the pair that asks for the client checks and skips them is refused before anything runs.
        [InlineData("Client", true, true)]
        [InlineData("Role;Client", true, true)]
        [InlineData("Role", true, false)]
        [InlineData("Client", false, false)]
        [InlineData("", true, false)]
        public void CheckClientWithSkipClientIsRefused(string checks, bool skipClient, bool refused)
        {
            var chosen = checks.Length == 0 ? null : checks.Split(';').Select(Enum.Parse<DiagnosisCheck>).ToArray();
            var e = DiagnosisOptions.CheckRefusal(chosen, skipClient);
            Assert.Equal(refused, e != null);
            if (e != null) Assert.Equal("ConflictingCheckParameters", e.Code);
        }

        [Fact]
        public void APathThatMatchesNothingIsNamedAndTheGateDoesNotPass()
        {
            var missing = Path.Combine(Examples, "no-such-logs");
            var (result, errors) = Run(o => o.LogPath = new[] { missing });
            Assert.Equal("PathNotFound", Assert.Single(errors).Code);
            Assert.Equal(new[] { "-LogPath " + missing }, result.Context.Unmatched);
            Assert.Contains(result.Context.Skipped, s => s.StartsWith("logs: -LogPath named no log file", StringComparison.Ordinal));
            Assert.Equal(GateOutcome.RequestUnmatched, result.Gate.Outcome);
        }

        [Fact]
        public void AnEmptyFolderIsItsRulesErrorOnceIsNamedAndTheGateDoesNotPass()
        {
            var empty = Path.Combine(Path.GetTempPath(), "tmcp-empty-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(empty);
            try
            {
                var (result, errors) = Run(o => { o.ClusterPath = new[] { empty }; o.LogPath = null; o.Users = new[] { "alice" }; o.Apps = null; });
                // The folder's own error (the cluster rule's id, the rule's text, the path as given), then the user not found there.
                var folder = Assert.Single(errors, e => e.Code == "NoResourceFiles");
                Assert.IsType<TeleportNotFoundException>(folder);
                Assert.Equal(ClusterInput.Folders.NoneIn(empty), folder.Message);
                Assert.Equal(empty, folder.Target);
                var user = Assert.Single(errors, e => e.Code == "UserNotFound");
                Assert.Contains("-ClusterPath " + empty + ", which gave no resource file", user.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("no input", user.Message, StringComparison.Ordinal);
                Assert.Equal(2, errors.Count);
                Assert.Contains("-ClusterPath " + empty, result.Context.Unmatched);
                Assert.Equal(GateOutcome.RequestUnmatched, result.Gate.Outcome);

                // Each kind of input by its own rule: an empty -LogPath folder is NoLogFiles, an empty -AuditPath folder NoAuditFiles.
                (_, errors) = Run(o => { o.LogPath = new[] { empty }; o.AuditPath = new[] { empty }; });
                Assert.Equal(new[] { "NoLogFiles", "NoAuditFiles" }, errors.Select(e => e.Code));
            }
            finally
            {
                Directory.Delete(empty, true);
            }
        }

        [Fact]
        public void AResolverFromTheHostExpandsEachPathOnItsOwn()
        {
            var asked = new List<(string, bool, bool)>();
            var (result, _) = Run(o =>
            {
                var cluster = o.ClusterPath[0];
                o.ClusterPath = new[] { "cluster*", "other*" };
                o.LiteralClusterPath = new[] { "roles[1].yaml" };
                o.LiteralLogPath = new[] { "app[1].log" };
                o.LogPath = null;
                o.ResolveFiles = (parameter, path, literal, folders) =>
                {
                    asked.Add((path, literal, folders.ReadsSubfolders));
                    return path == "cluster*" ? Directory.GetFiles(cluster).Where(folders.Includes).ToList() : new List<string>();
                };
            });
            // The one recursion rule of cluster input (every level), the same for logs and audit logs; each literal path as written.
            Assert.Equal(new[] { ("cluster*", false, true), ("other*", false, true), ("roles[1].yaml", true, true), ("app[1].log", true, true) }, asked);
            Assert.True(ClusterInput.Folders.ReadsSubfolders);
            Assert.Equal(new[] { "-ClusterPath other*", "-LiteralClusterPath roles[1].yaml", "-LiteralLogPath app[1].log" }, result.Context.Unmatched);
            Assert.Contains(result.Findings, f => f.User == "alice");
        }

        [Fact]
        public void FoldersOfTheClusterAreReadAtEveryLevel()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-nested-" + Guid.NewGuid().ToString("N"));
            var nested = Path.Combine(dir, "roles", "mcp");
            Directory.CreateDirectory(nested);
            try
            {
                foreach (var f in Directory.GetFiles(Path.Combine(Examples, "cluster"), "*.yaml")) File.Copy(f, Path.Combine(nested, Path.GetFileName(f)));
                var (result, _) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; });
                Assert.Contains(result.Findings, f => f.User == "alice");
                Assert.Empty(result.Context.Unmatched);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void AHealthyClusterPassesAndFailOnWarnCountsWarnings()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "all.yaml"), string.Join("\n",
                    "kind: role", "version: v8", "metadata: {name: mcp-all}", "spec:", "  allow:", "    app_labels: {env: dev}", "    mcp: {tools: ['*']}", "---",
                    "kind: role", "version: v8", "metadata: {name: no-env}", "spec:", "  deny:", "    mcp: {tools: [printEnv]}", "---",
                    "kind: user", "version: v2", "metadata: {name: dana}", "spec: {roles: [mcp-all, no-env]}", "---",
                    "kind: app", "version: v3", "metadata: {name: local, labels: {env: dev}}", "spec: {uri: 'mcp+http://127.0.0.1:9/mcp'}"));
                var (healthy, errors) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = null; });
                Assert.Empty(errors);
                Assert.Equal(GateOutcome.Passed, healthy.Gate.Outcome);
                Assert.True(healthy.Passed);
                Assert.Equal(4, healthy.Context.ExaminedCount);
                var (strict, _) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = null; o.FailOn = DiagnosisStatus.Warn; });
                Assert.Equal(GateOutcome.Findings, strict.Gate.Outcome);
                Assert.NotEmpty(strict.Failing);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void AFileThatDoesNotReadBesideAHealthyOneIsNotAPass()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "all.yaml"), CleanCluster.Yaml("mcp-all", new[] { "dana" }, "no-env"));
                // The deny role dana holds, with its flow list closed by the wrong bracket.
                var broken = Path.Combine(dir, "deny.yaml");
                File.WriteAllText(broken, "kind: role\nversion: v8\nmetadata: {name: no-env}\nspec:\n  deny:\n    mcp: {tools: [printEnv}\n");
                var (result, errors) = Run(o => { o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = null; });
                Assert.Equal("YamlParseError", Assert.Single(errors).Code);
                Assert.Equal(GateOutcome.InputUnreadable, result.Gate.Outcome);
                Assert.False(result.Passed);
                Assert.Equal(broken + ":6:27 (YamlParseError)", Assert.Single(result.Gate.About));
                Assert.Equal(result.Gate.About, result.Context.Unread);
                Assert.Equal(new object[] { broken }, result.Gate.Targets);
                // The rest was examined: the healthy file's role, user and app.
                Assert.Equal(3, result.Context.ExaminedCount);
                var answer = DiagnosisGate.Answer(result.Gate, result.Findings, failOn: true, quiet: false);
                Assert.Equal(DiagnosisGate.InputUnreadableCode, answer.Error!.Code);
                Assert.True(answer.Terminates);
                Assert.False(DiagnosisGate.Answer(result.Gate, result.Findings, failOn: true, quiet: true).Terminates);
                Assert.StartsWith("Not a pass: 1 input(s) could not be read", DiagnosisReport.SummaryLine(result.Findings, result.Context), StringComparison.Ordinal);
                Assert.Contains("- not read: ", DiagnosisReport.ToMarkdown(result.Findings, result.Context), StringComparison.Ordinal);
                Assert.Contains("<li>not read: ", DiagnosisReport.ToHtml(result.Findings, result.Context), StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void UsersArePreparedInOrderWithTheirOwnWarningsAndStory()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                // Three users, each naming a role of its own that was not exported (and 'dev', which was); the role
                // of the second interpolates its traits, so each story shows that user's own preparation.
                var users = new List<string>();
                for (int i = 0; i < 3; i++)
                    users.Add(string.Join("\n", "---", "kind: user", "version: v2", "metadata: {name: u" + i + "}",
                        "spec: {roles: [dev, gone-" + i + "], traits: {mcp_tools: [t" + i + "]}}"));
                File.WriteAllText(Path.Combine(dir, "all.yaml"), string.Join("\n",
                    "kind: role", "version: v8", "metadata: {name: dev}", "spec:", "  allow:", "    app_labels: {env: dev}", "    mcp: {tools: ['{{internal.mcp_tools}}']}",
                    string.Join("\n", users), "---",
                    "kind: app", "version: v3", "metadata: {name: local, labels: {env: dev}}", "spec: {uri: 'mcp+http://127.0.0.1:9/mcp'}"));
                var warnings = new List<string>();
                var verbose = new List<string>();
                var debug = new List<string>();
                var (result, errors) = Run(o =>
                {
                    o.ClusterPath = new[] { dir }; o.LogPath = null; o.Users = null; o.Apps = null;
                    o.Warning = warnings.Add; o.Verbose = verbose.Add; o.Debug = debug.Add; o.TraceVerbose = true; o.TraceDebug = true;
                });
                // The roles not exported are input the decisions need (lib/services/role.go FetchRoleList): not a pass.
                Assert.Equal(GateOutcome.RequestUnmatched, result.Gate.Outcome);
                Assert.Equal(new[] { 0, 1, 2 }.Select(i => "role gone-" + i + " that user u" + i + " names (not in the cluster export)"), result.Context.Unmatched);
                Assert.All(result.Findings.Where(f => f.Check == "RoleIndeterminate"), f => Assert.Contains("is not in the input", f.Detail, StringComparison.Ordinal));
                Assert.Empty(errors);
                Assert.Equal(new[] { 0, 1, 2 }.Select(i => "user u" + i + " names role gone-" + i + ", which is not in the cluster export; Teleport decides with every role of a user, so each decision no role given denies is Indeterminate."),
                    warnings.Where(w => w.Contains("names role", StringComparison.Ordinal)));
                Assert.Equal(new[] { 0, 1, 2 }.Select(i => "user u" + i + " - roles dev; not in the input, so only a deny of the roles given decides: gone-" + i),
                    verbose.Where(v => v.StartsWith("user u", StringComparison.Ordinal)));
                Assert.Equal(new[] { 0, 1, 2 }.Select(i => "role dev allow.mcp.tools for u" + i + " - \"{{internal.mcp_tools}}\" -> \"t" + i + "\""),
                    debug.Where(d => d.StartsWith("role dev allow.mcp.tools for", StringComparison.Ordinal)));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// A client configuration that does not parse, or is valid JSON of the wrong shape: the diagnosis writes the error
        /// Test-TeleportMcpClient writes (same id, position and line text), lists the file as not examined, and cannot pass;
        /// a good file beside it is still checked.
        /// </summary>
        [Theory]
        [InlineData("{\"mcpServers\": {\"x\": ", 1, 22, "invalid JSON: unexpected end of input")]
        [InlineData("[1, 2]", 1, 1, "the file must hold a JSON object, found a list")]
        [InlineData("{\n  \"mcpServers\": [1, 2]\n}", 2, 17, "mcpServers must be an object of server name to server, found a list")]
        public void ABrokenClientConfigIsTheClientCheckErrorAndNeverAPass(string text, int line, int column, string message)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var broken = Path.Combine(dir, "broken.json");
                var good = Path.Combine(dir, "good.json");
                File.WriteAllText(broken, text);
                File.WriteAllText(good, "{\"mcpServers\": {\"teleport-mcp-files\": {\"command\": \"tsh mcp connect files\"}}}");

                // What Test-TeleportMcpClient writes for the file.
                var expected = new List<TeleportInputException>();
                Engine.Clients.ClientChecker.Run(new Engine.Clients.ClientCheckOptions { Paths = new[] { broken }, SkipSession = true, ParseError = expected.Add });
                var want = Assert.Single(expected);
                Assert.Equal("ClientConfigParseError", want.Code);
                Assert.StartsWith(message, want.Detail, StringComparison.Ordinal);

                foreach (var failOn in new[] { DiagnosisStatus.Fail, DiagnosisStatus.Warn })
                {
                    var (alone, errors) = Run(o =>
                    {
                        o.ClusterPath = null; o.LogPath = null; o.Users = null; o.Apps = null; o.SkipClient = false; o.FailOn = failOn;
                        o.ClientConfigPath = new[] { broken };
                        o.ConfigureClientChecks = c => c.SkipSession = true;
                    });
                    var e = Assert.Single(errors);
                    Assert.Equal(want.Code, e.Code);
                    Assert.Equal(want.Message, e.Message);
                    Assert.Equal(want.Target, e.Target);
                    Assert.Equal(broken, e.Location.Path);
                    Assert.Equal((line, column), (e.Location.Line, e.Location.Column));
                    Assert.Equal(want.Location.Line, e.Location.Line);
                    Assert.Equal(want.Location.Column, e.Location.Column);
                    Assert.Equal(want.LineText, e.LineText);
                    Assert.NotNull(e.LineText);
                    // Read but not checked: never a client that was examined, so the gate answers "nothing examined".
                    Assert.Equal(0, alone.Context.ExaminedCount);
                    Assert.Equal(new[] { "MCP client configuration " + broken + " (ClientConfigParseError)" }, alone.Context.Unread);
                    Assert.Contains("not read: MCP client configuration " + broken + " (ClientConfigParseError)", alone.Gate.About);
                    Assert.Contains(alone.Findings, f => f.Check == "ClientConfigParse" && f.Status == DiagnosisStatus.Fail);
                    Assert.False(alone.Passed);
                    Assert.Equal(GateOutcome.NothingExamined, alone.Gate.Outcome);
                }

                // Beside a good file: the error for the broken one, the good one's entry checked, and still no pass.
                var (both, bothErrors) = Run(o =>
                {
                    o.ClusterPath = null; o.LogPath = null; o.Users = null; o.Apps = null; o.SkipClient = false;
                    o.ClientConfigPath = new[] { broken, good };
                    o.ConfigureClientChecks = c => c.SkipSession = true;
                });
                Assert.Equal(broken, Assert.Single(bothErrors).Location.Path);
                Assert.Equal(1, both.Context.ExaminedCount);
                Assert.Contains(both.Findings, f => f.Check == "ClientCommandLine" && f.App == "files");
                Assert.False(both.Passed);
                // The input question before the findings, as for a refused value.
                Assert.Equal(GateOutcome.InputUnreadable, both.Gate.Outcome);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// The client check of an entry uses the cluster's serving map: an app that exists but that no App Service serves is
        /// "no MCP servers found" for tsh mcp connect (lib/client/mcp.go getAppLocked), so the entry fails, as the serving
        /// map's own finding does; a served app passes.
        /// </summary>
        [Theory]
        [InlineData("env: prod", "Fail", "no App Service agent serves it")]
        [InlineData("env: dev", "Pass", null)]
        public void AClientEntryForAnAppNoAppServiceServesFails(string selector, string expected, string words)
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(dir, "h1"));
            try
            {
                File.WriteAllText(Path.Combine(dir, "h1", "teleport.yaml"), "version: v3\nteleport:\n  nodename: h1\napp_service:\n  enabled: true\n  resources:\n  - labels:\n      " + selector + "\n");
                File.WriteAllText(Path.Combine(dir, "apps.yaml"), "kind: app\nversion: v3\nmetadata:\n  name: files\n  labels:\n    env: dev\nspec:\n  uri: mcp+http://127.0.0.1:9/mcp\n");
                var client = Path.Combine(dir, "mcp.json");
                File.WriteAllText(client, "{\"mcpServers\": {\"files\": {\"command\": \"tsh\", \"args\": [\"mcp\", \"connect\", \"files\"]}}}");
                var (result, _) = Run(o =>
                {
                    o.ClusterPath = new[] { Path.Combine(dir, "h1"), Path.Combine(dir, "apps.yaml") }; o.LogPath = null; o.Users = null; o.Apps = null; o.SkipClient = false;
                    o.ClientConfigPath = new[] { client };
                    o.ConfigureClientChecks = c => c.SkipSession = true;
                });
                Assert.Contains(result.Findings, f => f.App == "files" && f.Check == "ClientEntryName"); // the entry was checked
                var app = result.Findings.Where(f => f.Check == "ClientApp" && f.App == "files").ToList();
                if (expected == "Pass") Assert.Empty(app); // a passing client check is no finding
                else
                {
                    var f = Assert.Single(app);
                    Assert.Equal(DiagnosisStatus.Fail, f.Status);
                    Assert.Contains(words, f.Detail, StringComparison.Ordinal);
                    Assert.Contains("no MCP servers found", f.CorrelationTokens);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// The diagnosis runs the client checks with -UseEntryEnvironment's policy: an entry's TELEPORT_HOME reaches tsh only
        /// with it (tool/tsh/common/tsh.go Run loads $TELEPORT_HOME/config/config.yaml and runs its aliases); without it the
        /// session is not read and the diagnosis says so (Info), never silently.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnEntrysTeleportHomeReachesTshOnlyWithUseEntryEnvironment(bool useEntryEnvironment)
        {
            var runner = Clients.FakeRunner.Active();
            var (result, _) = Run(o =>
            {
                o.ClusterPath = null; o.LogPath = null; o.Users = null; o.Apps = null; o.SkipClient = false;
                o.UseEntryEnvironment = useEntryEnvironment;
                o.ConfigureClientChecks = c =>
                {
                    c.Environment = Platform.FakeEnv.Linux().File("/home/alice/src/api/.mcp.json",
                        "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"TELEPORT_HOME\":\"/home/alice/src/api/.tshhome\"}}}}").File("/usr/bin/tsh");
                    c.ProjectDirectory = "/home/alice/src/api";
                    c.Runner = runner;
                    c.Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture); // before the fixture's valid_until
                };
            });
            var session = result.Findings.Where(f => f.Check == "ClientSession").ToList();
            if (useEntryEnvironment)
            {
                Assert.Contains(runner.Calls, c => c.Args == "status --format=json" && c.Home == "/home/alice/src/api/.tshhome");
                Assert.Empty(session); // an active session is no finding
            }
            else
            {
                Assert.Empty(runner.Calls);
                var f = Assert.Single(session);
                Assert.Equal(DiagnosisStatus.Info, f.Status);
                Assert.Contains("TELEPORT_HOME=/home/alice/src/api/.tshhome", f.Detail, StringComparison.Ordinal);
                Assert.StartsWith("If you trust the file, run the check again with -UseEntryEnvironment", f.Fix, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void ACancelledRunStopsWhilePreparingUsers()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-runner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "all.yaml"), CleanCluster.Yaml("dev", new[] { "u0" }, "gone"));
                using (var cts = new CancellationTokenSource())
                {
                    var options = new DiagnosisOptions { ClusterPath = new[] { dir }, SkipClient = true };
                    // The stop comes with the first user's warning, on the caller's thread: the role decisions never start.
                    options.Warning = w => { if (w.Contains("names role gone", StringComparison.Ordinal)) cts.Cancel(); };
                    Assert.ThrowsAny<OperationCanceledException>(() => DiagnosisRunner.Run(options, cts.Token));
                    Assert.True(cts.IsCancellationRequested);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void AuditEventsJoinTheLogsInOneTimelinePerFailedConnection()
        {
            var (result, errors) = Run(o => { o.AuditPath = new[] { Path.Combine(Examples, "audit") }; o.Users = new[] { "bob" }; });
            Assert.Empty(errors);
            Assert.Contains(result.Context.Inputs, i => i.StartsWith("1 audit log file(s)", StringComparison.Ordinal));
            // The denied tool call in the audit log is evidence of bob's deny rule, not a finding of its own.
            Assert.Contains(result.Findings, f => f.User == "bob" && f.Check == "ToolsDenied" && f.Evidence.Any(e => e.Contains("events-2025-09-30.log", StringComparison.Ordinal)));
            Assert.NotEmpty(result.Context.Incidents);
            Assert.All(result.Context.Incidents, i => Assert.Equal("everything", i.App));
            Assert.Contains(result.Context.Incidents, i => i.User == "bob" && i.Sides.Contains(IncidentBuilder.SideOf("audit")) && i.Sides.Count() > 1);
            Assert.Contains("## Incidents", result.Report("report.md"), StringComparison.Ordinal);
        }

        [Fact]
        public void LogLinesAboutOtherAppsAreLeftOutWhenAppsAreNamed()
        {
            var (named, _) = Run();
            Assert.DoesNotContain(named.Findings, f => f.App == "git" || f.App == "jira" || f.App == "payroll" || f.App == "grafana");
            var (all, _) = Run(o => o.Apps = null);
            Assert.Contains(all.Findings, f => f.Area == DiagnosisArea.Log && f.App != null && f.App != "everything");
        }

        [Fact]
        public void VerboseSaysWhatWasReadAndWhatWasNotExamined()
        {
            var verbose = new List<string>();
            var debug = new List<string>();
            Run(o => { o.Verbose = verbose.Add; o.Debug = debug.Add; o.TraceVerbose = true; });
            Assert.Contains(verbose, v => v.StartsWith("Read 4 cluster file(s): ", StringComparison.Ordinal) && v.Contains(" role(s) (", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("alice on everything - ", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("Examined: ", StringComparison.Ordinal) && v.Contains("log file(s)", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("Not examined: MCP client configurations", StringComparison.Ordinal));
            Assert.Contains(debug, d => d.StartsWith("cluster file: ", StringComparison.Ordinal));
        }

        [Fact]
        public void AppChecksRunElsewhereFeedTheirFindingsAndToolsIntoTheRun()
        {
            IList<App> given = null;
            var (result, _) = Run(o =>
            {
                o.LogPath = null;
                o.Users = new[] { "alice" };
                o.CheckAppsElsewhere = apps =>
                {
                    given = apps;
                    var remote = new RemoteAppChecks { Examined = 2, Summary = "2 App Service host(s): 1 MCP server definition(s) checked" };
                    remote.Tools["everything"] = new[] { "echo" };
                    remote.Findings.Add(new TeleportMcp.Diagnosis { Area = DiagnosisArea.App, Status = DiagnosisStatus.Fail, Check = "HostCheck", App = "everything", Title = "on host-b: command not found" });
                    return remote;
                };
            });
            Assert.Equal(new[] { "everything" }, given.Select(a => a.Name));
            Assert.Contains(result.Findings, f => f.Check == "HostCheck");
            Assert.Contains("2 App Service host(s): 1 MCP server definition(s) checked", result.Context.Inputs);
            // The tools listed on the hosts are decided for the user, as a local probe's would be.
            Assert.Contains(result.Findings, f => f.User == "alice" && f.Title.Contains("echo", StringComparison.Ordinal));

            var (none, _) = Run(o => { o.LogPath = null; o.CheckAppsElsewhere = apps => new RemoteAppChecks { Summary = "no App Service host could run the host checks" }; });
            Assert.Contains(none.Context.Skipped, s => s == "MCP server definitions: no App Service host could run the host checks");
        }

        [Fact]
        public void TheClusterInputKeepsEveryResourceForTheServingMap()
        {
            var cluster = new TeleportMcp.Engine.Resources.ClusterInput();
            cluster.ReadFiles(new[] { Path.Combine(Examples, "teleport.yaml") });
            Assert.Contains(cluster.All, r => r is AppServiceAgent);
            Assert.Equal(cluster.Count, cluster.All.Count(r => !(r is AppServiceAgent)));
        }

        [Fact]
        public void CancellationEndsTheRun()
        {
            using (var cts = new CancellationTokenSource())
            {
                var options = new DiagnosisOptions { ClusterPath = new[] { Path.Combine(Examples, "cluster") }, SkipClient = true };
                options.Progress = (status, _) => { if (status.StartsWith("Replaying", StringComparison.Ordinal)) cts.Cancel(); };
                Assert.ThrowsAny<OperationCanceledException>(() => DiagnosisRunner.Run(options, cts.Token));
            }
        }

        [Theory]
        [InlineData("report.html", "<!DOCTYPE html>")]
        [InlineData("report.HTM", "<!DOCTYPE html>")]
        [InlineData("report.md", "# Teleport MCP access diagnosis")]
        [InlineData("report.txt", "# Teleport MCP access diagnosis")]
        public void TheReportFollowsTheFileExtension(string file, string start)
        {
            var (result, _) = Run();
            Assert.StartsWith(start, result.Report(file), StringComparison.Ordinal);
        }

        [Fact]
        public void CheckRunsOnlyTheChosenChecksAndAChosenCheckWithoutInputIsNotAPass()
        {
            var (roles, _) = Run(o => o.Checks = new[] { DiagnosisCheck.Role });
            Assert.NotEmpty(roles.Findings);
            Assert.All(roles.Findings, f => Assert.Equal(DiagnosisArea.Role, f.Area));
            Assert.Contains("logs: not selected by -Check", roles.Context.Skipped);
            Assert.Contains("MCP server definitions: not selected by -Check", roles.Context.Skipped);

            var (logs, _) = Run(o => { o.Checks = new[] { DiagnosisCheck.Log }; o.LogPath = null; });
            Assert.Contains("-Check Log (there is no -LogPath to read)", logs.Context.Unmatched);
            Assert.Equal(GateOutcome.RequestUnmatched, DiagnosisGate.Decide(logs.Findings, logs.Context, DiagnosisStatus.Fail).Outcome);

            // Without -Check every check runs, and a missing -LogPath is only "not examined".
            var (all, _) = Run(o => o.LogPath = null);
            Assert.DoesNotContain(all.Context.Unmatched, u => u.StartsWith("-Check", StringComparison.Ordinal));
        }

        [Fact]
        public void ProgressNamesEachAppAndIsCalledOnTheCallersThread()
        {
            var seen = new List<(string Status, int Percent, int Thread)>();
            Run(o => o.Progress = (s, p) => seen.Add((s, p, Environment.CurrentManagedThreadId)));
            Assert.Contains(seen, x => x.Status == "Checking MCP server 1 of 1: everything");
            Assert.All(seen, x => Assert.Equal(Environment.CurrentManagedThreadId, x.Thread));
            Assert.Equal(seen.Select(x => x.Percent).OrderBy(p => p), seen.Select(x => x.Percent));
        }
    }
}
