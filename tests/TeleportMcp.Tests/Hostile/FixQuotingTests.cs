using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Clients;
using TeleportMcp.Tests.Platform;
using TeleportMcp.Tests.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>
    /// A fix an admin may paste into a shell: values from a log line, an app definition, a user or a config file are
    /// written as one quoted word of the shell the command is for (ShellWord), so "npx; rm -rf ~" or "x $(id)" can
    /// never become a second command; ordinary values read as before.
    /// </summary>
    public class FixQuotingTests
    {
        private static readonly Dictionary<string, string> HostileValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["command"] = "npx; rm -rf ~",
            ["host_user"] = "x $(id)",
            ["app"] = "a'b;id",
            ["user"] = "u $(id)",
            ["tool"] = "t;id",
            ["field"] = "command",
            ["header"] = "X-A",
        };

        private static readonly Dictionary<string, string> OrdinaryValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["command"] = "/usr/local/bin/npx",
            ["host_user"] = "mcp-runner",
            ["app"] = "everything",
            ["user"] = "alice",
            ["tool"] = "search_files",
            ["field"] = "command",
            ["header"] = "X-Api-Key",
            ["exit"] = "1",
        };

        private static string LogFix(string id) => KnownErrorCatalog.Embedded.Entries.Single(e => e.Id == id).Fix;

        private static string AuditFix(string id) => AuditFindings.Entries.Single(e => e.Id == id).Fix;

        private static string Filled(string template, Dictionary<string, string> values) =>
            LogScanner.Fill(template, values.ToDictionary(kv => kv.Key, kv => (string)kv.Value, StringComparer.OrdinalIgnoreCase));

        /// <summary>Every known-error entry whose fix holds a command with a value from the record: the hostile values come out quoted.</summary>
        [Theory]
        // sh: commands on the App Service host.
        [InlineData("TMCP-LOG-001", "sudo -u 'x $(id)' 'npx; rm -rf ~'; fix what it prints")]
        [InlineData("TMCP-LOG-002", "(sudo useradd --system --no-create-home 'x $(id)') or point the app at an existing one: tctl edit app/'a''b;id' and set")]
        [InlineData("TMCP-LOG-003", "find it with `command -v 'npx; rm -rf ~'` on the App Service host, then tctl edit app/'a''b;id' and set")]
        [InlineData("TMCP-LOG-157", "as the app's host user: sudo -u 'x $(id)' 'npx; rm -rf ~', and set log.severity: DEBUG")]
        [InlineData("TMCP-LOG-004", "check the app with `tctl get app/'a'\\''b;id'` (an MCP app")]
        [InlineData("TMCP-LOG-009", "(ps -ef | grep 'npx; rm -rf ~').")]
        [InlineData("TMCP-LOG-042", "(`command -v 'npx; rm -rf ~'` in a shell shows it)")]
        [InlineData("TMCP-LOG-141", "run `ls -l 'npx; rm -rf ~'` and `head -1 'npx; rm -rf ~'` (for a binary, `ldd 'npx; rm -rf ~'`)")]
        [InlineData("TMCP-LOG-141", "(tctl edit app/'a''b;id').")]
        [InlineData("TMCP-LOG-158", "run `ls -l 'npx; rm -rf ~'`, `namei -l 'npx; rm -rf ~'` (mode and owner of every folder on the way) and `findmnt -T 'npx; rm -rf ~'`")]
        // PowerShell: tsh, tctl and the module's cmdlets.
        [InlineData("TMCP-LOG-005", "app_labels: tctl get app/'a''b;id'; tctl get roles;")]
        [InlineData("TMCP-LOG-007", "tctl edit app/'a''b;id' and set spec.mcp.command (")]
        [InlineData("TMCP-LOG-008", "tctl edit app/'a''b;id' and fix spec.uri")]
        [InlineData("TMCP-LOG-020", "(tctl get app/'a''b;id'; tctl get roles)")]
        [InlineData("TMCP-LOG-022", "Run `tsh login --proxy=<proxy> --user='u $(id)'` in a terminal")]
        [InlineData("TMCP-LOG-123", "Run `tsh login --proxy=<proxy> --user='u $(id)'` in a terminal")]
        [InlineData("TMCP-LOG-027", "or tctl users update 'u $(id)' --set-mcp-tools=<tool names>")]
        [InlineData("TMCP-LOG-028", "grant t;id with tctl users update 'u $(id)' --set-mcp-tools='t;id' or")]
        [InlineData("TMCP-LOG-029", "grant the tool with tctl users update 'u $(id)' --set-mcp-tools=<tool>")]
        [InlineData("TMCP-LOG-030", "app_labels (tctl get app/'a''b;id'; tctl get roles)")]
        [InlineData("TMCP-LOG-040", "run `tsh mcp config 'a''b;id' --client-config=claude` again")]
        [InlineData("TMCP-LOG-041", "re-run `tsh mcp config 'a''b;id' --client-config=claude`.")]
        [InlineData("TMCP-LOG-043", "run `tsh mcp connect 'a''b;id'` and")]
        [InlineData("TMCP-LOG-047", "run `tsh mcp connect 'a''b;id'`.")]
        [InlineData("TMCP-LOG-051", "run `tsh mcp connect 'a''b;id'`.")]
        [InlineData("TMCP-LOG-100", "Test-TeleportMcpApp -Path <app.yaml> -Name 'a''b;id' -Launch (it sends")]
        [InlineData("TMCP-LOG-120", "Run `tsh mcp login 'a''b;id'` in a terminal")]
        [InlineData("TMCP-LOG-121", "check with Test-TeleportMcpApp -Launch -User 'u $(id)'. For an OAuth server, run `tsh mcp login 'a''b;id'` (not")]
        [InlineData("TMCP-LOG-126", "run Test-TeleportMcpApp -Path <app.yaml> -Name 'a''b;id' -Launch.")]
        [InlineData("TMCP-LOG-147", "(Test-TeleportMcpApp -Path <app.yaml> -Name 'a''b;id' -Launch on that host)")]
        [InlineData("TMCP-LOG-140", "spec.mcp.run_as_host_user (tctl edit app/'a''b;id') to the user")]
        [InlineData("TMCP-LOG-158", "(tctl edit app/'a''b;id'). Test-TeleportMcpApp -Path <teleport.yaml or app.yaml> -Name 'a''b;id' run on that host")]
        [InlineData("TMCP-LOG-145", "Run Test-TeleportMcpApp -Path <app.yaml> -Name 'a''b;id' -Launch on the App Service host")]
        public void A_log_fix_quotes_the_record_values_in_its_commands(string id, string expected) =>
            Assert.Contains(expected, Filled(LogFix(id), HostileValues), StringComparison.Ordinal);

        [Theory]
        [InlineData("TMCP-AUDIT-001", "Get-TeleportMcpAuditEvent <audit log> -User 'u $(id)' -Tool 't;id' -FailedOnly |")]
        [InlineData("TMCP-AUDIT-011", "-User 'u $(id)' -App 'a''b;id' -Tool 't;id' decides the call as Error")]
        [InlineData("TMCP-AUDIT-012", "-User 'u $(id)' -App 'a''b;id' -Tool 't;id' shows what the roles decide")]
        [InlineData("TMCP-AUDIT-013", "-User 'u $(id)' -App 'a''b;id' -Tool 't;id'.")]
        [InlineData("TMCP-AUDIT-003", "(tctl get app/'a''b;id'): use")]
        [InlineData("TMCP-AUDIT-004", "(tctl get app/'a''b;id') and the upstream token; for OAuth servers run tsh mcp login 'a''b;id'.")]
        [InlineData("TMCP-AUDIT-008", "through tsh mcp connect 'a''b;id' (or tsh mcp config 'a''b;id');")]
        public void An_audit_fix_quotes_the_event_values_in_its_commands(string id, string expected) =>
            Assert.Contains(expected, Filled(AuditFix(id), HostileValues), StringComparison.Ordinal);

        [Fact]
        public void A_denied_call_in_an_audit_log_gives_the_quoted_replay_command()
        {
            var f = AuditFindings.ToFinding(new AuditEvent { Code = "TMCP003E", Outcome = AuditOutcome.Denied, Method = "tools/call", User = "o'brien", App = "files", Tool = "x $(id)", Error = "access denied" });
            Assert.Equal("TMCP-AUDIT-001", f.Id);
            Assert.Contains("-User 'o''brien' -Tool 'x $(id)' -FailedOnly", f.Fix, StringComparison.Ordinal);
        }

        /// <summary>Get-TeleportMcpAuditEvent's -User and -Tool take wildcards: a name holding * ? [ ] is escaped so the replay selects only it.</summary>
        [Fact]
        public void A_replay_command_names_a_user_or_tool_with_wildcard_characters_literally()
        {
            var f = AuditFindings.ToFinding(new AuditEvent { Code = "TMCP003E", Outcome = AuditOutcome.Denied, Method = "tools/call", User = "ops*", App = "files", Tool = "read_[x]?", Error = "access denied" });
            Assert.Contains("-User 'ops`*' -Tool 'read_`[x`]`?' -FailedOnly", f.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void A_log_fix_names_an_app_for_Test_TeleportMcpApp_literally() =>
            Assert.Contains("Test-TeleportMcpApp -Path <app.yaml> -Name 'mcp`[1`]' -Launch", Filled(LogFix("TMCP-LOG-126"), new Dictionary<string, string> { ["app"] = "mcp[1]" }), StringComparison.Ordinal);

        /// <summary>Ordinary values: every fix of both catalogs reads as if the placeholders were plain {name}.</summary>
        [Fact]
        public void Ordinary_values_fill_every_fix_as_plain_text()
        {
            var templates = KnownErrorCatalog.Embedded.Entries.Select(e => e.Fix).Concat(AuditFindings.Entries.Select(e => e.Fix)).ToList();
            Assert.Contains(templates, t => t.Contains("{sh:", StringComparison.Ordinal));
            Assert.Contains(templates, t => t.Contains("{ps:", StringComparison.Ordinal));
            foreach (var t in templates)
            {
                string plain = Regex.Replace(t, @"(?<!\{)\{(?:sh|ps):([a-z_]+)\}", "{$1}");
                Assert.Equal(Filled(plain, OrdinaryValues), Filled(t, OrdinaryValues));
            }
        }

        /// <summary>
        /// A guard for new entries: no bare {name} sits in a command written in backticks or after the programs the fixes
        /// name, up to where the command ends (';', ',', ')', a quote, or prose: " and ", " as ", " on ").
        /// </summary>
        [Fact]
        public void No_fix_has_an_unmarked_placeholder_in_a_command()
        {
            var command = new Regex(@"`[^`]*`|(?:\b(?:tctl|tsh|sudo|useradd|grep|ldd|command -v|ls -l|head -1)|Test-TeleportMcpApp|Set-TeleportMcpTools|Get-TeleportMcpAuditEvent)\b(?:(?! and | as | on | or )[^;,()'`\n])*");
            var bare = new Regex(@"(?<!\{)\{[a-z_]+\}");
            var offending = new List<string>();
            foreach (var (id, fix) in KnownErrorCatalog.Embedded.Entries.Select(e => (e.Id, e.Fix)).Concat(AuditFindings.Entries.Select(e => (e.Id, e.Fix))))
                foreach (Match m in command.Matches(fix.Replace('\n', ' ')))
                    if (bare.IsMatch(m.Value)) offending.Add(id + ": " + m.Value);
            Assert.Empty(offending);
        }

        [Fact]
        public void A_control_character_in_a_value_never_reaches_the_fix_raw()
        {
            var values = new Dictionary<string, string>(HostileValues) { ["command"] = "id\nrm -rf ~", ["host_user"] = "\u001b]0;x\u0007", ["app"] = "a\rb", ["user"] = "u\u202Ex" };
            foreach (var t in KnownErrorCatalog.Embedded.Entries.Select(e => e.Fix).Concat(AuditFindings.Entries.Select(e => e.Fix)))
            {
                // Prose placeholders go through the output boundary's control-character escape; commands must not need it.
                string commandsOnly = Regex.Replace(t, @"(?<!\{)\{[a-z_]+\}", "");
                Assert.DoesNotContain(Filled(commandsOnly, values), c => c < 0x20 && c != '\n' || c == '\u202E');
            }
            Assert.Contains("sudo -u $'\\033]0;x\\007' $'id\\nrm -rf ~';", Filled(LogFix("TMCP-LOG-001"), values), StringComparison.Ordinal);
            Assert.Contains("--user=\"u$([char]0x202E)x\"", Filled(LogFix("TMCP-LOG-022"), values), StringComparison.Ordinal);
        }

        [Fact]
        public void A_placeholder_the_record_does_not_give_stays_a_placeholder_in_every_form() =>
            Assert.Equal("sudo -u <host_user> <command>; tctl edit app/<app> for <user>",
                LogScanner.Fill("sudo -u {sh:host_user} {sh:command}; tctl edit app/{ps:app} for {user}", new Dictionary<string, string>()));

        [Theory]
        [InlineData("{bash:command}", "unknown form 'bash:'")]
        [InlineData("{PS:app}", "unknown form 'PS:'")]
        public void An_admin_catalog_with_an_unknown_placeholder_form_is_refused(string placeholder, string message)
        {
            var errors = new List<TeleportInputException>();
            KnownErrorCatalog.FromText("entries:\n- id: ADMIN-1\n  severity: Error\n  title: t\n  prefilter: \"boom\"\n  match: 'boom'\n  cause: c\n  fix: 'run " + placeholder + "'\n", "admin.yaml", errors);
            Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        }

        [Fact]
        public void An_admin_catalog_may_use_the_placeholder_forms()
        {
            var errors = new List<TeleportInputException>();
            var c = KnownErrorCatalog.FromText("entries:\n- id: ADMIN-1\n  severity: Error\n  title: t\n  prefilter: \"boom\"\n  match: 'boom (?<command>\\S+)'\n  cause: c\n  fix: 'run {sh:command} as {ps:user} ({{internal.logins}}) for {psname:tool}'\n", "admin.yaml", errors);
            Assert.Empty(errors);
            var found = new List<Finding>();
            var scanner = new LogScanner(c, "pipeline", found.Add);
            scanner.FeedLine("boom $(id)");
            scanner.Flush();
            Assert.Equal("run '$(id)' as <user> ({{internal.logins}}) for <tool>", Assert.Single(found).Fix);
        }

        /// <summary>From a hostile log line to the finding: the value the line carries is quoted in the fix.</summary>
        [Theory]
        // lib/srv/mcp/stdio.go: the run_as_host_user lookup fails with Go's os/user "user: unknown user %s".
        [InlineData("2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user x$(id);reboot] app/connections_handler.go:315",
            "TMCP-LOG-002", "sudo useradd --system --no-create-home 'x$(id);reboot'")]
        // Go os/exec: exec: %q: executable file not found in $PATH.
        [InlineData("2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"npx; rm -rf ~\": executable file not found in $PATH] app/connections_handler.go:301",
            "TMCP-LOG-003", "`command -v 'npx; rm -rf ~'`")]
        [InlineData("2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"mcp-server\": executable file not found in $PATH] app/connections_handler.go:301",
            "TMCP-LOG-003", "`command -v mcp-server` on the App Service host")]
        public void A_hostile_log_line_gives_a_quoted_fix(string line, string id, string expected)
        {
            var found = new List<Finding>();
            var scanner = new LogScanner(KnownErrorCatalog.Embedded, "pipeline", found.Add);
            scanner.FeedLine(line);
            scanner.Flush();
            var f = Assert.Single(found, x => x.Id == id);
            Assert.Contains(expected, f.Fix, StringComparison.Ordinal);
        }

        // ---- fixes the engine builds ---------------------------------------------------------------------------------

        private static FakePlatform Host()
        {
            var p = new FakePlatform(windows: false)
                .User("mcp-runner", 1001, 1001)
                .Dir("/", 0x1ED).Dir("/opt", 0x1ED)
                .Dir("/opt/it's", 0x1C0 /*0700*/, owner: 0)
                .File("/opt/it's/server", 0x1ED)
                .Dir("/opt/x $(id)", 0x1ED)
                .File("/opt/x $(id)/server", 0x1C0 /*0700*/, owner: 0)
                .File("/opt/x $(id)/noexec", 0x1A4 /*0644*/)
                .File("/opt/mcp/script", 0x1ED, firstLine: "#!/opt/py;id/python")
                .File("/opt/py;id/python", 0x1C0, owner: 0)
                .File("/usr/bin/node", 0x1ED)
                .Dir("/srv", 0x1ED).Dir("/srv/a b", 0x1C0, owner: 0).File("/srv/a b/conf.json", 0x1A4);
            p.Environment["PATH"] = "/usr/bin";
            return p;
        }

        private static AppCheck Check(string command, string check, string user = "mcp-runner", FakePlatform p = null, params string[] args)
        {
            var app = new App { Name = "srv", Uri = "mcp+stdio://", HasMcpSpec = true, Command = command, RunAsHostUser = user, Args = args.ToList() };
            app.Transport = McpTransportRules.FromUri(app.Uri, true);
            return StaticChecks.Run(app, new StaticCheckOptions { Platform = p ?? Host() }).Results.First(r => r.Check == check);
        }

        [Theory]
        [InlineData("/opt/it's/server", "Permission", "chmod o+x '/opt/it'\\''s', or move the program")]
        [InlineData("/opt/x $(id)/server", "Permission", "chmod o+rx '/opt/x $(id)/server' or make")]
        [InlineData("/opt/x $(id)/noexec", "CommandPath", "chmod +x '/opt/x $(id)/noexec'")]
        [InlineData("/opt/mcp/script", "Interpreter", "chmod o+x '/opt/py;id/python'")]
        [InlineData("/usr/bin/node", "HostPaths", "chmod o+x '/srv/a b', add mcp-runner to the group of /srv/a b")]
        public void A_host_check_fix_quotes_the_paths_for_sh(string command, string check, string fix)
        {
            var c = Check(command, check, args: command == "/usr/bin/node" ? new[] { "/srv/a b/conf.json" } : Array.Empty<string>());
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.StartsWith(fix, c.Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("ldap-user", "Check that getent passwd ldap-user answers promptly")]
        [InlineData("x $(id)", "Check that getent passwd 'x $(id)' answers promptly")]
        public void A_lookup_fix_quotes_the_host_user(string user, string fix)
        {
            var p = Host();
            p.LookupFailure = new HostHelperTimeoutException("getent passwd did not answer within 5 s");
            Assert.StartsWith(fix, Check("/usr/bin/node", "RunAsHostUser", user, p).Fix, StringComparison.Ordinal);
        }

        private const string AccessYaml = @"
kind: role
version: v8
metadata: {name: access}
spec:
  allow:
    app_labels: {'*': '*'}
    mcp: {tools: ['{{internal.mcp_tools}}']}
---
kind: user
version: v2
metadata: {name: ""o'brien x""}
spec:
  roles: [access]
  traits: {logins: [ob]}
---
kind: app
version: v3
metadata: {name: everything}
spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}
";

        [Fact]
        public void A_tool_grant_fix_quotes_the_user_and_the_tool_for_PowerShell()
        {
            var c = Cluster.FromYaml(AccessYaml);
            Assert.Empty(c.Problems);
            var engine = new McpAccessEngine(c.Roles);
            var d = engine.Decide(engine.ForApp(engine.Prepare(c.Users.Single()), c.Apps.Single()), "x $(id)");
            Assert.Equal(AccessDecision.NotGranted, d.Decision);
            Assert.Contains("set it with `tctl users update 'o''brien x' --set-mcp-tools <tools>`", d.Reason, StringComparison.Ordinal);
            var item = Assert.Single(DiagnosisRules.FromDecisions(new[] { d }));
            Assert.StartsWith("Set-TeleportMcpTools -User 'o''brien x' -Tools 'x $(id)' -Append -WhatIf", item.Fix, StringComparison.Ordinal);

            var ev = new AuditEvent { Code = "TMCP003E", Type = "mcp.session.request", Kind = AuditEventKind.Request, Outcome = AuditOutcome.Denied, User = "o'brien x", App = "everything", Method = "tools/call", Tool = "x $(id)" };
            var r = AuditReplayer.Replay(engine, ev, c.Users.Single(), c.Apps.Single());
            Assert.StartsWith("Set-TeleportMcpTools -User 'o''brien x' -Tools 'x $(id)' -Append -WhatIf", r.Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("alice", "(tctl edit user/alice, or")]
        [InlineData("o'brien x", "(tctl edit user/'o''brien x', or")]
        public void A_header_trait_fix_quotes_the_user_for_PowerShell(string user, string fix)
        {
            var app = new App { Name = "a", Uri = "mcp+http://10.0.0.5:8080/mcp", Rewrite = new AppRewrite() };
            app.Rewrite.Headers.Add(new RewriteHeader("X-A", "{{external.email}}"));
            var plan = HeaderPlan.Build(app, user, new Dictionary<string, List<string>>(), null);
            Assert.Contains(fix, Assert.Single(plan.Decisions).Fix, StringComparison.Ordinal);
        }

        // ---- client checks -------------------------------------------------------------------------------------------

        private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        private static IReadOnlyList<ClientCheck> Client(FakeEnv env, FakeRunner runner = null, Action<ClientCheckOptions> more = null)
        {
            var o = new ClientCheckOptions { Environment = env, Runner = runner ?? FakeRunner.Active(), Now = Now };
            more?.Invoke(o);
            return ClientChecker.Run(o);
        }

        [Theory]
        [InlineData("alice", "tsh login --proxy=teleport.example.com --user=alice   (")]
        [InlineData("x $(id)", "tsh login --proxy=teleport.example.com --user='x $(id)'   (")]
        public void A_session_fix_quotes_the_user_for_PowerShell(string user, string fix)
        {
            var env = FakeEnv.Linux().DataFile("/home/alice/src/api/.mcp.json", "project-mcp.json").File("/usr/bin/tsh");
            var runner = new FakeRunner
            {
                Answer = (f, a, h) => new ProcessResult { ExitCode = 1, Stdout = FakeRunner.Data("tsh-status-active.json").Replace("\"username\": \"alice\"", "\"username\": " + Engine.Json.JsonText.Quote(user)), Stderr = "ERROR: Active profile expired.\n" },
            };
            var s = Assert.Single(Client(env, runner, o => o.Now = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), x => x.Check == ClientChecks.Session);
            Assert.StartsWith(fix, s.Fix, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("/home/alice/src/api/.cursor/mcp.json", "files", "tsh mcp config --client-config=/home/alice/src/api/.cursor/mcp.json files")]
        [InlineData("/home/o'brien/src/my api/.cursor/mcp.json", "files", "tsh mcp config --client-config='/home/o''brien/src/my api/.cursor/mcp.json' files")]
        [InlineData("/home/alice/.claude.json", "a;id", "tsh mcp config --client-config=claude-code 'a;id'")]
        public void A_config_fix_quotes_the_path_and_the_app_for_PowerShell(string path, string app, string fix)
        {
            var servers = path.Contains(".vscode") ? "servers" : "mcpServers";
            var env = FakeEnv.Linux().File(path, "{\"" + servers + "\":{\"teleport-mcp-files\":{\"command\":\"/gone/tsh\",\"args\":[\"mcp\",\"connect\"," + Engine.Json.JsonText.Quote(app) + "]}}}");
            var cmd = Assert.Single(Client(env, more: o => { o.SkipSession = true; o.Paths = new[] { path }; }), x => x.Check == ClientChecks.Command);
            Assert.StartsWith(fix, cmd.Fix, StringComparison.Ordinal);
        }

        [Fact]
        public void A_chmod_fix_quotes_the_tsh_path_for_sh()
        {
            const string path = "/home/alice/.cursor/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/opt/my tsh/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}").File("/opt/my tsh/tsh");
            env.NotExecutable.Add("/opt/my tsh/tsh");
            var cmd = Assert.Single(Client(env, more: o => { o.SkipSession = true; o.Paths = new[] { path }; }), x => x.Check == ClientChecks.Command);
            Assert.Equal("chmod +x '/opt/my tsh/tsh'", cmd.Fix);
        }

        [Theory]
        [InlineData("/home/alice/.tsh-work", "Log in with that home: $env:TELEPORT_HOME = '/home/alice/.tsh-work'; tsh login --proxy=<proxy>")]
        [InlineData("/home/o'brien/.tsh", "Log in with that home: $env:TELEPORT_HOME = '/home/o''brien/.tsh'; tsh login --proxy=<proxy>")]
        public void A_teleport_home_fix_quotes_the_home_for_PowerShell(string home, string fix)
        {
            const string path = "/home/alice/.cursor/mcp.json";
            var env = FakeEnv.Linux().File(path, "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"/usr/bin/tsh\",\"args\":[\"mcp\",\"connect\",\"files\"],\"env\":{\"TELEPORT_HOME\":" + Engine.Json.JsonText.Quote(home) + "}}}}")
                .File("/usr/bin/tsh").Dir(home);
            var c = Assert.Single(Client(env, more: o => { o.SkipSession = true; o.Paths = new[] { path }; }), x => x.Check == ClientChecks.TeleportHome);
            Assert.Equal(fix, c.Fix);
        }
    }
}
