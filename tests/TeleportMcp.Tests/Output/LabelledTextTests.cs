#nullable enable
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
    }
}
