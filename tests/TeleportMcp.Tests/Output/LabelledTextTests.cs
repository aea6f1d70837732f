#nullable enable
using System.Linq;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>
    /// A name ending in a secret word is a label, not a key: texts about an app are built with OutputText.Labelled, so
    /// the key-value-secret rule (redaction.catalog.yaml) never takes the message's first word for the app's value, and
    /// the rule still masks a real "vault-token: VALUE".
    /// </summary>
    public class LabelledTextTests
    {
        [Theory]
        [InlineData("aws-secrets", "user: unknown user mcp-runner", "aws-secrets - user: unknown user mcp-runner")]
        [InlineData("vault-token", "user: unknown user nosuchuser", "vault-token - user: unknown user nosuchuser")]
        [InlineData("argsecret", "Pass McpApp: an MCP app", "argsecret - Pass McpApp: an MCP app")]
        [InlineData("api-key", "the live probe stopped at Initialize: timeout", "api-key - the live probe stopped at Initialize: timeout")]
        public void A_label_ending_in_a_secret_word_keeps_the_message(string label, string message, string expected) =>
            Assert.Equal(expected, OutputText.Safe(OutputText.Labelled(label, message)));

        [Theory]
        // key-value-secret: the rule is as strict as before in free text
        [InlineData("vault-token: s3cr3tvalue", "vault-token: <redacted>")]
        [InlineData("config says aws-secrets: hunter2 here", "config says aws-secrets: <redacted> here")]
        [InlineData("vault-token - s3cr3tvalue: nothing", "vault-token - s3cr3tvalue: nothing")]
        public void The_key_value_rule_still_redacts_free_text(string input, string expected) => Assert.Equal(expected, Redactor.Redact(input));

        [Fact]
        public void A_diagnosis_title_about_an_app_named_like_a_secret_keeps_its_message()
        {
            var app = new TeleportMcp.App { Name = "aws-secrets" };
            var check = new TeleportMcp.AppCheck("aws-secrets", "RunAsHostUser", TeleportMcp.CheckStatus.Fail, "user: unknown user mcp-runner");
            var d = System.Linq.Enumerable.Single(TeleportMcp.Engine.Diagnosis.DiagnosisRules.FromAppChecks(app, new[] { check }));
            OutputSanitizer.Sanitize(d);
            Assert.Equal("aws-secrets - user: unknown user mcp-runner", d.Title);
        }

        /// <summary>
        /// A check whose name ends in a secret word (HeaderSecret) labels its message as an app's name does: its evidence,
        /// the verbose line and the warning keep the message's first word ("Authorization:"), the credential stays masked.
        /// </summary>
        [Fact]
        public void A_check_named_like_a_secret_keeps_the_first_word_of_its_message()
        {
            var app = new TeleportMcp.App { Name = "notion" };
            var check = new TeleportMcp.AppCheck("notion", "HeaderSecret", TeleportMcp.CheckStatus.Warn, "Authorization: Bearer *** holds a credential in plain text");
            var d = System.Linq.Enumerable.Single(TeleportMcp.Engine.Diagnosis.DiagnosisRules.FromAppChecks(app, new[] { check }));
            OutputSanitizer.Sanitize(d);
            Assert.Equal("HeaderSecret - Authorization: Bearer *** holds a credential in plain text", Assert.Single(d.Evidence));
            Assert.Equal("Warn HeaderSecret - Authorization: Bearer *** holds a credential in plain text", OutputText.Safe(check.ToString()));
            Assert.Equal("HeaderSecret: <redacted> Bearer *** holds a credential in plain text", OutputText.Safe("HeaderSecret: Authorization: Bearer *** holds a credential in plain text"));
        }

        private static TeleportMcp.Diagnosis Finding(string app, TeleportMcp.AccessDecision decision, string reason, params string[] tools)
        {
            var decisions = tools.Select(t =>
            {
                var d = new TeleportMcp.ToolAccess { User = "alice", App = app, Tool = t, Decision = decision, Reason = reason };
                if (decision == TeleportMcp.AccessDecision.Denied) d.DeniedBy.Add(new TeleportMcp.RoleEntry { Role = "dev", Field = "deny.mcp.tools", Written = t, Effective = t });
                return d;
            }).ToList();
            var f = Assert.Single(TeleportMcp.Engine.Diagnosis.DiagnosisRules.FromDecisions(decisions));
            OutputSanitizer.Sanitize(f);
            return f;
        }

        // DiagnosisRules.FromDecisions: "<user> is not granted N tools on <app> - <list>", so an app name ending in a secret
        // word (key-value-secret of redaction.catalog.yaml) never takes the first tool for its value.
        [Theory]
        [InlineData("aws-secrets", TeleportMcp.AccessDecision.NotGranted, "alice is not granted 2 tools on aws-secrets - read_file, write_file")]
        [InlineData("argsecret", TeleportMcp.AccessDecision.NotGranted, "alice is not granted 2 tools on argsecret - read_file, write_file")]
        [InlineData("vault-token", TeleportMcp.AccessDecision.NotGranted, "alice is not granted 2 tools on vault-token - read_file, write_file")]
        [InlineData("aws-secrets", TeleportMcp.AccessDecision.Denied, "alice is denied 2 tools on aws-secrets - read_file, write_file")]
        [InlineData("db-password", TeleportMcp.AccessDecision.Denied, "alice is denied 2 tools on db-password - read_file, write_file")]
        [InlineData("files", TeleportMcp.AccessDecision.NotGranted, "alice is not granted 2 tools on files - read_file, write_file")]
        public void A_tool_list_on_an_app_named_like_a_secret_keeps_its_first_tool(string app, TeleportMcp.AccessDecision decision, string title) =>
            Assert.Equal(title, Finding(app, decision, "no allow entry matched", "read_file", "write_file").Title);

        [Theory]
        // vendor-api-key: a token among the tool names is still masked, the names around it stay
        [InlineData("aws-secrets", "alice is not granted 2 tools on aws-secrets - read_file, <redacted>")]
        [InlineData("files", "alice is not granted 2 tools on files - read_file, <redacted>")]
        public void A_real_secret_in_the_list_is_still_masked(string app, string title) =>
            Assert.Equal(title, Finding(app, TeleportMcp.AccessDecision.NotGranted, "no allow entry matched", "read_file", "ghp_abcdefghijklmnopqrstuvwxyz0123456789").Title);

        [Fact]
        public void Evidence_about_a_tool_named_like_a_secret_keeps_its_reason_and_masks_a_real_one()
        {
            var decisions = new[]
            {
                new TeleportMcp.ToolAccess { User = "alice", App = "files", Tool = "read_file", Decision = TeleportMcp.AccessDecision.NotGranted, Reason = "first reason" },
                new TeleportMcp.ToolAccess { User = "alice", App = "files", Tool = "get_token", Decision = TeleportMcp.AccessDecision.NotGranted, Reason = "other reason" },
                new TeleportMcp.ToolAccess { User = "alice", App = "files", Tool = "put", Decision = TeleportMcp.AccessDecision.NotGranted, Reason = "config vault-token: s3cr3tvalue" },
            };
            var f = Assert.Single(TeleportMcp.Engine.Diagnosis.DiagnosisRules.FromDecisions(decisions));
            OutputSanitizer.Sanitize(f);
            Assert.Equal(new[] { "get_token - other reason", "put - config vault-token: <redacted>" }, f.Evidence);
        }

        // The other texts built from a role, user, label key or role entry name: "name - text" too.
        [Theory]
        [InlineData("lint", "Role db-secret - allow.mcp.tools entry never matches")]
        [InlineData("dropped", "dev allow.mcp.tools \"get_token\" - trait api missing")]
        [InlineData("trace", "user svc-token - roles dev")]
        public void Texts_about_other_names_keep_their_message(string kind, string expected)
        {
            string text;
            switch (kind)
            {
                case "lint":
                    var lint = new TeleportMcp.RoleLintFinding { Id = "TMCP001", Severity = TeleportMcp.Severity.Error, Role = "db-secret", Message = "allow.mcp.tools entry never matches" };
                    text = Assert.Single(TeleportMcp.Engine.Diagnosis.DiagnosisRules.FromLint(new[] { lint })).Title ?? "";
                    break;
                case "dropped":
                    text = new TeleportMcp.DroppedEntry { Role = "dev", Field = "allow.mcp.tools", Entry = "get_token", Reason = "trait api missing" }.ToString();
                    break;
                default:
                    var c = TeleportMcp.Tests.Rbac.Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: dev}\nspec: {allow: {mcp: {tools: [a]}}}\n---\nkind: user\nversion: v2\nmetadata: {name: svc-token}\nspec: {roles: [dev]}\n");
                    var ua = new TeleportMcp.Engine.Rbac.McpAccessEngine(c.Roles).Prepare(c.Users.Single());
                    text = TeleportMcp.Engine.Rbac.AccessTrace.ForUser(ua)[0].Text;
                    break;
            }
            Assert.Equal(expected, OutputText.Safe(text));
        }
    }
}
