using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace TeleportMcp.MamlGen
{
    /// <summary>Reads PlatyPS 0.14 markdown (schema 2.0.0), one file per cmdlet.</summary>
    public static class MarkdownHelpReader
    {
        public const string ExpectedHelpFile = "TeleportMcp.PowerShell.dll-Help.xml";
        private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        public static List<CommandHelp> ReadFolder(string folder)
        {
            var result = new List<CommandHelp>();
            foreach (var file in Directory.GetFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase) || !name.Contains('-', StringComparison.Ordinal)) continue; // module page, about topics
                result.Add(Read(File.ReadAllText(file), Path.GetFileName(file)));
            }
            return result.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }

        public static CommandHelp Read(string text, string fileName)
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            int i = 0;
            var front = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (lines.Length > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
                {
                    int c = lines[i].IndexOf(':', StringComparison.Ordinal);
                    if (c > 0) front[lines[i].Substring(0, c).Trim()] = lines[i].Substring(c + 1).Trim();
                }
                i++;
            }
            if (!front.TryGetValue("external help file", out var helpFile) || helpFile != ExpectedHelpFile)
                throw new HelpFormatException(fileName, 1, "front matter 'external help file' must be " + ExpectedHelpFile);
            for (int k = 0; k < lines.Length; k++)
                if (Regex.IsMatch(lines[k], @"\{\{\s*(Fill|Add|Manually)", RegexOptions.IgnoreCase))
                    throw new HelpFormatException(fileName, k + 1, "PlatyPS template placeholder left in the text");

            var help = new CommandHelp { OnlineVersion = front.TryGetValue("online version", out var ov) ? ov : null };
            // Split into H1 and H2 sections.
            var sections = new Dictionary<string, List<(string Line, int No)>>(StringComparer.OrdinalIgnoreCase);
            List<(string, int)> current = null;
            for (; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("# ", StringComparison.Ordinal) && help.Name == null)
                {
                    help.Name = line.Substring(2).Trim();
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    current = new List<(string, int)>();
                    sections[line.Substring(3).Trim()] = current;
                    continue;
                }
                current?.Add((line, i + 1));
            }
            var expectedName = Path.GetFileNameWithoutExtension(fileName);
            if (help.Name != expectedName) throw new HelpFormatException(fileName, 0, "the H1 title '" + help.Name + "' does not match the file name");
            foreach (var s in RequiredSections)
                if (!sections.ContainsKey(s)) throw new HelpFormatException(fileName, 0, "missing section '## " + s + "'");

            help.Synopsis = string.Join(" ", Paragraphs(sections["SYNOPSIS"]));
            help.Description = Paragraphs(sections["DESCRIPTION"]);
            help.Notes = Paragraphs(sections["NOTES"]);
            ReadExamples(sections["EXAMPLES"], help, fileName);
            ReadParameters(sections["PARAMETERS"], help, fileName);
            help.Inputs = ReadTypes(sections["INPUTS"]);
            help.Outputs = ReadTypes(sections["OUTPUTS"]);
            foreach (var (line, _) in sections["RELATED LINKS"])
            {
                var m = Regex.Match(line, @"^\s*\[(?<text>[^\]]+)\]\((?<url>[^)]*)\)");
                if (m.Success) help.Links.Add(new KeyValuePair<string, string>(m.Groups["text"].Value, m.Groups["url"].Value));
            }
            if (string.IsNullOrWhiteSpace(help.Synopsis)) throw new HelpFormatException(fileName, 0, "empty SYNOPSIS");
            return help;
        }

        /// <summary>Blank-line separated paragraphs; fenced blocks are kept whole.</summary>
        private static List<string> Paragraphs(IEnumerable<(string Line, int No)> lines)
        {
            var result = new List<string>();
            var sb = new StringBuilder();
            bool inFence = false;
            foreach (var (line, _) in lines)
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                    if (!inFence) { Flush(); }
                    continue;
                }
                if (inFence)
                {
                    sb.Append(sb.Length > 0 ? "\n" : "").Append(line);
                    continue;
                }
                if (line.Trim().Length == 0) { Flush(); continue; }
                sb.Append(sb.Length > 0 ? (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) ? "\n" : " ") : "").Append(line.Trim());
            }
            Flush();
            return result;

            void Flush()
            {
                if (sb.Length > 0) result.Add(sb.ToString());
                sb.Clear();
            }
        }

        private static List<List<(string Line, int No)>> SplitH3(List<(string Line, int No)> lines, out List<string> titles)
        {
            var blocks = new List<List<(string, int)>>();
            titles = new List<string>();
            List<(string, int)> cur = null;
            foreach (var l in lines)
            {
                if (l.Line.StartsWith("### ", StringComparison.Ordinal))
                {
                    cur = new List<(string, int)>();
                    blocks.Add(cur);
                    titles.Add(l.Line.Substring(4).Trim());
                    continue;
                }
                cur?.Add(l);
            }
            return blocks;
        }

        private static void ReadExamples(List<(string Line, int No)> lines, CommandHelp help, string file)
        {
            var blocks = SplitH3(lines, out var titles);
            for (int b = 0; b < blocks.Count; b++)
            {
                var ex = new ExampleHelp { Title = titles[b] };
                var code = new StringBuilder();
                bool inFence = false, done = false;
                var rest = new List<(string, int)>();
                foreach (var (line, no) in blocks[b])
                {
                    if (!done && line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                    {
                        if (inFence) { done = true; inFence = false; }
                        else inFence = true;
                        continue;
                    }
                    if (inFence) code.Append(code.Length > 0 ? "\n" : "").Append(line);
                    else if (done) rest.Add((line, no));
                }
                ex.Code = code.ToString();
                ex.Remarks = Paragraphs(rest);
                if (ex.Code.Length == 0) throw new HelpFormatException(file, blocks[b].FirstOrDefault().No, "example '" + ex.Title + "' has no code block");
                help.Examples.Add(ex);
            }
        }

        private static void ReadParameters(List<(string Line, int No)> lines, CommandHelp help, string file)
        {
            var blocks = SplitH3(lines, out var titles);
            for (int b = 0; b < blocks.Count; b++)
            {
                if (titles[b].Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
                if (!titles[b].StartsWith('-')) throw new HelpFormatException(file, blocks[b].FirstOrDefault().No, "parameter heading must be '### -Name'");
                var p = new ParameterHelp { Name = titles[b].Substring(1) };
                var desc = new List<(string, int)>();
                bool inYaml = false;
                Dictionary<string, string> yaml = null;
                foreach (var (line, no) in blocks[b])
                {
                    var t = line.Trim();
                    if (t.StartsWith("```yaml", StringComparison.Ordinal)) { inYaml = true; yaml = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); continue; }
                    if (inYaml && t.StartsWith("```", StringComparison.Ordinal)) { inYaml = false; ApplyYaml(p, yaml); continue; }
                    if (inYaml)
                    {
                        int c = line.IndexOf(':', StringComparison.Ordinal);
                        if (c > 0) yaml[line.Substring(0, c).Trim()] = line.Substring(c + 1).Trim();
                        continue;
                    }
                    if (p.Sets.Count == 0) desc.Add((line, no));
                }
                p.Description = Paragraphs(desc);
                if (string.IsNullOrEmpty(p.Type)) throw new HelpFormatException(file, blocks[b].FirstOrDefault().No, "parameter -" + p.Name + " has no yaml block with its Type");
                help.Parameters.Add(p);
            }
        }

        private static void ApplyYaml(ParameterHelp p, Dictionary<string, string> y)
        {
            string Get(string k) => y.TryGetValue(k, out var v) ? v : "";
            p.Type = Get("Type");
            p.Aliases = Get("Aliases");
            var accepted = Get("Accepted values");
            if (accepted.Length > 0) p.AcceptedValues = accepted.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            p.DefaultValue = Get("Default value");
            p.PipelineInput = Get("Accept pipeline input");
            p.Globbing = Get("Accept wildcard characters").Equals("True", StringComparison.OrdinalIgnoreCase);
            var sets = Get("Parameter Sets");
            foreach (var s in (sets.Length == 0 ? "(All)" : sets).Split(',').Select(x => x.Trim()).Where(x => x.Length > 0))
            {
                p.Sets.Add(new ParameterSetUsage
                {
                    SetName = s,
                    Required = Get("Required").Equals("True", StringComparison.OrdinalIgnoreCase),
                    Position = Get("Position").Length == 0 ? "named" : string.Equals(Get("Position"), "named", StringComparison.OrdinalIgnoreCase) ? "named" : Get("Position"),
                });
            }
        }

        private static List<TypeHelp> ReadTypes(List<(string Line, int No)> lines)
        {
            var blocks = SplitH3(lines, out var titles);
            var result = new List<TypeHelp>();
            for (int b = 0; b < blocks.Count; b++) result.Add(new TypeHelp { Name = titles[b], Description = Paragraphs(blocks[b]) });
            return result;
        }
    }
}
