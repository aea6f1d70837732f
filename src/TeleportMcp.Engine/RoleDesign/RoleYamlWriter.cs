using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>Writes a designed role as the YAML `tctl create` reads, with a comment line per tools entry.</summary>
    internal static class RoleYamlWriter
    {
        public static string Write(Role role, IList<string> header, IList<DesignedEntry> entries)
        {
            var sb = new StringBuilder();
            foreach (var line in header) sb.Append("# ").Append(line).Append('\n');
            sb.Append("kind: role\n");
            sb.Append("version: ").Append(Scalar(role.Version)).Append('\n');
            sb.Append("metadata:\n");
            sb.Append("  name: ").Append(Scalar(role.Name)).Append('\n');
            if (!string.IsNullOrEmpty(role.Description)) sb.Append("  description: ").Append(Scalar(role.Description)).Append('\n');
            sb.Append("spec:\n");
            sb.Append("  allow:\n");
            sb.Append("    app_labels:\n");
            foreach (var e in role.Allow.AppLabels!.Entries) // a designed role always selects its apps by label
            {
                sb.Append("      ").Append(Scalar(e.Key)).Append(':');
                if (e.Value.Count == 1) sb.Append(' ').Append(Scalar(e.Value[0])).Append('\n');
                else
                {
                    sb.Append('\n');
                    foreach (var v in e.Value) sb.Append("      - ").Append(Scalar(v)).Append('\n');
                }
            }
            sb.Append("    mcp:\n");
            sb.Append("      tools:\n");
            foreach (var entry in entries)
            {
                sb.Append("      # ").Append(Comment(entry)).Append('\n');
                sb.Append("      - ").Append(Scalar(entry.Text)).Append('\n');
            }
            return sb.ToString();
        }

        private static string Comment(DesignedEntry entry)
        {
            if (entry.Kind == EntryKind.AsGiven) return "as given with -Tool (the server was not probed, so its real tools are unknown)";
            var parts = entry.Covers.Select(c => Output.OutputText.Labelled(entry.Covers.Count > 1 ? DisplayText.Of(c.Key) : null,
                c.Value.Count == 0 ? "(none)" : string.Join(", ", c.Value.Select(DisplayText.Of))));
            string kind = entry.Kind == EntryKind.Glob ? "glob, covers " : entry.Kind == EntryKind.Regex ? "regex, covers " : "";
            return kind + string.Join("; ", parts);
        }

        /// <summary>
        /// A YAML scalar that go-yaml (tctl create) and the module's reader read back as exactly this string: single-quoted
        /// (only '' is special there), or, when the string holds a character that must not stand raw in the file (a control,
        /// format, bidi or line-separator character), double-quoted with \\, \", \n, \t and \uXXXX escapes.
        /// </summary>
        // gopkg.in/yaml.v2 and v3 scannerc.go yaml_parser_scan_flow_scalar: the escapes; readerc.go: the characters a stream may hold raw.
        public static string Scalar(string? s)
        {
            s = s ?? "";
            bool plainChars = true;
            for (int i = 0; i < s.Length; i++)
            {
                if (!DisplayText.NeedsEscape(s, i)) continue;
                plainChars = false;
                // No escape can stand for half a UTF-16 pair: go-yaml refuses \uD800-\uDFFF ("found invalid Unicode character escape code").
                if (char.IsSurrogate(s[i]))
                    throw new RoleDesignException("UnwritableName", "the value " + DisplayText.Of(Platform.BoundedCapture.Shorten(s)) +
                        " holds an unpaired UTF-16 surrogate, which a YAML file cannot hold (go-yaml refuses the escape, and Go's JSON decoding reads it as U+FFFD)",
                        "Leave the tool out with -Exclude, or give the server's tool a valid Unicode name.");
            }
            if (plainChars) return "'" + s.Replace("'", "''") + "'";
            var sb = new StringBuilder("\"");
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"') sb.Append("\\\"");
                else if (c == '\\') sb.Append("\\\\");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\t') sb.Append("\\t");
                else if (DisplayText.NeedsEscape(s, i)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }
    }
}
