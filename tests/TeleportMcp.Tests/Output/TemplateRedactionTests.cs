#nullable enable
using System.Linq;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>
    /// A Teleport template ({{external.api_key}}; lib/utils/parse/parse.go reVariable: '{{', no brace, '}}') is no secret:
    /// Teleport fills it in per request, so every output shows it whole, beside a secret-named key, header, option or
    /// variable, while the literal text of a secret around it is still masked (redaction.catalog.yaml fragment
    /// 'template', Redactor.MaskOutsideTemplates). Never a half template ("&lt;redacted&gt;}}").
    /// </summary>
    public class TemplateRedactionTests
    {
        private const string Ghp = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

        [Theory]
        // key-value-secret: a value that is only a template stays as written
        [InlineData("X-Api-Key: {{external.api_key}}", "X-Api-Key: {{external.api_key}}")]
        [InlineData("X-Api-Key: {{external.api_key}} (/tmp/r24.yaml:9:7): the value depends on the user's traits (external.api_key); give -User to expand it",
                    "X-Api-Key: {{external.api_key}} (/tmp/r24.yaml:9:7): the value depends on the user's traits (external.api_key); give -User to expand it")]
        [InlineData("API_KEY={{external.k}}", "API_KEY={{external.k}}")]
        [InlineData("db_password: {{internal.db_users}}", "db_password: {{internal.db_users}}")]
        [InlineData("X-Api-Key: {{ external.api_key }}", "X-Api-Key: {{ external.api_key }}")]                      // 2:G6 white space inside
        [InlineData("token: {{email.local(external.email)}}", "token: {{email.local(external.email)}}")]
        [InlineData("token: {{regexp.replace(external.api_token, \"^(.*)$\", \"x-$1\")}}", "token: {{regexp.replace(external.api_token, \"^(.*)$\", \"x-$1\")}}")]
        [InlineData("{\"api_key\": \"{{external.k}}\", \"user\": \"alice\"}", "{\"api_key\": \"{{external.k}}\", \"user\": \"alice\"}")]
        [InlineData("sent (X-Api-Key: {{external.k}}); through Teleport", "sent (X-Api-Key: {{external.k}}); through Teleport")]
        [InlineData("(token={{email.local(external.email)}}).", "(token={{email.local(external.email)}}).")]
        [InlineData("X-Api-Key: {{external.a}}{{internal.b}}", "X-Api-Key: {{external.a}}{{internal.b}}")]
        // key-value-secret: the literal text beside a template is still the secret's
        [InlineData("X-Api-Key: abc123 {{x}}", "X-Api-Key: <redacted> {{x}}")]
        [InlineData("X-Api-Key: abc123{{external.k}}", "X-Api-Key: <redacted>{{external.k}}")]
        [InlineData("X-Api-Key: {{external.k}}abc123", "X-Api-Key: {{external.k}}<redacted>")]
        [InlineData("API_KEY=pre-{{external.k}}-post", "API_KEY=<redacted>{{external.k}}<redacted>")]
        [InlineData("(token=abc{{external.k}})", "(token=<redacted>{{external.k}})")]
        // authorization-scheme: the credential before a template is masked, the template stays
        [InlineData("Authorization: Bearer sk-abc {{internal.jwt}}", "Authorization: Bearer <redacted> {{internal.jwt}}")]
        [InlineData("Authorization: Bearer abcdef123{{internal.jwt}}", "Authorization: Bearer <redacted>{{internal.jwt}}")]
        [InlineData("Authorization: Bearer {{internal.jwt}}", "Authorization: Bearer {{internal.jwt}}")]
        [InlineData("Authorization: {{internal.jwt}}", "Authorization: {{internal.jwt}}")]
        // option-with-secret
        [InlineData("--token {{external.t}}", "--token {{external.t}}")]
        [InlineData("--token={{external.t}} --verbose", "--token={{external.t}} --verbose")]
        [InlineData("--api-key abc{{external.t}}", "--api-key <redacted>{{external.t}}")]
        [InlineData("run --token {{regexp.replace(external.t, \"a\", \"b\")}} now", "run --token {{regexp.replace(external.t, \"a\", \"b\")}} now")]
        // cookie-values and url-password
        [InlineData("Cookie: session={{external.s}}; id=abc123", "Cookie: session={{external.s}}; id=<redacted>")]
        [InlineData("https://u:{{external.pw}}@proxy.example.com", "https://u:{{external.pw}}@proxy.example.com")]
        [InlineData("https://u:pw{{external.x}}@proxy.example.com", "https://u:<redacted>{{external.x}}@proxy.example.com")]
        // rules that mask their whole match still mask inside a template
        [InlineData("token: {{regexp.replace(external.x, \"a\", \"" + Ghp + "\")}}", "token: {{regexp.replace(external.x, \"a\", \"<redacted>\")}}")]
        // what is no template stays a secret: an unclosed one, braces around the key, a template across a line break
        [InlineData("token: {{external.k", "token: <redacted>")]
        [InlineData("X-Api-Key: {{external.k, then", "X-Api-Key: <redacted>, then")]
        [InlineData("{{token: abc123}}", "{{token: <redacted>}}")]
        [InlineData("token: {{a\nb}}", "token: <redacted>\nb}}")]
        [InlineData("token: abc123", "token: <redacted>")]
        public void A_template_is_shown_whole_and_the_secret_beside_it_is_masked(string text, string expected) =>
            Assert.Equal(expected, Redactor.Redact(text));

        [Theory]
        // Redactor.RedactHeaderValue: a credential header's literal text is masked, its templates shown
        [InlineData("X-Api-Key", "{{external.api_key}}", "{{external.api_key}}")]
        [InlineData("X-Api-Key", "abc123 {{x}}", "*** {{x}}")]
        [InlineData("X-Api-Key", "abc def {{x}}", "*** {{x}}")]
        [InlineData("Authorization", "Bearer sk-abc {{internal.jwt}}", "Bearer *** {{internal.jwt}}")]
        [InlineData("Authorization", "Bearer {{internal.jwt}}", "Bearer {{internal.jwt}}")]
        [InlineData("Authorization", "Bearer sk-abc", "Bearer ***")]
        [InlineData("X-Api-Key", "{{email.local(external.email)}}-suffix", "{{email.local(external.email)}}***")]
        // an ordinary header: only what the rules recognise
        [InlineData("X-Team", "{{external.team}}", "{{external.team}}")]
        [InlineData("X-Team", "platform", "platform")]
        public void A_header_value_keeps_its_templates(string name, string value, string expected) =>
            Assert.Equal(expected, Redactor.RedactHeaderValue(name, value));

        [Theory]
        [InlineData("X-Api-Key: {{external.api_key}}", "X-Api-Key: {{external.api_key}}")]
        [InlineData("X-Api-Key: abc123 {{external.api_key}}", "X-Api-Key: *** {{external.api_key}}")]
        [InlineData("X-Api-Key {{external.api_key}}", "X-Api-Key {{external.api_key}}")]       // RedactUnparsedHeader
        public void A_raw_header_entry_keeps_its_templates(string raw, string expected) =>
            Assert.Equal(expected, Redactor.RedactHeader(raw, null));

        [Theory]
        // Redactor.RedactArguments: the argument after a secret option is the secret, its templates excepted
        [InlineData("--token|{{external.t}}", "--token|{{external.t}}")]
        [InlineData("--token|abc {{external.t}}", "--token|<redacted> {{external.t}}")]
        [InlineData("--api-key|{{external.k}}suffix", "--api-key|{{external.k}}<redacted>")]
        [InlineData("--api-key|\"quoted\"", "--api-key|<redacted>")]   // the whole argument is the value, a quote too
        [InlineData("--api-key|ARGSECRET1", "--api-key|<redacted>")]
        [InlineData("API_KEY={{external.k}}|--port|8080", "API_KEY={{external.k}}|--port|8080")]
        public void An_argument_list_keeps_its_templates(string args, string expected) =>
            Assert.Equal(expected.Split('|'), Redactor.RedactArguments(args.Split('|')));

        [Fact]
        public void An_apps_rewrite_header_from_a_trait_reads_whole_in_its_display()
        {
            const string yaml = "kind: app\nversion: v3\nmetadata: {name: notion}\nspec:\n  uri: mcp+https://mcp.notion.com/mcp\n  rewrite:\n    headers:\n" +
                                "    - name: X-Api-Key\n      value: \"{{external.api_key}}\"\n    - name: Authorization\n      value: \"Bearer sk-abc {{internal.jwt}}\"\n";
            var app = ResourceReader.ReadText(yaml, "apps.yaml").Select(i => i.Resource).OfType<TeleportMcp.App>().Single();
            OutputSanitizer.Sanitize(app);
            Assert.Equal(new[] { "X-Api-Key: {{external.api_key}}", "Authorization: Bearer *** {{internal.jwt}}" }, app.Rewrite!.Headers.Select(h => h.Display));
        }

        [Fact]
        public void The_catalog_takes_its_template_from_teleports_grammar()
        {
            // lib/utils/parse/parse.go reVariable: {{ then no brace then }}; kept on one line here.
            Assert.Matches(Redactor.Template, "{{external.api_key}}");
            Assert.Matches(Redactor.Template, "{{regexp.replace(external.x, \"a b\", \"c\")}}");
            Assert.DoesNotMatch(Redactor.Template, "{{external.x}");
            Assert.DoesNotMatch(Redactor.Template, "{{a{b}}");
            Assert.DoesNotMatch(Redactor.Template, "{{a\nb}}");
        }
    }
}
