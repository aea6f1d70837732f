using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Probe;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>The values the module handed a server, masked wherever that server echoes them (SentSecrets, ProbeSecrets).</summary>
    public class SentSecretsTests
    {
        [Theory]
        [InlineData("abcd1234", "key abcd1234 is invalid", "key <redacted> is invalid")]
        [InlineData("abcd1234", "abcd1234abcd1234", "<redacted><redacted>")]
        [InlineData("abcd1234", "ABCD1234 differs in case", "ABCD1234 differs in case")]
        [InlineData(" padded-value ", "got padded-value.", "got <redacted>.")]
        [InlineData("abc", "abc is too short to be a credential", "abc is too short to be a credential")]
        [InlineData("true", "enabled: true", "enabled: true")]
        [InlineData("secret-1234;secret-1234-long", "x secret-1234-long y secret-1234", "x <redacted> y <redacted>")]
        [InlineData("", "nothing sent", "nothing sent")]
        public void MasksEveryOccurrenceOfAValueSent(string values, string text, string expected)
        {
            var sent = new SentSecrets();
            foreach (var v in values.Split(';')) sent.Add(v);
            Assert.Equal(expected, sent.Mask(text));
        }

        // The output rules already decided which part of a value is secret: the parts between their masks are found back.
        [Theory]
        [InlineData("--token=abc12345", "--token=<redacted>", "<redacted>", "abc12345")]
        [InlineData("https://user:pa55word@host/x", "https://user:<redacted>@host/x", "<redacted>", "pa55word")]
        [InlineData("k1=aaaa1111 k2=bbbb2222", "k1=<redacted> k2=<redacted>", "<redacted>", "aaaa1111;bbbb2222")]
        [InlineData("Bearer tok-1234 {{internal.jwt}}", "Bearer *** {{internal.jwt}}", "***", "tok-1234")]
        [InlineData("abc12345", "<redacted>", "<redacted>", "abc12345")]
        [InlineData("plain words", "plain words", "<redacted>", "")]
        [InlineData("x\u0001secret-9876", "x\\x01<redacted>", "<redacted>", "x\u0001secret-9876")]
        public void TakesThePartsTheRulesMasked(string raw, string shown, string mask, string expected)
        {
            var sent = new SentSecrets();
            sent.AddMaskedParts(raw, shown, mask);
            var found = expected.Length == 0 ? Array.Empty<string>() : expected.Split(';');
            Assert.Equal(found.Length, sent.Count);
            foreach (var f in found) Assert.Equal("<redacted>", sent.Mask(f));
        }

        [Fact]
        public void AStdioProbeSendsItsSecretOptionsAndSecretNamedVariables()
        {
            var app = new App { Name = "files", Uri = "mcp+stdio://", HasMcpSpec = true, Command = "files", Args = new List<string> { "--api-key", "arg-secret-1", "--port", "8080", "--url=https://u:urlpass99@h/" } };
            var report = new StaticCheckReport
            {
                App = app,
                Environment = new Dictionary<string, string>
                {
                    ["MY_API_KEY"] = "env-secret-2", ["PATH"] = "/usr/local/bin:/usr/bin", ["DISABLE_TOKEN_CACHE"] = "true",
                    ["NOTES"] = "uses ghp_0123456789abcdefghijABCDEFGHIJ012345 to read",
                    ["PWD"] = "/srv/mcp/files", ["TOKEN_PATH"] = @"C:\secrets\token.txt", ["GOOGLE_APPLICATION_CREDENTIALS"] = "/run/secrets/gcp.json",
                },
            };
            var sent = ProbeSecrets.Of(report);
            Assert.Equal("<redacted> <redacted> 8080 <redacted> /usr/local/bin:/usr/bin true <redacted> Cannot find module '/srv/mcp/files/x.js' C:\\secrets\\token.txt /run/secrets/gcp.json",
                sent.Mask("arg-secret-1 env-secret-2 8080 urlpass99 /usr/local/bin:/usr/bin true ghp_0123456789abcdefghijABCDEFGHIJ012345 Cannot find module '/srv/mcp/files/x.js' C:\\secrets\\token.txt /run/secrets/gcp.json"));
        }

        [Fact]
        public void AnHttpProbeSendsTheCredentialPartOfItsHeaders()
        {
            var app = HttpProbeTests.ConfigApp("mcp+http://127.0.0.1:1/mcp", "    rewrite:\n      headers:\n      - \"X-Api-Key: rewrite-secret-3\"\n      - \"X-Team: dev-team\"\n");
            var report = new StaticCheckReport
            {
                App = app,
                Environment = new Dictionary<string, string> { ["MY_API_KEY"] = "not-sent-to-http-4" },
                Headers = HeaderPlan.Build(app, null, null, new[] { new KeyValuePair<string, string>("Authorization", "Bearer header-secret-5") }),
            };
            var sent = ProbeSecrets.Of(report);
            Assert.Equal("<redacted> dev-team Bearer <redacted> not-sent-to-http-4",
                sent.Mask("rewrite-secret-3 dev-team Bearer header-secret-5 not-sent-to-http-4"));
        }

        // Every text of a probe's result and of its tools, found by type: a text a later change adds is masked too.
        [Fact]
        public void EveryTextOfAProbeResultIsMasked()
        {
            const string secret = "leaky-secret-6";
            var result = new ProbeResult();
            var tool = new ProbeTool { Annotations = new ToolAnnotations() };
            result.Tools.Add(tool);
            var holders = new object[] { result, tool, tool.Annotations };
            foreach (var h in holders) Fill(h, "said " + secret);
            var sent = new SentSecrets();
            sent.Add(secret);
            ProbeSecrets.Mask(result, sent);
            int texts = 0;
            foreach (var h in holders)
                foreach (var text in Texts(h))
                {
                    texts++;
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                }
            Assert.True(texts >= 20, "texts checked: " + texts);
        }

        private static IEnumerable<PropertyInfo> TextProperties(object o) =>
            o.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetIndexParameters().Length == 0 && (p.PropertyType == typeof(string) || p.PropertyType == typeof(List<string>)));

        private static void Fill(object o, string text)
        {
            foreach (var p in TextProperties(o))
            {
                if (p.PropertyType == typeof(List<string>)) ((List<string>)p.GetValue(o)).Add(text);
                else if (p.CanWrite) p.SetValue(o, text);
            }
        }

        private static IEnumerable<string> Texts(object o)
        {
            foreach (var p in TextProperties(o))
            {
                var v = p.GetValue(o);
                if (v is string s) yield return s;
                else if (v is List<string> list) foreach (var item in list) yield return item;
            }
        }
    }
}
