using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Common;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>One document of a multi-document YAML stream: its tree, or the error that stopped it.</summary>
    public sealed class YamlDocumentResult
    {
        public DocNode? Root { get; internal set; }
        public TeleportInputException? Error { get; internal set; }
        public SourceLocation Start { get; internal set; } = null!; // Read sets it on every result it creates

        /// <summary>Keys written twice in one mapping (the later value is kept), at most <see cref="YamlDocumentReader.MaxDuplicateKeysNoted"/>.</summary>
        public List<DuplicateKey> DuplicateKeys { get; } = new List<DuplicateKey>();
    }

    /// <summary>A mapping key written a second time: where it was first and where again.</summary>
    public sealed class DuplicateKey
    {
        public DuplicateKey(string key, SourceLocation first, SourceLocation again) : this(key, first, again, true) { }

        internal DuplicateKey(string key, SourceLocation first, SourceLocation again, bool oneGoKey)
        {
            Key = key;
            First = first;
            Again = again;
            OneGoKey = oneGoKey;
        }

        public string Key { get; }
        public SourceLocation First { get; }
        public SourceLocation Again { get; }

        /// <summary>
        /// Whether go-yaml v2 reads both as one key (both text, or both the same boolean, number or null). A quoted '1' and
        /// a plain 1 are two keys of its map that sigs.k8s.io/yaml then names alike, keeping either in no fixed order.
        /// </summary>
        public bool OneGoKey { get; }
    }

    /// <summary>
    /// Reads multi-document YAML one document at a time. The text is split on document markers first, so a broken
    /// document is reported with its location and the documents after it are still read.
    /// The tree is built from the parser's events with an explicit stack (no recursion, so no depth can overflow the
    /// thread's stack); nesting, alias expansion and merge keys follow go-yaml v2, which Teleport reads YAML with
    /// (resources: k8s.io/apimachinery util/yaml -> sigs.k8s.io/yaml -> go.yaml.in/yaml/v2; teleport.yaml: lib/config/fileconf.go,
    /// gopkg.in/yaml.v2).
    /// </summary>
    public static class YamlDocumentReader
    {
        public static IEnumerable<YamlDocumentResult> Read(string text, string source) => Read(text, source, CancellationToken.None);

        /// <summary>As <see cref="Read(string, string)"/>, looking at the token for every line split and every parser event.</summary>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static IEnumerable<YamlDocumentResult> Read(string text, string source, CancellationToken ct)
        {
            var budget = new long[] { FlowIndentRepairBudget };
            foreach (var chunk in Split(text ?? "", ct))
            {
                if (IsBlank(chunk.Text)) continue;
                var chunkText = chunk.Text;
                if (chunkText.IndexOf('\uFEFF') >= 0)
                {
                    var refused = ByteOrderMarks(ref chunkText, source, chunk.FirstLine);
                    if (refused != null)
                    {
                        yield return refused;
                        continue;
                    }
                }
                yield return ParseChunk(chunkText, source, chunk.FirstLine, budget, ct);
            }
        }

        /// <summary>The error id of a document holding a line that starts with a byte order mark where Teleport does not drop it.</summary>
        public const string ByteOrderMarkCode = "ByteOrderMarkInDocument";

        /// <summary>
        /// A byte order mark (U+FEFF) at the start of a line inside a stream, as when files saved with one are joined. tctl
        /// reads a document from the line after a "---" line on its own (k8s.io/apimachinery pkg/util/yaml decoder.go
        /// YAMLReader), and go-yaml drops a byte order mark at the start of what it reads (readerc.go
        /// yaml_parser_determine_encoding): so is one there dropped. Anywhere else at a line's start go-yaml skips it but
        /// counts it as a column (scannerc.go yaml_parser_scan_to_next_token, skip), so the line stands one column right of
        /// where it looks and tctl refuses the document or reads it otherwise: the document is refused here with its
        /// position, and the other documents are still read. A byte order mark inside a line is a character of its value,
        /// as to go-yaml. Null when the document can be read (<paramref name="text"/> without the dropped mark).
        /// </summary>
        private static YamlDocumentResult? ByteOrderMarks(ref string text, string source, int firstLine)
        {
            int lineStart = 0;
            for (int line = 0; lineStart < text.Length; line++)
            {
                int eol = text.IndexOf('\n', lineStart);
                int next = eol < 0 ? text.Length : eol + 1;
                if (text[lineStart] == '\uFEFF')
                {
                    bool documentStart = line == 0 || (line == 1 && IsMarker(text, 0, text.IndexOf('\n'), '-', allowTab: true));
                    if (!documentStart)
                    {
                        var at = new SourceLocation(source, firstLine + line, 1);
                        return new YamlDocumentResult
                        {
                            Start = new SourceLocation(source, firstLine, 1),
                            Error = new TeleportInputException(ByteOrderMarkCode,
                                "line " + (firstLine + line).ToString(System.Globalization.CultureInfo.InvariantCulture) + " starts with a byte order mark (U+FEFF), as where files saved with one were joined: " +
                                "Teleport's YAML reader skips it there but counts it as a column, so the line stands one column right of where it looks " +
                                "and tctl refuses this document or reads it otherwise; TeleportMcp did not read this document (a byte order mark is dropped only " +
                                "at the start of the file, or on the line right after a '---' line)", at),
                        };
                    }
                    text = text.Remove(lineStart, 1);
                    next--;
                }
                lineStart = next;
            }
            return null;
        }

        /// <summary>How many keys written twice one document notes (the rest are kept the same way, without a note each).</summary>
        internal const int MaxDuplicateKeysNoted = 20;

        /// <summary>How many lines of one document are re-indented before its flow indentation error is reported as it is.</summary>
        internal const int MaxFlowIndentRepairs = 1024;

        /// <summary>
        /// Characters read again for the repairs of one text (a file) at most: each repair reads its document again, so
        /// neither one large document nor many small ones can make the reading quadratic.
        /// </summary>
        internal const long FlowIndentRepairBudget = 64L * 1024 * 1024;

        private static YamlDocumentResult ParseChunk(string text, string source, int firstLine, long[] budget, CancellationToken ct)
        {
            // go-yaml (scannerc.go yaml_parser_unroll_indent, yaml_parser_scan_plain_scalar) applies no indentation rule
            // inside a flow collection, so Teleport reads "tools: [a,\nb]" with b at any column. YamlDotNet's scanner
            // refuses a plain scalar there when it stands left of the block indentation. Indentation means nothing in a
            // flow collection (line breaks fold the same way), so such a line is indented further and the document read
            // again; positions are mapped back to the file's own columns.
            var shifts = new Dictionary<int, int>();
            for (int repairs = 0; ; repairs++)
            {
                var result = ParseOnce(text, source, firstLine, shifts, ct, out int flowLine);
                if (flowLine == 0 || repairs >= MaxFlowIndentRepairs || budget[0] < text.Length) return result;
                budget[0] -= text.Length;
                text = IndentLine(text, flowLine, shifts);
            }
        }

        private static YamlDocumentResult ParseOnce(string text, string source, int firstLine, Dictionary<int, int> shifts, CancellationToken ct, out int flowLine)
        {
            flowLine = 0;
            int offset = firstLine - 1;
            var result = new YamlDocumentResult { Start = new SourceLocation(source, firstLine, 1) };
            var scanner = new Scanner(new StringReader(text), skipComments: true);
            var builder = new TreeBuilder(source, offset, shifts, result.DuplicateKeys, ct) { Text = text };
            try
            {
                result.Root = builder.Build(new Parser(scanner));
            }
            catch (YamlLimitException e)
            {
                result.Error = new TeleportInputException("YamlParseError", (e.TeleportReadsIt ? "" : "invalid YAML: ") + e.Message, e.Location, e);
            }
            catch (YamlException e)
            {
                var at = builder.Loc(e.Start);
                // YamlDotNet marks a tab in the indentation at the mapping or scalar it breaks (1:1 for a document's first
                // mapping), not at the tab: the first line from there indented with a tab is where the fix goes.
                if (e.Message.IndexOf(" tab ", StringComparison.Ordinal) >= 0 && TabIndentedLine(text, (int)e.Start.Line) is int line)
                    at = new SourceLocation(source, line + offset, 1 + LeadingSpaces(text, line));
                result.Error = new TeleportInputException("YamlParseError", "invalid YAML: " + CleanMessage(e.Message), at, e);
            }
            catch (InvalidOperationException e) when (IsFlowIndentRefusal(e))
            {
                var mark = SafePosition(scanner);
                if (mark != null) flowLine = (int)mark.Value.Line;
                result.Error = new TeleportInputException("YamlParseError",
                    "invalid YAML: a value inside a flow collection ('[' or '{') stands left of the enclosing block's indentation; Teleport's YAML reader " +
                    "accepts that, but this file has more such lines than TeleportMcp re-indents (" + MaxFlowIndentRepairs + " lines of a document, " +
                    FlowIndentRepairBudget / (1024 * 1024) + " MiB read again per file): indent them past the key that holds the collection",
                    mark == null ? result.Start : builder.Loc(mark.Value), e);
            }
            catch (Exception e) when (!(e is OutOfMemoryException) && !(e is StackOverflowException) && !(e is OperationCanceledException))
            {
                // Any other failure inside the YAML library is this document's error, never the caller's.
                var mark = SafePosition(scanner);
                var loc = mark == null ? result.Start : builder.Loc(mark.Value);
                result.Error = new TeleportInputException("YamlParseError", "invalid YAML: " + CleanMessage(e.Message), loc, e);
            }
            return result;
        }

        /// <summary>The first line at or after <paramref name="from"/> (1-based) whose indentation holds a tab; null when none does.</summary>
        private static int? TabIndentedLine(string text, int from)
        {
            int line = 1, i = 0;
            while (i < text.Length)
            {
                if (line >= from)
                {
                    int j = i;
                    while (j < text.Length && text[j] == ' ') j++;
                    if (j < text.Length && text[j] == '\t') return line;
                }
                int end = text.IndexOf('\n', i);
                if (end < 0) break;
                i = end + 1;
                line++;
            }
            return null;
        }

        // Spaces before the tab on that line.
        private static int LeadingSpaces(string text, int line)
        {
            int i = 0;
            for (int l = 1; l < line; l++) i = text.IndexOf('\n', i) + 1;
            int n = 0;
            while (i + n < text.Length && text[i + n] == ' ') n++;
            return n;
        }

        // YamlDotNet's Scanner.ScanPlainScalar throws a bare InvalidOperationException for "flowLevel > 0 && column < indent".
        private static bool IsFlowIndentRefusal(InvalidOperationException e) =>
            e.GetType() == typeof(InvalidOperationException) && e.InnerException == null && string.Equals(e.Source, "YamlDotNet", StringComparison.Ordinal) &&
            (string.Equals(e.TargetSite?.Name, "ScanPlainScalar", StringComparison.Ordinal) || (e.StackTrace ?? "").Contains("ScanPlainScalar"));

        /// <summary>
        /// The text with one line (1-based) indented past any block indentation of the lines before it. A block collection
        /// starts at a line's first character after its indentation and the compact indicators ("- ", "? ", ": "), so the
        /// longest such prefix above the line bounds every indentation the scanner can hold there.
        /// </summary>
        private static string IndentLine(string text, int line, Dictionary<int, int> shifts)
        {
            int width = 0, start = 0;
            for (int n = 1; n < line && start <= text.Length; n++)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0) end = text.Length;
                int i = start;
                while (i < end && (text[i] == ' ' || text[i] == '\t' || ((text[i] == '-' || text[i] == '?' || text[i] == ':') && (i + 1 == end || text[i + 1] == ' ')))) i++;
                // A line re-indented before counts with its own indentation, so the spaces added do not add up.
                width = Math.Max(width, i - start - (shifts.TryGetValue(n, out int added) ? added : 0));
                start = end + 1;
            }
            if (start > text.Length) return text;
            int add = width + 1;
            shifts[line] = (shifts.TryGetValue(line, out int had) ? had : 0) + add;
            return text.Substring(0, start) + new string(' ', add) + text.Substring(start);
        }

        private static Mark? SafePosition(Scanner scanner)
        {
            try { return scanner.CurrentPosition; }
            catch (Exception) { return null; }
        }

        private static string CleanMessage(string m)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own location.
            m = m ?? "";
            int i = m.IndexOf("): ", StringComparison.Ordinal);
            if (m.StartsWith("(Line:", StringComparison.Ordinal) && i > 0) m = m.Substring(i + 3);
            return m;
        }

        private sealed class YamlLimitException : Exception
        {
            public YamlLimitException(string message, SourceLocation? location, bool teleportReadsIt = false) : base(message)
            {
                Location = location;
                TeleportReadsIt = teleportReadsIt;
            }

            public SourceLocation? Location { get; }

            /// <summary>The bound is TeleportMcp's own (the document is valid YAML to Teleport).</summary>
            public bool TeleportReadsIt { get; }
        }

        /// <summary>Flow nesting up to this depth costs YamlDotNet's scanner little per token and is never counted.</summary>
        internal const int FreeFlowDepth = 64;

        /// <summary>Builds one document's tree from parser events.</summary>
        private sealed class TreeBuilder
        {
            private sealed class Frame
            {
                public required DocNode Node;
                public string? Anchor;
                public long Size = 1;          // nodes this value stands for once aliases and merges are expanded
                public string? PendingKey;
                public bool PendingKeyTyped;   // a plain key go-yaml v2 reads as a boolean, a number or null
                public SourceLocation? PendingKeyLocation;
                public bool HaveKey;
                public bool KeyIsMerge;
                public SourceLocation? MergeLocation;
                public HashSet<string>? WrittenKeys; // once a merge has set keys: the keys the mapping itself wrote
                public bool Flow;
            }

            private readonly string _source;
            private readonly int _offset;
            private readonly Dictionary<int, int> _shifts;
            private readonly List<DuplicateKey> _duplicates;
            private readonly CancellationToken _ct;
            private readonly Limits _limits = Limits.Current;
            private readonly Stack<Frame> _stack = new Stack<Frame>();
            private readonly Dictionary<string, KeyValuePair<DocNode, long>> _anchors = new Dictionary<string, KeyValuePair<DocNode, long>>(StringComparer.Ordinal);
            private readonly HashSet<string> _open = new HashSet<string>(StringComparer.Ordinal);
            private long _decodeCount, _aliasCount, _deepFlowWork;
            private int _flowDepth, _deepestFlow;
            private DocNode? _root;
            private bool _done;

            /// <summary>The document's text as the parser reads it (a re-indented line included).</summary>
            public string Text { get; set; } = "";

            public TreeBuilder(string source, int offset, Dictionary<int, int> shifts, List<DuplicateKey> duplicates, CancellationToken ct)
            {
                _source = source;
                _offset = offset;
                _shifts = shifts;
                _duplicates = duplicates;
                _ct = ct;
            }

            /// <summary>A scanner position as the file's own line and column (a re-indented line's added spaces taken off).</summary>
            public SourceLocation Loc(Mark m)
            {
                int column = (int)m.Column;
                if (_shifts.TryGetValue((int)m.Line, out int added)) column = Math.Max(1, column - added);
                return new SourceLocation(_source, (int)m.Line + _offset, column);
            }

            public DocNode? Build(IParser parser)
            {
                bool inDocument = false;
                while (!_done && parser.MoveNext())
                {
                    _ct.ThrowIfCancellationRequested();
                    var ev = parser.Current;
                    if (_flowDepth > FreeFlowDepth && ev != null) CountDeepFlow(ev);
                    switch (ev)
                    {
                        case DocumentStart _:
                            if (inDocument) _done = true;
                            inDocument = true;
                            break;
                        case DocumentEnd _:
                            _done = true;
                            break;
                        case Scalar s:
                            Count(1, false, s.Start);
                            if (s.Value.Length == 0 && s.Style == ScalarStyle.Plain && s.Tag.IsEmpty && s.Anchor.IsEmpty &&
                                _stack.Count > 0 && _stack.Peek() is Frame { Flow: true, HaveKey: false, Node: DocMap } && IsBareValueIndicator(s.Start))
                                // go-yaml v2 parserc.go yaml_parser_parse_flow_mapping_key / _flow_sequence_entry: a VALUE token
                                // where a key or KEY token belongs goes to yaml_parser_parse_node, which refuses it; YamlDotNet
                                // reads "{: x}" as a null key. An explicit "? " before the ':' is a null key to both.
                                throw new YamlLimitException("did not find expected node content (a ':' with no key before it inside '{...}' or '[...]': " +
                                                             "Teleport's YAML parser, go-yaml v2, refuses it; write the key before the ':')", Loc(s.Start));
                            Complete(ToScalar(s), 1, AnchorOf(s.Anchor));
                            break;
                        case AnchorAlias a:
                            Alias(a);
                            break;
                        case SequenceStart ss:
                            Open(new DocList(Loc(ss.Start)), AnchorOf(ss.Anchor), ss.Start, ss.Style == SequenceStyle.Flow);
                            break;
                        case MappingStart ms:
                            Open(new DocMap(Loc(ms.Start)), AnchorOf(ms.Anchor), ms.Start, ms.Style == MappingStyle.Flow);
                            break;
                        case SequenceEnd _:
                        case MappingEnd _:
                            Close();
                            break;
                    }
                }
                return _root;
            }

            private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

            private void Open(DocNode node, string? anchor, Mark start, bool flow)
            {
                if (_stack.Count >= _limits.YamlMaxDepth)
                    throw new YamlLimitException("exceeded max depth of " + _limits.YamlMaxDepth + " (nesting Teleport's YAML parser also refuses; " + _limits.Describe(nameof(Limits.YamlMaxDepth)) + ")", Loc(start));
                Count(1, false, start);
                if (anchor != null) _open.Add(anchor);
                if (flow) _deepestFlow = Math.Max(_deepestFlow, ++_flowDepth);
                _stack.Push(new Frame { Node = node, Anchor = anchor, Flow = flow });
            }

            private void Close()
            {
                var f = _stack.Pop();
                // YamlDotNet starts a block mapping at a ':' with no key ("labels:\n    : x", "- : x") and ends it after an empty
                // key, dropping the value. go-yaml v2 parserc.go yaml_parser_parse_block_mapping_key refuses that VALUE token
                // ("did not find expected key"), as YamlDotNet itself does for such a line after a first entry.
                if (f.Node is DocMap && f.HaveKey)
                    throw new YamlLimitException("did not find expected key (a ':' with no key before it starts a mapping: Teleport's YAML parser, go-yaml v2, refuses it; write the key before the ':')", f.Node.Location);
                if (f.Flow) _flowDepth--;
                if (f.Anchor != null) _open.Remove(f.Anchor);
                Complete(f.Node, f.Size, f.Anchor);
            }

            // The Value tokens of the text (by character index) that follow no Key token: a bare ':' where go-yaml needs a
            // key. Read by a second scanner only once a flow mapping holds an empty plain key, up to that key, once a document.
            private Scanner? _tokens;
            private YamlDotNet.Core.Tokens.Token? _lastToken;
            private readonly HashSet<long> _bareValues = new HashSet<long>();
            private bool _tokensFailed;

            private bool IsBareValueIndicator(Mark at)
            {
                if (_tokensFailed) return false;
                try
                {
                    _tokens = _tokens ?? new Scanner(new StringReader(Text), skipComments: true);
                    while ((_lastToken == null || _lastToken.Start.Index <= at.Index) && _tokens.MoveNext())
                    {
                        _ct.ThrowIfCancellationRequested();
                        var token = _tokens.Current;
                        if (token is YamlDotNet.Core.Tokens.Value && !(_lastToken is YamlDotNet.Core.Tokens.Key)) _bareValues.Add(token.Start.Index);
                        _lastToken = token;
                    }
                }
                catch (Exception e) when (!(e is OperationCanceledException) && !(e is OutOfMemoryException))
                {
                    _tokensFailed = true; // the parser reports what the scanner refuses; this key stays a null key
                    return false;
                }
                return _bareValues.Contains(at.Index);
            }

            // YamlDotNet's Scanner.FetchMoreTokens calls StaleSimpleKeys and walks every open flow level's simple key for
            // each token; go-yaml v2 scannerc.go looks its simple keys up by token (simple_keys_by_tok) and reads such a
            // document in linear time. The parser's depth stands for the scanner's, which is at most a few tokens ahead.
            private void CountDeepFlow(ParsingEvent ev)
            {
                _deepFlowWork += _flowDepth;
                if (_deepFlowWork <= _limits.YamlDeepFlowWork) return;
                throw new YamlLimitException(
                    "TeleportMcp stops reading this document: its values inside flow collections ('[' or '{') nested more than " + FreeFlowDepth +
                    " deep (" + (_flowDepth == _deepestFlow ? _flowDepth + " here" : _flowDepth + " here, " + _deepestFlow + " before") + ") cost its YAML reader work for every open level, and they passed the bound (" +
                    _limits.Describe(nameof(Limits.YamlDeepFlowWork)) + "); Teleport reads such a document, so write the nesting flatter or in block style",
                    Loc(ev.Start), teleportReadsIt: true);
            }

            // go-yaml v2 decode.go mapping()/merge(): a '<<' sets the merged map's keys where it stands, over keys written
            // before it, and keys written after it win; of a list of merged maps the earlier one wins (applied last);
            // anything but a map or a list of maps is an error.
            private static void Merge(Frame f, DocMap target, DocNode value, SourceLocation? where)
            {
                var sources = new List<DocMap>();
                if (value is DocMap single) sources.Add(single);
                else if (value is DocList list)
                {
                    for (int i = list.Items.Count - 1; i >= 0; i--)
                    {
                        if (!(list.Items[i] is DocMap m)) throw new YamlLimitException("map merge requires map or sequence of maps as the value", where);
                        sources.Add(m);
                    }
                }
                else throw new YamlLimitException("map merge requires map or sequence of maps as the value", where);
                if (f.WrittenKeys == null)
                {
                    f.WrittenKeys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var kv in target.Entries) f.WrittenKeys.Add(kv.Key);
                }
                foreach (var src in sources)
                    foreach (var kv in src.Entries)
                    {
                        target.NoteReplacedInMerge(kv.Key, src);
                        target.Set(kv.Key, kv.Value, src.KeyLocation(kv.Key));
                        target.NoteKeyTyped(kv.Key, src.IsKeyTyped(kv.Key));
                    }
            }

            private void Alias(AnchorAlias a)
            {
                string name = a.Value.IsEmpty ? "" : a.Value.Value;
                if (_open.Contains(name)) throw new YamlLimitException("anchor '" + name + "' value contains itself", Loc(a.Start));
                if (!_anchors.TryGetValue(name, out var target)) throw new YamlLimitException("unknown anchor '" + name + "' referenced", Loc(a.Start));
                // go-yaml v2 decode.go merge(): '<<' given an alias takes only an alias of a map (a list must be written in place).
                if (_stack.Count > 0 && _stack.Peek() is Frame f && f.Node is DocMap && f.HaveKey && f.KeyIsMerge && !(target.Key is DocMap))
                    throw new YamlLimitException("map merge requires map or sequence of maps as the value", f.MergeLocation ?? Loc(a.Start));
                Count(target.Value, true, a.Start);
                Complete(target.Key, target.Value, null);
            }

            // go-yaml v2 decode.go unmarshal(): every node decoded counts, nodes reached through an alias count as
            // aliased; too large a share of aliased nodes is "excessive aliasing" (the billion-laughs guard). The
            // tree here shares an alias's nodes instead of copying them, so the count is what a reader would expand.
            private void Count(long nodes, bool aliased, Mark at)
            {
                _decodeCount += nodes;
                if (aliased) _aliasCount += nodes;
                if (_aliasCount > 100 && _decodeCount > 1000 && (double)_aliasCount / _decodeCount > AllowedAliasRatio(_decodeCount))
                    throw new YamlLimitException("document contains excessive aliasing (" + _aliasCount + " of " + _decodeCount + " nodes come from aliases; Teleport's YAML parser refuses it too; " +
                                                 _limits.Describe(nameof(Limits.YamlAliasRatioLowNodes)) + ", " + _limits.Describe(nameof(Limits.YamlAliasRatioHighNodes)) + ")", Loc(at));
            }

            private double AllowedAliasRatio(long decodeCount)
            {
                long low = _limits.YamlAliasRatioLowNodes, high = Math.Max(low + 1, _limits.YamlAliasRatioHighNodes);
                if (decodeCount <= low) return 0.99;
                if (decodeCount >= high) return 0.10;
                return 0.99 - 0.89 * ((double)(decodeCount - low) / (high - low));
            }

            private void Complete(DocNode node, long size, string? anchor)
            {
                if (anchor != null) _anchors[anchor] = new KeyValuePair<DocNode, long>(node, size);
                if (_stack.Count == 0)
                {
                    _root = node;
                    return;
                }
                var f = _stack.Peek();
                f.Size += size;
                if (f.Node is DocList list)
                {
                    list.Items.Add(node);
                    return;
                }
                var map = (DocMap)f.Node;
                if (!f.HaveKey)
                {
                    var key = node as DocScalar;
                    f.KeyIsMerge = key != null && key.IsMergeKey;
                    f.PendingKey = key != null ? (key.Value ?? "") : node.ToString();
                    f.PendingKeyTyped = key != null && !key.IsQuoted && (key.IsNull || (GoYamlV2Scalar.MayBeTyped(key.Value) && GoYamlV2Scalar.IsTyped(GoYamlV2Scalar.Kind(key.Value))));
                    f.PendingKeyLocation = node.Location;
                    f.HaveKey = true;
                    if (f.KeyIsMerge) f.MergeLocation = node.Location;
                    return;
                }
                f.HaveKey = false;
                if (f.KeyIsMerge) Merge(f, map, node, f.MergeLocation);
                else
                {
                    var key = f.PendingKey!; // HaveKey was true: the key was read
                    // A key a merge set is no key written twice (the merged value is replaced, as go-yaml v2 does).
                    bool again = f.WrittenKeys == null ? map.ContainsKey(key) : !f.WrittenKeys.Add(key);
                    bool wasTyped = again && map.IsKeyTyped(key);
                    if (_duplicates.Count < MaxDuplicateKeysNoted && again)
                        _duplicates.Add(new DuplicateKey(key, map.KeyLocation(key) ?? map.Get(key)!.Location, f.PendingKeyLocation ?? node.Location, wasTyped == f.PendingKeyTyped));
                    if (f.WrittenKeys != null) map.NoteReplacedInMerge(key);
                    map.Set(key, node, f.PendingKeyLocation);
                    // A null key (typed, written as nothing, ~ or null) stays in go-yaml's map beside a quoted '': tctl refuses
                    // the resource whichever is later.
                    map.NoteKeyTyped(key, f.PendingKeyTyped || (wasTyped && key.Length == 0));
                }
            }

            private static bool IsTypeTag(string tag) =>
                tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
                tag == "tag:yaml.org,2002:null" || tag == "tag:yaml.org,2002:timestamp";

            private DocScalar ToScalar(Scalar s)
            {
                var loc = Loc(s.Start);
                bool plain = s.Style == ScalarStyle.Plain || s.Style == ScalarStyle.Any;
                string? tag = s.Tag.IsEmpty ? null : s.Tag.Value;
                // go-yaml v2 resolves a plain scalar's type only with no tag or a type tag (resolve.go resolvableTag); !!str,
                // the non-specific '!' or any other tag keeps it text, as quotes do.
                bool text = !plain || (tag != null && !IsTypeTag(tag));
                bool isNull = !text && (s.Value == null || s.Value.Length == 0 || s.Value == "~" || s.Value == "null" || s.Value == "Null" || s.Value == "NULL");
                var scalar = new DocScalar(isNull ? null : s.Value, isNull, text, loc);
                // decode.go isMerge: a plain '<<' with no tag, the non-specific '!' or !!merge.
                scalar.IsMergeKey = s.Value == "<<" && (plain && tag == null || tag == "!" || tag == "tag:yaml.org,2002:merge");
                return scalar;
            }
        }

        internal struct Chunk
        {
            public string Text;
            public int FirstLine;
        }

        private static readonly char[] s_lineBreaks = { '\r', '\n' };

        /// <summary>
        /// The documents of a text, cut before each "---" or "..." marker line, each with its line breaks written as \n
        /// (\r\n and a lone \r, as StringReader reads lines) and a last line break added; a "..." line stays as an empty
        /// line and a byte order mark before the first line is dropped. A document is a part of the text, copied once
        /// (the whole text when it is one document already written with \n).
        /// </summary>
        internal static IEnumerable<Chunk> Split(string text, CancellationToken ct)
        {
            int lineNo = 0;
            int pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            int chunkStart = pos;
            int chunkFirstLine = 1;
            bool endMarker = false;
            // A text of a byte order mark alone is one empty line.
            for (bool more = text.Length > 0; more; more = pos < text.Length)
            {
                ct.ThrowIfCancellationRequested();
                lineNo++;
                int eol = text.IndexOfAny(s_lineBreaks, pos);
                int lineEnd = eol < 0 ? text.Length : eol;
                int next = eol < 0 ? text.Length : text[eol] == '\r' && eol + 1 < text.Length && text[eol + 1] == '\n' ? eol + 2 : eol + 1;
                bool start = IsMarker(text, pos, lineEnd, '-', allowTab: true);
                if (start || IsMarker(text, pos, lineEnd, '.', allowTab: false))
                {
                    if (lineNo > 1) yield return new Chunk { Text = Normalized(text, chunkStart, pos, endMarker), FirstLine = chunkFirstLine };
                    chunkFirstLine = lineNo;
                    // Keep "--- value" content on its line; an end marker becomes an empty line.
                    endMarker = !start;
                    chunkStart = start ? pos : next;
                }
                pos = next;
            }
            if (lineNo > 0) yield return new Chunk { Text = Normalized(text, chunkStart, text.Length, endMarker), FirstLine = chunkFirstLine };
        }

        /// <summary>"---" or "..." alone on the line, or followed by a space (or, for "---", a tab).</summary>
        private static bool IsMarker(string text, int start, int end, char c, bool allowTab)
        {
            int length = end - start;
            if (length < 3 || text[start] != c || text[start + 1] != c || text[start + 2] != c) return false;
            return length == 3 || text[start + 3] == ' ' || allowTab && text[start + 3] == '\t';
        }

        /// <summary>text[start..end) with \n line breaks and a last one, after an empty line for an end marker.</summary>
        private static string Normalized(string text, int start, int end, bool endMarker)
        {
            bool closed = end > start && (text[end - 1] == '\n' || text[end - 1] == '\r');
            string part = start == 0 && end == text.Length ? text : text.Substring(start, end - start);
            if (part.IndexOf('\r') >= 0) part = part.Replace("\r\n", "\n").Replace('\r', '\n');
            // Every line ends with \n; an empty part after an end marker holds no line.
            if (!closed && (part.Length > 0 || !endMarker)) part += "\n";
            return endMarker ? "\n" + part : part;
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
