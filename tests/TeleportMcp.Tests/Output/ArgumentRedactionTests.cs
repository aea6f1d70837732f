#nullable enable
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>
    /// An argument list is redacted as a list (Redactor.RedactArguments): the catalog's option-with-secret rule masks
    /// "--api-key X" in one text, so "--api-key", "X" as two arguments masks X too, wherever arguments are shown.
    /// </summary>
    public class ArgumentRedactionTests
    {
        [Theory]
        // option-with-secret, option and value as two arguments: the whole next argument is the secret
        [InlineData("--api-key|ARGSECRET1", "--api-key|<redacted>")]
        [InlineData("--token|ARGSECRET1|--verbose", "--token|<redacted>|--verbose")]
        [InlineData("--password|two words", "--password|<redacted>")]
        [InlineData("-client-secret|abc,def", "-client-secret|<redacted>")]
        [InlineData("--session-id|s1", "--session-id|<redacted>")]
        // a value that starts with '-' is the next option, not a value (the rule's (?!-))
        [InlineData("--token|--verbose", "--token|--verbose")]
        // an option holding '=' carries its own value: redacted on its own, the next argument is no secret
        [InlineData("--token=ARGSECRET2|plain", "--token=<redacted>|plain")]
        // other arguments are redacted one by one by the catalog
        [InlineData("PGPASSWORD=ARGSECRET4", "PGPASSWORD=<redacted>")]
        [InlineData("postgres://u:ARGSECRET5@db/x", "postgres://u:<redacted>@db/x")]
        [InlineData("--header|Authorization: token ARGSECRET6", "--header|Authorization: token <redacted>")]
        // an option that names no secret leaves its value readable
        [InlineData("-y|@x/aws-secrets-mcp", "-y|@x/aws-secrets-mcp")]
        [InlineData("--port|8080|--key-file|/etc/k.pem", "--port|8080|--key-file|/etc/k.pem")]
        [InlineData("--log-level|debug", "--log-level|debug")]
        // already masked: the same answer again
        [InlineData("--api-key|<redacted>", "--api-key|<redacted>")]
        public void Redacts_an_argument_list_as_a_list(string args, string expected) =>
            Assert.Equal(expected.Split('|'), Redactor.RedactArguments(args.Split('|')));

        [Fact]
        public void The_command_line_of_an_app_and_of_a_client_entry_is_redacted_as_a_list()
        {
            var args = new List<string> { "--api-key", "ARGSECRET1", "serve" };
            Assert.Equal("/usr/bin/env --api-key <redacted> serve", new TeleportMcp.App { Command = "/usr/bin/env", Args = new List<string>(args) }.CommandLine);
            Assert.Equal("npx --api-key <redacted> serve", new McpServerEntry { Command = "npx", Args = new List<string>(args) }.CommandLine);
        }

        [Fact]
        public void The_output_boundary_redacts_app_args_as_a_list_and_keeps_the_real_ones_for_the_engine()
        {
            const string yaml = "kind: app\nversion: v3\nmetadata: {name: argsecret}\nspec:\n  mcp:\n    command: /usr/bin/env\n    args: [\"--api-key\", \"ARGSECRET1\", \"--token=ARGSECRET2\"]\n    run_as_host_user: root\n";
            var app = ResourceReader.ReadText(yaml, "apps.yaml").Select(i => i.Resource).OfType<TeleportMcp.App>().Single();
            OutputSanitizer.Sanitize(app);
            Assert.Equal(new[] { "--api-key", "<redacted>", "--token=<redacted>" }, app.Args);
            Assert.Equal("/usr/bin/env --api-key <redacted> --token=<redacted>", app.CommandLine);
            var read = ClusterInput.AsRead(app);
            Assert.Equal(new[] { "--api-key", "ARGSECRET1", "--token=ARGSECRET2" }, read.Args);
            Assert.Equal(new[] { "--api-key", "<redacted>", "--token=<redacted>" }, app.Args);
        }

        [Fact]
        public void The_output_boundary_redacts_client_entry_args_as_a_list()
        {
            var te = new TeleportEntry { Tsh = "tsh", TshArgs = new List<string> { "mcp", "connect", "files", "--token", "TSHSECRET1" } };
            OutputSanitizer.Sanitize(te);
            Assert.Equal(new[] { "mcp", "connect", "files", "--token", "<redacted>" }, te.TshArgs);
        }
    }
}
