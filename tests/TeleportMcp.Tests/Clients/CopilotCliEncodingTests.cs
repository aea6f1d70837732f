using System;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Copilot CLI reads its files as UTF-8 only: a UTF-16 or UTF-32 user file is "mcpServers: Required", a project file
    /// "stream did not contain valid UTF-8" (measured, runtime.node 1.0.78, 1.0.92, 1.0.102). The files come as bytes
    /// through the platform seam, which decodes them as the real host does and says which encoding the BOM named.
    /// </summary>
    public class CopilotCliEncodingTests
    {
        private const string TshExe = @"C:\Program Files\Teleport\tsh.exe";
        private const string Json = "{\"mcpServers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\Program Files\\\\Teleport\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        private static byte[] Encoded(string encoding, string text)
        {
            switch (encoding)
            {
                case "utf-16le": return new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(text)).ToArray();
                case "utf-16be": return new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray();
                case "utf-32le": return new byte[] { 0xFF, 0xFE, 0, 0 }.Concat(Encoding.UTF32.GetBytes(text)).ToArray();
                case "utf-32be": return new byte[] { 0, 0, 0xFE, 0xFF }.Concat(new UTF32Encoding(true, false).GetBytes(text)).ToArray();
                case "utf-8-bom": return new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
                default: return Encoding.UTF8.GetBytes(text);
            }
        }

        [Theory]
        [InlineData(@"C:\Users\alice\.copilot\mcp-config.json", "utf-16le", "the file is UTF-16 (little-endian) text", "Copilot CLI refuses it too (\"mcpServers: Required\")")]
        [InlineData(@"C:\Users\alice\.copilot\mcp-config.json", "utf-16be", "the file is UTF-16 (big-endian) text", "Copilot CLI refuses it too (\"mcpServers: Required\")")]
        [InlineData(@"C:\Users\alice\.copilot\mcp-config.json", "utf-32le", "the file is UTF-32 (little-endian) text", "Copilot CLI refuses it too (\"mcpServers: Required\")")]
        [InlineData(@"C:\Users\alice\.copilot\mcp-config.json", "utf-32be", "the file is UTF-32 (big-endian) text", "Copilot CLI refuses it too (\"mcpServers: Required\")")]
        [InlineData(@"C:\src\api\.github\mcp.json", "utf-16le", "the file is UTF-16 (little-endian) text", "it skips the file (\"stream did not contain valid UTF-8\")")]
        public void A_file_Copilot_CLI_cannot_read_as_UTF8_fails(string path, string encoding, string what, string cli)
        {
            var env = FakeEnv.Windows().File(TshExe).Bytes(path, Encoded(encoding, Json));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.ConfigPath == path);
            Assert.Equal(CheckStatus.Fail, parse.Status);
            Assert.Contains(what, parse.Message, StringComparison.Ordinal);
            Assert.Contains(cli, parse.Message, StringComparison.Ordinal);
            Assert.Equal(path + ":1:1", parse.Location);
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command); // the CLI has no server
        }

        [Theory]
        [InlineData("utf-8")]
        [InlineData("utf-8-bom")]
        public void A_UTF8_user_file_is_read(string encoding)
        {
            const string path = @"C:\Users\alice\.copilot\mcp-config.json";
            var env = FakeEnv.Windows().File(TshExe).Bytes(path, Encoded(encoding, Json));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            Assert.NotEqual(CheckStatus.Fail, Assert.Single(r, x => x.Check == ClientChecks.ConfigParse).Status);
            Assert.Contains(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command);
        }

        // VS Code decodes its files as UTF-8 only (VSBuffer.toString: Buffer.toString() or TextDecoder(); microsoft/vscode
        // src/vs/base/common/buffer.ts @d7b86448): measured with Node 20 and VS Code's json.ts, a UTF-16/32 mcp.json or
        // .code-workspace has a parse error at the BOM (no servers), a settings.json keys with NULs (no "mcp" setting).
        private const string VsMcp = "{\"servers\":{\"teleport-mcp-files\":{\"command\":\"C:\\\\Program Files\\\\Teleport\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}}}";

        [Theory]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-16le", "{0}", "the file is UTF-16 (little-endian) text", "its JSON parser fails at the byte order mark")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-16be", "{0}", "the file is UTF-16 (big-endian) text", "its JSON parser fails at the byte order mark")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-32le", "{0}", "the file is UTF-32 (little-endian) text", "its JSON parser fails at the byte order mark")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-32be", "{0}", "the file is UTF-32 (big-endian) text", "its JSON parser fails at the byte order mark")]
        [InlineData(@"C:\src\api\.vscode\mcp.json", "utf-16le", "{0}", "the file is UTF-16 (little-endian) text", "VS Code reads none of this file's servers")]
        [InlineData(@"C:\src\api\api.code-workspace", "utf-16le", "{{\"folders\":[],\"settings\":{{\"mcp\":{0}}}}}", "the file is UTF-16 (little-endian) text", "VS Code reads none of this file's servers")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", "utf-16le", "{{\"editor.fontSize\":12,\"mcp\":{0}}}", "the file is UTF-16 (little-endian) text", "finds no \"mcp\" setting")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\settings.json", "utf-32be", "{{\"mcp\":{0}}}", "the file is UTF-32 (big-endian) text", "finds no \"mcp\" setting")]
        public void A_VS_Code_file_in_UTF16_or_UTF32_gives_VS_Code_no_servers(string path, string encoding, string layout, string what, string vscode)
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, VsMcp);
            var env = FakeEnv.Windows().File(TshExe).Bytes(path, Encoded(encoding, text));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            var parse = Assert.Single(r, x => x.Check == ClientChecks.ConfigParse && x.ConfigPath == path);
            Assert.Equal(CheckStatus.Fail, parse.Status);
            Assert.Contains(what, parse.Message, StringComparison.Ordinal);
            Assert.Contains(vscode, parse.Message, StringComparison.Ordinal);
            Assert.Contains("as UTF-8", parse.Fix, StringComparison.Ordinal);
            Assert.Equal(path + ":1:1", parse.Location);
            Assert.DoesNotContain(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command);
        }

        [Theory]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-8")]
        [InlineData(@"C:\Users\alice\AppData\Roaming\Code\User\mcp.json", "utf-8-bom")]
        [InlineData(@"C:\src\api\.vscode\mcp.json", "utf-8-bom")]
        public void A_UTF8_VS_Code_file_is_read(string path, string encoding)
        {
            var env = FakeEnv.Windows().File(TshExe).Bytes(path, Encoded(encoding, VsMcp));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            Assert.NotEqual(CheckStatus.Fail, Assert.Single(r, x => x.Check == ClientChecks.ConfigParse).Status);
            Assert.Contains(r, x => x.Entry == "teleport-mcp-files" && x.Check == ClientChecks.Command);
        }

        // Other clients' readers were not measured: their UTF-16 files keep the handling they had.
        [Fact]
        public void Another_clients_UTF16_file_is_not_judged_by_Copilot_CLIs_reader()
        {
            const string path = @"C:\Users\alice\.cursor\mcp.json";
            var env = FakeEnv.Windows().File(TshExe).Bytes(path, Encoded("utf-16le", Json));
            var r = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Paths = new[] { path }, SkipSession = true });
            Assert.DoesNotContain("reads only UTF-8", Assert.Single(r, x => x.Check == ClientChecks.ConfigParse).Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("utf-16le", "utf-16")]
        [InlineData("utf-16be", "utf-16BE")]
        [InlineData("utf-32le", "utf-32")]
        [InlineData("utf-32be", "utf-32BE")]
        [InlineData("utf-8-bom", "utf-8")]
        [InlineData("utf-8", "utf-8")]
        public void The_seam_says_which_encoding_the_byte_order_mark_named(string encoding, string webName)
        {
            var data = Encoded(encoding, Json);
            var env = FakeEnv.Linux().Bytes("/tmp/x.json", data);
            var text = env.ReadAllText("/tmp/x.json", out var named);
            Assert.Equal(webName, named.WebName);
            Assert.Equal(Json, text.TrimStart('\uFEFF'));
            Assert.Equal(webName == "utf-8", TextFile.IsUtf8(named));
        }
    }
}
