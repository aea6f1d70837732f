using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.RoleDesign
{
    /// <summary>
    /// A written role grants exactly what was proven: every tools entry New-TeleportMcpRole writes reads back, with the
    /// module's own reader (YamlDotNet) and under go-yaml's rules for quoted scalars (what tctl create uses), as the very
    /// string the proof evaluated; and the names come from what the server sent, not from the escaped copy the terminal got.
    /// </summary>
    public class RoleYamlRoundTripTests
    {
        public static IEnumerable<object[]> HostileNames() => new[]
        {
            "it's", "a: b", "a:b", "#hash", "x #y", "-dash", "- dash", "*", "\"quoted\"", "back\\slash", "back\\u202Eslash",
            "normal\u202Etool", "read_\u001b[2Jfile", "nul\u0000x", "bell\u0007x", "tab\tx", "line\nbreak", "cr\rx", "crlf\r\nx",
            "c1\u0085x", "c1\u009bx", "del\u007fx", "ls\u2028x", "ps\u2029x", "bom\uFEFFx", "nonchar\uFFFEx", "pua\uE000x",
            "lri\u2066x", "zwj\u200Dx", "é€😀", "\U0010FFFD", " lead", "trail ", "  ", "---", "...", "? q", "& anchor", "! tag",
            "% dir", "@at", "`tick", "{flow}", "[seq]", "yes", "null", "~", "0x1F", "1e3", "true", "'single'", "\\", "\"",
        }.Select(n => new object[] { n });

        private static DesignedRole DesignFor(IEnumerable<ProbeTool> tools, bool readOnly = true) => RoleDesigner.Design(new RoleDesignRequest
        {
            Name = "mcp-roundtrip",
            ReadOnly = readOnly,
            Apps = new List<DesignApp> { new DesignApp { Name = "srv", Labels = new Dictionary<string, string> { ["env"] = "dev" }, Tools = tools.ToList() } },
        });

        private static ProbeTool ReadOnlyTool(string name) => new ProbeTool { Name = name, Annotations = new ToolAnnotations { ReadOnlyHint = true } };

        private static ProbeTool WritingTool(string name) => new ProbeTool { Name = name, Annotations = new ToolAnnotations { ReadOnlyHint = false } };

        [Theory]
        [MemberData(nameof(HostileNames))]
        public void A_tool_name_reads_back_as_the_string_that_was_proven(string name)
        {
            var d = DesignFor(new[] { ReadOnlyTool(name), WritingTool("other_w") });
            Assert.Equal(new[] { name }, d.Intended["srv"]);
            var entries = d.Entries.Select(e => e.Text).ToList();

            // The module's reader, on the file as written (header, stamp and all).
            var read = ResourceReader.ReadText(d.FileText, "written.yaml").ToList();
            Assert.DoesNotContain(read, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            var role = Assert.Single(read.Select(i => i.Resource).OfType<Role>());
            Assert.Equal(entries, role.Allow.McpTools);
            Assert.Equal(entries, d.Role.Allow.McpTools);

            // go-yaml's reading of each tools scalar (the lines after "tools:").
            Assert.Equal(entries, ToolScalars(d.Yaml).Select(GoYaml.DecodeQuoted));

            // The file never holds a character a terminal or go-yaml's reader would take raw (line breaks end lines only).
            for (int i = 0; i < d.FileText.Length; i++)
                Assert.False(d.FileText[i] != '\n' && DisplayText.NeedsEscape(d.FileText, i), "raw U+" + ((int)d.FileText[i]).ToString("X4", CultureInfo.InvariantCulture) + " at " + i);
        }

        [Fact]
        public void Every_hostile_name_in_one_role_reads_back_in_order()
        {
            var names = HostileNames().Select(o => (string)o[0]).ToList();
            var d = DesignFor(names.Select(ReadOnlyTool).Concat(new[] { WritingTool("other_w") }));
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), d.Intended["srv"].OrderBy(n => n, StringComparer.Ordinal));
            var entries = d.Entries.Select(e => e.Text).ToList();
            var role = ResourceReader.ReadText(d.FileText, "written.yaml").Select(i => i.Resource).OfType<Role>().Single();
            Assert.Equal(entries, role.Allow.McpTools);
            Assert.Equal(entries, ToolScalars(d.Yaml).Select(GoYaml.DecodeQuoted));
        }

        // The code unit is given as a number: a string holding half a pair would not survive the test runner's serialization.
        [Theory]
        [InlineData("lone", 0xD800, "high")]
        [InlineData("lone", 0xDC00, "low")]
        [InlineData("", 0xDBFF, "")]
        public void A_name_yaml_cannot_hold_is_refused_not_written(string before, int unit, string after)
        {
            string name = before + (char)unit + after;
            var e = Assert.Throws<RoleDesignException>(() => DesignFor(new[] { ReadOnlyTool(name), WritingTool("other_w") }));
            Assert.Equal("UnwritableName", e.Code);
            Assert.DoesNotContain(e.Message, c => c >= '\uD800' && c <= '\uDFFF');
        }

        [Fact]
        public void The_texts_about_the_file_escape_control_and_bidi_characters()
        {
            var d = DesignFor(new[] { ReadOnlyTool("normal\u202Etool"), WritingTool("read_\u001b[2Jfile") });
            var comments = d.Yaml.Split('\n').Where(l => l.TrimStart().StartsWith("#", StringComparison.Ordinal)).ToList();
            Assert.Contains(comments, l => l.Contains("normal\\u202etool", StringComparison.Ordinal));
            Assert.Contains(comments, l => l.Contains("read_\\x1b[2Jfile", StringComparison.Ordinal));
            foreach (var text in comments.Concat(d.Warnings).Concat(d.Details()))
                for (int i = 0; i < text.Length; i++) Assert.False(DisplayText.NeedsEscape(text, i), text);
        }

        // Test-TeleportMcpApp writes its result through the output sanitizer, which escapes control and bidi characters in
        // place; piped on to New-TeleportMcpRole, the role must be for the server's names, not for "normal\u202Etool" spelled
        // with a backslash.
        [Fact]
        public void A_piped_probe_result_gives_the_names_the_server_sent()
        {
            var probe = new ProbeResult { AppName = "evil", Stage = ProbeStage.Done, App = new App { Name = "evil", Labels = new Hashtable { ["env"] = "dev" } } };
            probe.Tools.Add(ReadOnlyTool("normal\u202Etool"));
            probe.Tools.Add(ReadOnlyTool("--help"));
            probe.Tools.Add(WritingTool("read_\u001b[2Jfile"));
            OutputSanitizer.Sanitize(probe);
            Assert.Equal("normal\\u202Etool", probe.Tools[0].Name);

            var bag = new Hashtable(StringComparer.OrdinalIgnoreCase) { ["AppName"] = "evil", ["Stage"] = "Done", ["App"] = probe.App, ["Tools"] = probe.Tools };
            var input = DesignAppInputs.Resolve(new DictionaryInput(bag), new ClusterInput());
            Assert.Null(input.Error);
            Assert.Equal(new[] { "normal\u202Etool", "--help", "read_\u001b[2Jfile" }, input.App.Tools.Select(t => t.Name));
            // The piped object keeps its escaped text: it may still be shown.
            Assert.Equal("normal\\u202Etool", probe.Tools[0].Name);

            var d = RoleDesigner.Design(new RoleDesignRequest { Name = "ev", ReadOnly = true, Apps = new List<DesignApp> { input.App } });
            Assert.Equal(new[] { "--help", "normal\u202Etool" }, d.Intended["evil"].OrderBy(n => n, StringComparer.Ordinal));
            var role = ResourceReader.ReadText(d.FileText, "ev.yaml").Select(i => i.Resource).OfType<Role>().Single();
            Assert.Contains("normal\u202Etool", role.Allow.McpTools);
            Assert.DoesNotContain("normal\\u202Etool", role.Allow.McpTools);
            Assert.Contains("- \"normal\\u202etool\"", d.Yaml, StringComparison.Ordinal);
        }

        private static IEnumerable<string> ToolScalars(string yaml)
        {
            bool inTools = false;
            foreach (var line in yaml.Split('\n'))
            {
                if (line == "      tools:") { inTools = true; continue; }
                if (!inTools || line.StartsWith("      #", StringComparison.Ordinal)) continue;
                if (!line.StartsWith("      - ", StringComparison.Ordinal)) break;
                yield return line.Substring("      - ".Length);
            }
        }

        /// <summary>
        /// go-yaml's reading of a quoted scalar on one line (gopkg.in/yaml.v2 and v3 scannerc.go yaml_parser_scan_flow_scalar,
        /// go-yaml/yaml @36babc36): in single quotes only '' is special; in double quotes the escapes below, \x \u \U with
        /// hex digits and no surrogate code; and the stream itself may hold only the characters readerc.go allows.
        /// </summary>
        private static class GoYaml
        {
            public static string DecodeQuoted(string scalar)
            {
                for (int i = 0; i < scalar.Length; i++)
                {
                    int c = scalar[i];
                    if (char.IsHighSurrogate(scalar[i]) && i + 1 < scalar.Length && char.IsLowSurrogate(scalar[i + 1])) { i++; continue; }
                    // readerc.go yaml_parser_update_buffer: #x9 | #xA | #xD | [#x20-#x7E] | #x85 | [#xA0-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
                    bool allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
                    if (!allowed) throw new FormatException("control characters are not allowed: U+" + c.ToString("X4", CultureInfo.InvariantCulture));
                }
                if (scalar.Length < 2) throw new FormatException("not a quoted scalar: " + scalar);
                char quote = scalar[0];
                if ((quote != '\'' && quote != '"') || scalar[scalar.Length - 1] != quote) throw new FormatException("not a quoted scalar: " + scalar);
                var body = scalar.Substring(1, scalar.Length - 2);
                var sb = new StringBuilder();
                for (int i = 0; i < body.Length; i++)
                {
                    char c = body[i];
                    if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') throw new FormatException("a line break inside the scalar would be folded");
                    if (quote == '\'')
                    {
                        if (c != '\'') { sb.Append(c); continue; }
                        if (i + 1 < body.Length && body[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                        throw new FormatException("the scalar ends early");
                    }
                    if (c == '"') throw new FormatException("the scalar ends early");
                    if (c != '\\') { sb.Append(c); continue; }
                    if (++i >= body.Length) throw new FormatException("an escape at the end");
                    int length = 0;
                    switch (body[i])
                    {
                        case '0': sb.Append('\0'); break;
                        case 'a': sb.Append('\a'); break;
                        case 'b': sb.Append('\b'); break;
                        case 't': case '\t': sb.Append('\t'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'v': sb.Append('\v'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'r': sb.Append('\r'); break;
                        case 'e': sb.Append('\u001b'); break;
                        case ' ': sb.Append(' '); break;
                        case '"': sb.Append('"'); break;
                        case '\'': sb.Append('\''); break;
                        case '\\': sb.Append('\\'); break;
                        case 'N': sb.Append('\u0085'); break;
                        case '_': sb.Append('\u00A0'); break;
                        case 'L': sb.Append('\u2028'); break;
                        case 'P': sb.Append('\u2029'); break;
                        case 'x': length = 2; break;
                        case 'u': length = 4; break;
                        case 'U': length = 8; break;
                        default: throw new FormatException("found unknown escape character '" + body[i] + "'");
                    }
                    if (length == 0) continue;
                    if (body.Length - (i + 1) < length || !body.Substring(i + 1, length).All(Uri.IsHexDigit))
                        throw new FormatException("did not find expected hexdecimal number");
                    long value = long.Parse(body.Substring(i + 1, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) throw new FormatException("found invalid Unicode character escape code");
                    sb.Append(char.ConvertFromUtf32((int)value));
                    i += length;
                }
                return sb.ToString();
            }
        }
    }
}
