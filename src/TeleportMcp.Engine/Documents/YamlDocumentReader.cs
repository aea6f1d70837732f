using System;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>One document of a multi-document YAML stream: its tree, or the error that stopped it.</summary>
    public sealed class YamlDocumentResult
    {
        public DocNode Root { get; internal set; }
        public TeleportInputException Error { get; internal set; }
        public SourceLocation Start { get; internal set; }
    }

    /// <summary>
    /// Reads multi-document YAML one document at a time. The text is split on document markers first, so a broken
    /// document is reported with its location and the documents after it are still read.
    /// </summary>
    public static class YamlDocumentReader
    {
        public static IEnumerable<YamlDocumentResult> Read(string text, string source)
        {
            foreach (var chunk in Split(text ?? ""))
            {
                if (IsBlank(chunk.Text)) continue;
                yield return ParseChunk(chunk.Text, source, chunk.FirstLine);
            }
        }

        private static YamlDocumentResult ParseChunk(string text, string source, int firstLine)
        {
            int offset = firstLine - 1;
            var result = new YamlDocumentResult { Start = new SourceLocation(source, firstLine, 1) };
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count > 0) result.Root = Convert(stream.Documents[0].RootNode, source, offset);
            }
            catch (YamlException e)
            {
                var loc = new SourceLocation(source, (int)e.Start.Line + offset, (int)e.Start.Column);
                result.Error = new TeleportInputException("YamlParseError", "invalid YAML: " + CleanMessage(e), loc, e);
            }
            catch (ArgumentException e)
            {
                // YamlDotNet reports a duplicate mapping key this way.
                result.Error = new TeleportInputException("YamlParseError", "invalid YAML: " + e.Message, result.Start, e);
            }
            return result;
        }

        private static string CleanMessage(YamlException e)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own location.
            var m = e.Message ?? "";
            int i = m.IndexOf("): ", StringComparison.Ordinal);
            if (m.StartsWith("(Line:", StringComparison.Ordinal) && i > 0) m = m.Substring(i + 3);
            return m;
        }

        private static DocNode Convert(YamlNode node, string source, int offset)
        {
            var loc = new SourceLocation(source, (int)node.Start.Line + offset, (int)node.Start.Column);
            switch (node)
            {
                case YamlScalarNode s:
                {
                    bool plain = s.Style == ScalarStyle.Plain || s.Style == ScalarStyle.Any;
                    bool isNull = plain && (s.Value == null || s.Value.Length == 0 || s.Value == "~" || s.Value == "null" || s.Value == "Null" || s.Value == "NULL");
                    return new DocScalar(isNull ? null : s.Value, isNull, !plain, loc);
                }
                case YamlSequenceNode seq:
                {
                    var list = new DocList(loc);
                    foreach (var child in seq.Children) list.Items.Add(Convert(child, source, offset));
                    return list;
                }
                case YamlMappingNode map:
                {
                    var m = new DocMap(loc);
                    foreach (var kv in map.Children)
                    {
                        string key = (kv.Key as YamlScalarNode)?.Value ?? kv.Key.ToString();
                        m.Set(key, Convert(kv.Value, source, offset));
                    }
                    return m;
                }
                default:
                    return new DocScalar(null, true, false, loc);
            }
        }

        private struct Chunk
        {
            public string Text;
            public int FirstLine;
        }

        private static IEnumerable<Chunk> Split(string text)
        {
            int lineNo = 0;
            int chunkFirstLine = 1;
            var sb = new System.Text.StringBuilder();
            using (var reader = new StringReader(text))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    lineNo++;
                    if (lineNo == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line.Substring(1);
                    bool start = line == "---" || line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("---\t", StringComparison.Ordinal);
                    bool end = line == "..." || line.StartsWith("... ", StringComparison.Ordinal);
                    if (start || end)
                    {
                        if (sb.Length > 0) yield return new Chunk { Text = sb.ToString(), FirstLine = chunkFirstLine };
                        sb.Clear();
                        chunkFirstLine = lineNo;
                        if (start)
                        {
                            // Keep "--- value" content on its line; a bare marker becomes an empty line.
                            sb.Append(line).Append('\n');
                        }
                        else
                        {
                            sb.Append('\n');
                        }
                        continue;
                    }
                    if (sb.Length == 0) chunkFirstLine = lineNo;
                    sb.Append(line).Append('\n');
                }
            }
            if (sb.Length > 0) yield return new Chunk { Text = sb.ToString(), FirstLine = chunkFirstLine };
        }

        private static bool IsBlank(string chunk)
        {
            using (var reader = new StringReader(chunk))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    var t = line.Trim();
                    if (t.Length == 0 || t[0] == '#' || t == "---" || t.StartsWith("%", StringComparison.Ordinal)) continue;
                    if (t.StartsWith("--- ", StringComparison.Ordinal) && t.Substring(4).TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
                    return false;
                }
            }
            return true;
        }
    }
}
