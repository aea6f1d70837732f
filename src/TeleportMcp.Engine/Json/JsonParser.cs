using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Json
{
    /// <summary>
    /// A strict RFC 8259 JSON reader that keeps line and column for every value. Hand-written so the engine needs no
    /// System.Text.Json (and its facade DLLs) on Windows PowerShell 5.1. Optionally tolerates comments and trailing
    /// commas, as MCP client configuration files allow.
    /// </summary>
    public sealed class JsonParser
    {
        private readonly string _text;
        private readonly string? _source;
        private readonly bool _lenient;
        private readonly int _lineOffset;
        private readonly CancellationToken _ct;
        private IList<JsonExtension>? _extensions;
        // Copilot CLI's reader of its user file (ParseCopilotCliUser): its grammar, and the values it keeps.
        private bool _copilot;
        // Copilot CLI 1.0.66 to 1.0.92 (jsonc-parser 0.33): a // comment runs to the next line feed, '$' and true/false/null
        // are refused in a property name without quotes (measured; ParseCopilotCliUser's second reading).
        private bool _older;
        private SourceLocation? _loneCrComment;
        // VS Code's reader of its own files (ParseVsCode): its white space and line breaks, empty content, "__proto__".
        private bool _vscode;
        private bool _keepPrototypes;
        private TeleportInputException? _prototype;
        private bool _started;
        private int _dropped;
        private int _textDepth;
        private int _keptDepth;
        private bool _limited;
        private TeleportInputException? _tooDeep;
        // OlderCopilotComments: the // comments read, as start and end offsets in text order.
        private List<int>? _comments;
        private Dictionary<string, TeleportInputException>? _tooDeepByKey;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private readonly int _maxDepth = Limits.Current.JsonMaxDepth;

        private JsonParser(string text, string? source, bool lenient, int lineOffset, CancellationToken ct)
        {
            _text = text;
            _source = source;
            _lenient = lenient;
            _lineOffset = lineOffset;
            _ct = ct;
        }

        /// <summary>Parses one JSON value that fills the whole text.</summary>
        /// <exception cref="TeleportInputException">Code JsonParseError, with the location of the problem.</exception>
        public static DocNode Parse(string text, string? source = null, bool lenient = false, int lineOffset = 0) =>
            Parse(text, source, CancellationToken.None, lenient, lineOffset);

        /// <summary>As <see cref="Parse(string, string, bool, int)"/>, looking at the token for every value.</summary>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public static DocNode Parse(string text, string? source, CancellationToken ct, bool lenient = false, int lineOffset = 0) =>
            new JsonParser(text ?? "", source, lenient, lineOffset, ct).ReadWhole();

        private DocNode ReadWhole()
        {
            SkipSpace();
            var at = Here();
            // allowEmptyContent, and the caller's "|| {}".
            if (_vscode && _pos >= _text.Length) return new DocMap(at);
            var v = ReadValue(0);
            SkipSpace();
            if (_pos < _text.Length) throw Error("unexpected '" + _text[_pos] + "' after the JSON value");
            // Copilot CLI re-reads the kept value only once the whole text has parsed.
            if (_tooDeepByKey != null && _tooDeepByKey.Count > 0)
            {
                TeleportInputException? first = null;
                foreach (var e in _tooDeepByKey.Values)
                    if (first == null || e.Location!.Line < first.Location!.Line || (e.Location.Line == first.Location.Line && e.Location.Column < first.Location.Column)) first = e;
                first!.Data[DeepTakeKey] = true;
                throw first;
            }
            // Only a text that parses gets this far in VS Code: a syntax error anywhere refuses the file first.
            if (_prototype != null && !_keepPrototypes) throw _prototype;
            return v ?? new DocScalar(null, true, false, at);
        }

        /// <summary>
        /// The values of a stream of JSON values, one after another, as Go's json.Decoder reads them: white space between them
        /// is optional ("{...}{...}"). tctl create reads a file whose first character other than white space is '{' so
        /// (k8s.io/apimachinery pkg/util/yaml decoder.go YAMLOrJSONDecoder, GuessJSONStream). A syntax error ends the stream,
        /// as the decoder cannot find where the next value starts: it is thrown when the values before it have been given.
        /// </summary>
        /// <exception cref="TeleportInputException">Code JsonParseError, with the location of the problem.</exception>
        public static IEnumerable<DocNode> ParseStream(string text, string? source, CancellationToken ct)
        {
            var parser = new JsonParser(text ?? "", source, false, 0, ct);
            parser.SkipSpace();
            while (parser._pos < parser._text.Length)
            {
                yield return parser.ReadValue(0)!;
                parser.SkipSpace();
            }
        }

        /// <summary>
        /// Parses with comments and trailing commas allowed, adding each one met to <paramref name="extensions"/> in
        /// text order, for a caller that must tell a strict reader (JSON.parse, Go's json.Unmarshal) from a JSONC one.
        /// </summary>
        public static DocNode ParseLenient(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct) =>
            new JsonParser(text ?? "", source, true, 0, ct) { _extensions = extensions }.ReadWhole();

        /// <summary>
        /// Parses as Copilot CLI reads its user file <c>mcp-config.json</c> (measured: @github/copilot-linux-x64 1.0.102
        /// runtime.node <c>mcpConfigLoadMerged</c>, which links the Rust crates jsonc-parser 0.34.0 and serde_json 1.0.154):
        /// JSONC plus hexadecimal and plus-signed numbers, leading zeros, "5." and "1e", single-quoted strings, property
        /// names without quotes (words and numbers), missing commas, raw control characters in strings, Unicode white space
        /// and byte order marks before the first value. Of what it takes it keeps only a property whose name is in double
        /// quotes and whose value is neither single-quoted nor plus-signed, a hexadecimal number as 0 and another number as
        /// its longest JSON prefix ("007" is 0); a kept value nested deeper than 127 levels (the file's own object counted)
        /// is "recursion limit exceeded", any text deeper than 512 is refused. Each extension met is added to
        /// <paramref name="extensions"/>.
        /// </summary>
        public static DocNode ParseCopilotCliUser(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct) =>
            ParseCopilotCliUser(text, source, extensions, ct, out _);

        /// <summary>
        /// As above; <paramref name="otherwise"/> is the document as <see cref="OlderCopilotReleases"/> read it when they take the
        /// text too but read it otherwise (a lone-CR comment runs to the next line feed, over text 1.0.102 reads), else null.
        /// </summary>
        public static DocNode ParseCopilotCliUser(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct, out DocNode? otherwise)
        {
            otherwise = null;
            var newer = new JsonParser(text ?? "", source, true, 0, ct) { _extensions = extensions, _copilot = true };
            DocNode doc;
            try
            {
                doc = newer.ReadWhole();
            }
            catch (TeleportInputException e) when (newer._loneCrComment != null && !IsLimit(e))
            {
                // What followed a lone CR was inside the older releases' comment: they may take the text 1.0.102 refuses.
                var olderExtensions = new List<JsonExtension>();
                DocNode olderDoc;
                try
                {
                    olderDoc = new JsonParser(text ?? "", source, true, 0, ct) { _copilot = true, _older = true, _extensions = olderExtensions }.ReadWhole();
                }
                catch (TeleportInputException)
                {
                    throw e;
                }
                e.Data[OlderTakeKey] = newer._loneCrComment.ToString();
                // 1.0.62 to 1.0.65 read the comment as the older releases do, and then refuse what they refuse in that reading.
                var earliest = EarliestLoaderRefusal(olderDoc, olderExtensions);
                if (earliest != null) e.Data[EarliestRefuseKey] = earliest;
                throw;
            }
            if (newer._loneCrComment != null) otherwise = OlderReadOtherwise(doc, text ?? "", source, extensions, ct);
            return doc;
        }

        // Both grammars may take a text with a lone-CR comment: the older releases then read without what lies between the CR
        // and the next line feed (measured, 1.0.66-1.0.92: a server after the CR not loaded; an "env" after it not read, so an
        // entry 1.0.102 skips loads). The lone-CR extension then names what they read otherwise instead of a refusal.
        private static DocNode? OlderReadOtherwise(DocNode doc, string text, string? source, IList<JsonExtension> extensions, CancellationToken ct)
        {
            DocNode older;
            try
            {
                older = new JsonParser(text, source, true, 0, ct) { _copilot = true, _older = true }.ReadWhole();
            }
            catch (TeleportInputException)
            {
                return null;
            }
            var now = (doc as DocMap)?.Get("mcpServers") as DocMap;
            var then = (older as DocMap)?.Get("mcpServers") as DocMap;
            var nowNames = now?.Entries.Select(kv => kv.Key).Distinct().ToList() ?? new List<string>();
            var thenNames = then?.Entries.Select(kv => kv.Key).Distinct().ToList() ?? new List<string>();
            var parts = new List<string>();
            var nowSet = new HashSet<string>(nowNames, StringComparer.Ordinal);
            var thenSet = new HashSet<string>(thenNames, StringComparer.Ordinal);
            var notLoaded = nowNames.Where(n => !thenSet.Contains(n)).ToList();
            var besides = thenNames.Where(n => !nowSet.Contains(n)).ToList();
            var otherwise = nowNames.Where(n => thenSet.Contains(n) && !SameValue(now!.Get(n), then!.Get(n))).ToList();
            if (notLoaded.Count > 0) parts.Add("do not load " + Servers(notLoaded));
            if (besides.Count > 0) parts.Add("load " + Servers(besides) + ", which 1.0.102 does not");
            if (otherwise.Count > 0) parts.Add("read " + Servers(otherwise) + " without that text");
            string what = LoneCrWords + " (" + OlderCopilotReleases + OlderReleasesReadOtherwise + ", so they "
                + (parts.Count > 0 ? ListText.Join("; ", parts) : "read the same MCP servers") + ")";
            for (int i = 0; i < extensions.Count; i++)
                if (extensions[i].What.StartsWith(LoneCrWords, StringComparison.Ordinal))
                    extensions[i] = new JsonExtension(what, extensions[i].Location) { Count = extensions[i].Count };
            return older;
        }

        /// <summary>
        /// The // comments of <see cref="OlderCopilotReleases"/>' reading of <paramref name="text"/> (theirs run to the next line
        /// feed), read once a file: a file can hold many entries to ask about.
        /// </summary>
        public static OlderCopilotCommentRanges OlderCopilotComments(string text, CancellationToken ct)
        {
            ParseCounter.Add(ParseCounter.OlderCopilotComments);
            var older = new JsonParser(text, null, true, 0, ct) { _copilot = true, _older = true, _comments = new List<int>() };
            try
            {
                older.ReadWhole();
            }
            catch (TeleportInputException)
            {
                // The comments before the refusal were read; none after it is.
            }
            return new OlderCopilotCommentRanges(text, older._comments);
        }

        private static string Servers(List<string> names) =>
            (names.Count == 1 ? "the server " : "the servers ") + ListText.Join(", ", names.Select(GoText.Quote));

        /// <summary>Whether two documents hold the same values (names, order and kinds of scalars), wherever they are written.</summary>
        public static bool SameValue(DocNode? a, DocNode? b) => (a, b) switch
        {
            (DocScalar x, DocScalar y) => x.IsNull == y.IsNull && x.IsQuoted == y.IsQuoted && x.Value == y.Value,
            (DocList x, DocList y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items, SameValue).All(same => same),
            (DocMap x, DocMap y) => x.Entries.Count == y.Entries.Count
                && x.Entries.Zip(y.Entries, (p, q) => p.Key == q.Key && SameValue(p.Value, q.Value)).All(same => same),
            (null, null) => true,
            _ => false,
        };

        private const string LoneCrWords = "a // comment ended by a lone carriage return";

        /// <summary>What the lone-CR extension says when the older releases (<see cref="OlderCopilotReleases"/>) take the file as well.</summary>
        public const string OlderReleasesReadOtherwise = " take the file too, but their comment runs past the carriage return to the next line feed";

        private const string OlderTakeKey = "TeleportMcp.JsonOlderCopilotTakes";

        private const string DeepTakeKey = "TeleportMcp.JsonDeepCopilotTakes";

        private const string EarliestRefuseKey = "TeleportMcp.JsonEarliestCopilotRefuses";

        /// <summary>
        /// What <see cref="EarliestLoaderReleases"/> refuse the whole user file for in a reading they take otherwise, with where
        /// ("a single-quoted string at line 2, column 5"): the first extension they refuse (<see cref="EarliestLoaderRefuses"/>) or
        /// the first value nested too deep for them (<see cref="EarliestLoaderTooDeep"/>), whichever comes first; null when neither.
        /// </summary>
        private static string? EarliestLoaderRefusal(DocNode doc, IEnumerable<JsonExtension> extensions)
        {
            var ext = extensions.Where(x => EarliestLoaderRefuses(x.What)).OrderBy(x => x.Location.Line).ThenBy(x => x.Location.Column).FirstOrDefault();
            var deep = EarliestLoaderTooDeep(doc);
            bool deepFirst = deep is SourceLocation d && (ext == null || d.Line < ext.Location.Line || (d.Line == ext.Location.Line && d.Column < ext.Location.Column));
            if (deepFirst) return "a value nested deeper than 127 levels at line " + deep!.Line + ", column " + deep.Column;
            return ext == null ? null : ext.What.Substring(0, ext.What.IndexOf(" (", StringComparison.Ordinal)) + " at line " + ext.Location.Line + ", column " + ext.Location.Column;
        }

        /// <summary>
        /// For a user file only the older releases take (<see cref="OlderReleasesTake"/>): what <see cref="EarliestLoaderReleases"/>, which
        /// run the comment to the next line feed as those releases do, still refuse the whole file for ("a single-quoted string at
        /// line 2, column 5"); null when they take it too (measured, helper-268 cr2-cr4: 1.0.62 and 1.0.65 take such text unless
        /// what they read then holds a single-quoted name, "1e" or a value 128 levels deep).
        /// </summary>
        public static string? EarliestLoaderRefusesToo(TeleportInputException e) => e.Data[EarliestRefuseKey] as string;

        /// <summary>The releases that take a user file whose lone-CR comment runs, to them, over the text 1.0.102 refuses.</summary>
        public const string LoneCrTakenBy = "Copilot CLI 1.0.62 to 1.0.92";

        /// <summary>
        /// The releases that take a user file <see cref="ParseCopilotCliUser"/> refuses for serde_json's recursion limit (a root
        /// property other than "mcpServers" nested 127 levels deep): measured, /tmp/h261 depth.jsonl (133 texts), 1.0.66 to 1.0.80
        /// read such a value to jsonc-parser's 512 levels and keep it; 1.0.81, 1.0.83, 1.0.85, 1.0.92 and 1.0.102 refuse it; 1.0.62 and 1.0.65 re-read
        /// the whole value with serde_json (app.js Jfi, mcpConfigParseAdditional), so they refuse it too.
        /// </summary>
        public const string DeepTakenBy = "Copilot CLI 1.0.66 to 1.0.80";

        /// <summary>Whether <paramref name="e"/> is that recursion-limit refusal, which <see cref="DeepTakenBy"/> do not make.</summary>
        public static bool OlderReleasesTakeDeep(TeleportInputException e) => e.Data.Contains(DeepTakeKey);

        /// <summary>
        /// Where the first // comment ended by a lone carriage return is, when Copilot CLI's older releases
        /// (<see cref="OlderCopilotReleases"/>) take the user file <paramref name="e"/> refuses: their comment runs past that
        /// carriage return to the next line feed, over the text 1.0.102 refuses (measured); null otherwise.
        /// </summary>
        public static string? OlderReleasesTake(TeleportInputException e) => e.Data[OlderTakeKey] as string;

        /// <summary>
        /// The releases measured to run a // comment to the next line feed (1.0.102 ends it at a lone carriage return too); 1.0.66 is
        /// the first with a file loader, the older releases' reader of the file is not measured.
        /// </summary>
        public const string OlderCopilotReleases = "Copilot CLI 1.0.66 to 1.0.92";

        /// <summary>The releases whose user-file reader (runtime.node persistenceReadRawJson, then JSON.parse) comes before jsonc-parser's.</summary>
        public const string EarliestLoaderReleases = "Copilot CLI 1.0.62 to 1.0.65";

        // Measured (helper-245's 6,220 texts, /tmp/h245 g.jsonl, and helper-261's 986 number texts, 58 numbers in 17 places,
        // runtime.node 1.0.62 and 1.0.65 against 1.0.66's mcpConfigLoadPersisted): every text holding one of these that 1.0.66
        // takes, 1.0.62-1.0.65 refuse ("mcpServers: Required", no server loads); none with only the other extensions. Of the
        // numbers JSON does not allow, they refuse those whose JSON number ends at the exponent's letter ("1e", "0E-", "1.5e+")
        // wherever they stand, and take leading zeros ("007", "01e", "01.5e") and a bare dot ("5."), as 1.0.66 reads them.
        private static readonly string[] s_earliestLoaderRefuses =
        {
            "a hexadecimal number", "a number with a plus sign", "a single-quoted string", "a single-quoted property name",
            "a property name without quotes", "a number as a property name", ExponentWithoutDigits,
        };

        private const string ExponentWithoutDigits = "a number whose exponent has no digits";

        /// <summary>Whether <see cref="EarliestLoaderReleases"/> refuse the whole user file for the extension <paramref name="what"/> (a <see cref="JsonExtension.What"/>).</summary>
        public static bool EarliestLoaderRefuses(string what) => s_earliestLoaderRefuses.Any(w => what.StartsWith(w + " (", StringComparison.Ordinal));

        /// <summary>
        /// The first container, in the text's order, that <see cref="EarliestLoaderReleases"/> meet 128 levels deep (the file's
        /// object counted) in the kept "mcpServers" value of <paramref name="root"/>, else null. They re-read the whole kept value
        /// with serde_json (app.js Jfi, mcpConfigParseAdditional; <see cref="CopilotKeptDepth"/>), "mcpServers" included, which
        /// 1.0.66 and later do not limit. Measured (helper-268, runtime.node 1.0.62 and 1.0.65 against 1.0.66 and 1.0.102): a
        /// server property 124 arrays or objects deep (127 levels) taken, 125 (128) refused ("Invalid JSON: recursion limit
        /// exceeded", no server loads); a value a later duplicate name replaces, of a server or of the root, does not count.
        /// </summary>
        public static SourceLocation? EarliestLoaderTooDeep(DocNode root)
        {
            if (root is not DocMap map || map.Get("mcpServers") is not DocNode servers) return null;
            SourceLocation? first = null;
            // A stack, not recursion: the value may be 512 levels deep.
            var stack = new Stack<KeyValuePair<DocNode, int>>();
            stack.Push(new KeyValuePair<DocNode, int>(servers, 2));
            while (stack.Count > 0)
            {
                var top = stack.Pop();
                DocNode node = top.Key;
                int depth = top.Value;
                if (node is not DocMap && node is not DocList) continue;
                if (depth > CopilotKeptDepth)
                {
                    var at = node.Location;
                    if (first == null || at.Line < first.Line || (at.Line == first.Line && at.Column < first.Column)) first = at;
                    continue;
                }
                if (node is DocMap m) foreach (var e in m.Entries) stack.Push(new KeyValuePair<DocNode, int>(e.Value, depth + 1));
                else foreach (var item in ((DocList)node).Items) stack.Push(new KeyValuePair<DocNode, int>(item, depth + 1));
            }
            return first;
        }

        /// <summary>
        /// Parses as VS Code reads its own mcp.json files (microsoft/vscode src/vs/platform/mcp/common/mcpResourceScannerService.ts
        /// @20ba3e6c withProfileMcpServers: <c>parse(text, errors, { allowTrailingComma: true, allowEmptyContent: true }) || {}</c>, any
        /// error refusing the file) and its settings (src/vs/base/common/json.ts @0656d21d, the scanner both use): JSONC whose white
        /// space also holds VT, FF, NBSP, U+1680, U+2000-U+200B, U+202F, U+205F, U+3000 and U+FEFF anywhere, whose line breaks
        /// U+2028 and U+2029 and a lone CR also end a // comment; text of white space and comments only is an empty object. A
        /// property named "__proto__" is assigned as JavaScript assigns it: a string, number or boolean is ignored, and an object,
        /// array or null becomes the prototype whose properties VS Code reads but does not list, which this reader does not model
        /// (<see cref="IsUnmodelled"/>). Each extension met is added to <paramref name="extensions"/>.
        /// </summary>
        public static DocNode ParseVsCode(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct) =>
            new JsonParser(text ?? "", source, true, 0, ct) { _extensions = extensions, _vscode = true }.ReadWhole();

        /// <summary>
        /// As <see cref="ParseVsCode"/>, but a "__proto__" object, array or null is kept as the prototype of the object around
        /// it (<see cref="DocMap.Prototype"/>), and one assigned where JavaScript makes it an own property is a property; the
        /// caller follows the prototypes as VS Code reads them (<see cref="VsCodeGet"/>) and <see cref="Unmodelled"/> says
        /// where it cannot.
        /// </summary>
        public static DocNode ParseVsCodeKeepingPrototypes(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct) =>
            new JsonParser(text ?? "", source, true, 0, ct) { _extensions = extensions, _vscode = true, _keepPrototypes = true }.ReadWhole();

        /// <summary>
        /// <c>map[key]</c> in JavaScript for a map of <see cref="ParseVsCodeKeepingPrototypes"/>: its own property, else its
        /// prototypes' (a list's items and Array.prototype hold no property a client file is read for).
        /// </summary>
        public static DocNode? VsCodeGet(DocMap map, string key)
        {
            for (DocNode? m = map; m is DocMap at; m = at.Prototype)
                if (at.Get(key) is DocNode v) return v;
            return null;
        }

        /// <summary>
        /// The first place in <paramref name="node"/> where a "__proto__" property made a prototype or an own property (null
        /// when none), as the error <see cref="ParseVsCode"/> throws for it: whoever reads that part of the value next may or
        /// may not read through the prototype, which is not modelled.
        /// </summary>
        public static TeleportInputException? Unmodelled(DocNode node, string? source, string why)
        {
            if (node is DocMap map)
            {
                if (map.Prototype != null) return PrototypeError(map.Prototype, map.PrototypeAt!, source, why);
                if (map.Get("__proto__") is DocNode own) return PrototypeError(null, own.Location, source, why);
                foreach (var kv in map.Entries)
                    if (Unmodelled(kv.Value, source, why) is TeleportInputException e) return e;
            }
            else if (node is DocList list)
            {
                foreach (var item in list.Items)
                    if (Unmodelled(item, source, why) is TeleportInputException e) return e;
            }
            return null;
        }

        /// <summary>Why <see cref="ParseVsCode"/> refuses a "__proto__" object, array or null anywhere.</summary>
        public const string PrototypeNotModelled = "which servers and values VS Code takes from this file is not modelled";

        private static TeleportInputException PrototypeError(DocNode? prototype, SourceLocation at, string? source, string why)
        {
            var e = new TeleportInputException("JsonParseError", prototype == null
                ? "a property named \"__proto__\" that VS Code's reader keeps as an ordinary property (its object has no Object.prototype to take it as the prototype); " + why
                : "a property named \"__proto__\" holding " + (prototype is DocMap ? "an object" : prototype is DocList ? "an array" : "null")
                + ": VS Code's reader makes it the prototype of the object around it, whose properties VS Code then reads without listing them; " + why,
                new SourceLocation(source, at.Line, at.Column));
            e.Data[UnmodelledKey] = "__proto__";
            return e;
        }

        private const string UnmodelledKey = "TeleportMcp.JsonUnmodelled";

        /// <summary>Whether <paramref name="e"/> is text the client reads in a way this reader does not model (not a refusal).</summary>
        public static bool IsUnmodelled(TeleportInputException e) => e.Data.Contains(UnmodelledKey);

        /// <summary>Marks <paramref name="e"/> as text some client release reads in a way not modelled here, for <paramref name="why"/>.</summary>
        internal static void MarkUnmodelled(TeleportInputException e, string why) => e.Data[UnmodelledKey] = why;

        /// <summary>Why <see cref="MarkUnmodelled"/> marked <paramref name="e"/>; null for a "__proto__" error, whose text says why.</summary>
        internal static string? UnmodelledReason(TeleportInputException e) => e.Data[UnmodelledKey] is string why && why != "__proto__" ? why : null;

        // json.ts isWhitespace and isLineBreak beyond JSON's four.
        private static bool IsVsCodeSpace(char c) =>
            c == '\u000B' || c == '\u000C' || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200B') || c == '\u202F' || c == '\u205F'
            || c == '\u3000' || c == '\u2028' || c == '\u2029';

        // jsonc-parser's nesting limit (parser.rs enter_container, "depth > 512") and serde_json's recursion limit (128 with
        // the container that hits it): Copilot CLI re-reads the kept value with serde_json.
        private const int CopilotTextDepth = 512, CopilotKeptDepth = 127;

        private const string LimitKey = "TeleportMcp.JsonLimit";

        /// <summary>Whether <paramref name="e"/> is this module's own limit (Limits.JsonMaxDepth), not the text's fault.</summary>
        public static bool IsLimit(TeleportInputException e) => e.Data.Contains(LimitKey);

        /// <summary>The words of <see cref="ParseCopilotCliUser"/>'s extensions whose property or value Copilot CLI drops.</summary>
        public const string Ignored = "(Copilot CLI ignores the ";

        /// <summary>
        /// The words of the extensions 1.0.102 takes but older releases refuse the whole file for ('$' in an unquoted name,
        /// true/false/null as a name, a // comment ended by a lone CR; measured on 6,199 texts with 1.0.92 and 1.0.78, and on
        /// each of these with every release from 1.0.66, the first with this loader, to 1.0.92).
        /// </summary>
        public const string OlderReleasesRefuse = OlderCopilotReleases + " refuse the file for it";

        private void Extension(string what, SourceLocation at) => Record(new JsonExtension(what, at), -1);

        // An extension at the current position; past the records kept only counted, with nothing built (one a character
        // for a flood of white space).
        private void Extension(string what)
        {
            if (_extensions == null) return;
            if (_extensions.Count >= MaxExtensionsKept) _extensions[_extensions.Count - 1].Count++;
            else _extensions.Add(new JsonExtension(what, Here()));
        }

        /// <summary>Records past it are counted on the last one kept (<see cref="JsonExtension.Count"/>), not kept.</summary>
        internal const int MaxExtensionsKept = 1000;

        private static readonly string[] s_keywords = { "true", "false", "null" };

        // A file of millions of comments, unquoted keys or stray spaces would otherwise hold a record for each (gigabytes for a
        // 64 MiB file); the checks read the first, the kinds and how many.
        private void Record(JsonExtension extension, int at)
        {
            if (_extensions == null) return;
            if (_extensions.Count >= MaxExtensionsKept)
            {
                _extensions[_extensions.Count - 1].Count++;
                return;
            }
            if (at < 0) _extensions.Add(extension);
            else _extensions.Insert(at, extension);
        }

        /// <summary>Parses without throwing; returns null and sets error on failure.</summary>
        public static DocNode? TryParse(string text, out TeleportInputException? error, string? source = null)
        {
            try
            {
                error = null;
                return Parse(text, source);
            }
            catch (TeleportInputException e)
            {
                error = e;
                return null;
            }
        }

        private SourceLocation Here() => new SourceLocation(_source, _line + _lineOffset, _pos - _lineStart + 1);

        private TeleportInputException Error(string message) =>
            new TeleportInputException("JsonParseError", "invalid JSON: " + message, Here());

        private void Trailing(SourceLocation? comma)
        {
            if (_extensions == null || comma == null) return;
            // Comments are recorded as they are skipped, a trailing comma only at its closing bracket: keep text order.
            int i = _extensions.Count;
            while (i > 0 && (_extensions[i - 1].Location.Line > comma.Line || (_extensions[i - 1].Location.Line == comma.Line && _extensions[i - 1].Location.Column > comma.Column))) i--;
            Record(new JsonExtension("a trailing comma", comma), i);
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else if (c == '\uFEFF' && (_pos == 0 || (_copilot && !_started) || _vscode))
                {
                    if (_pos > 0) Extension("a byte order mark not at the start");
                    _pos++;
                }
                // Rust's char::is_whitespace (jsonc-parser scanner.rs skip_whitespace) is Unicode White_Space, as .NET's.
                else if ((_copilot && char.IsWhiteSpace(c)) || (_vscode && IsVsCodeSpace(c))) { Extension("white space JSON does not allow"); _pos++; }
                else if (_lenient && c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
                {
                    Extension("a // comment");
                    int commentAt = _pos;
                    // Copilot CLI's comment also ends at a lone carriage return (measured).
                    while (_pos < _text.Length && _text[_pos] != '\n' && !(((_copilot && !_older) || _vscode) && _text[_pos] == '\r') && !(_vscode && (_text[_pos] == '\u2028' || _text[_pos] == '\u2029'))) _pos++;
                    if (_comments != null) { _comments.Add(commentAt); _comments.Add(_pos); }
                    if (_copilot && !_older && _pos < _text.Length && _text[_pos] == '\r' && CharAt(_pos + 1) != '\n')
                    {
                        _loneCrComment ??= Here();
                        Extension(LoneCrWords + " (" + OlderReleasesRefuse + ": theirs runs to the next line feed)", Here());
                    }
                }
                else if (_lenient && c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
                {
                    var start = Here();
                    Record(new JsonExtension("a /* comment */", start), -1);
                    _pos += 2;
                    while (true)
                    {
                        if (_pos + 1 >= _text.Length)
                            throw new TeleportInputException("JsonParseError", "invalid JSON: unterminated comment", start);
                        if (_text[_pos] == '*' && _text[_pos + 1] == '/') { _pos += 2; break; }
                        if (_text[_pos] == '\n') { _line++; _lineStart = _pos + 1; }
                        _pos++;
                    }
                }
                else break;
            }
        }

        /// <summary>The value at the position; null for one Copilot CLI drops (<see cref="ParseCopilotCliUser"/>).</summary>
        private DocNode? ReadValue(int depth)
        {
            if (depth > _maxDepth)
            {
                var limit = Error("nesting deeper than " + _maxDepth + " levels (" + Limits.Current.Describe(nameof(Limits.JsonMaxDepth)) + ")");
                limit.Data[LimitKey] = nameof(Limits.JsonMaxDepth);
                throw limit;
            }
            _ct.ThrowIfCancellationRequested();
            if (_pos >= _text.Length) throw Error("unexpected end of input, a value was expected");
            char c = _text[_pos];
            if (_copilot) return ReadCopilotValue(depth, c);
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"':
                {
                    var loc = Here();
                    return new DocScalar(ReadString(), false, true, loc);
                }
                case 't': return ReadWord("true");
                case 'f': return ReadWord("false");
                case 'n': return ReadWord("null");
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error("unexpected '" + c + "', a value was expected");
            }
        }

        private DocNode ReadWord(string word)
        {
            var loc = Here();
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error("unexpected '" + _text[_pos] + "', a value was expected");
            // jsonc-parser scanner.rs try_move_word: "nulls" is a word, not null and "s".
            if (_copilot && _pos + word.Length < _text.Length && char.IsLetterOrDigit(_text[_pos + word.Length]))
                throw Error("unexpected word, a value was expected");
            _pos += word.Length;
            return new DocScalar(word == "null" ? null : word, word == "null", false, loc);
        }

        private DocNode ReadNumber()
        {
            var loc = Here();
            int start = _pos;
            if (_text[_pos] == '-') _pos++;
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number");
            if (_text[_pos] == '0') _pos++;
            else while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            return new DocScalar(_text.Substring(start, _pos - start), false, false, loc);
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private string ReadString(char quote = '"')
        {
            bool control = false;
            _pos++; // opening quote
            int runStart = _pos;
            StringBuilder? sb = null;
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos];
                if (c == quote)
                {
                    string result = sb == null ? _text.Substring(runStart, _pos - runStart) : sb.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return result;
                }
                if (c == '\\')
                {
                    sb = sb ?? new StringBuilder();
                    sb.Append(_text, runStart, _pos - runStart);
                    _pos++;
                    if (_pos >= _text.Length) throw Error("unterminated string");
                    char e = _text[_pos++];
                    // Copilot CLI escapes the string's own quote only: '\'' in '...', '\"' in "..." (measured).
                    if (_copilot && (e == '"' || e == '\'') && e != quote) { _pos--; throw Error("invalid escape '\\" + e + "'"); }
                    if (e == '\'' && _copilot) e = '"';
                    switch (e)
                    {
                        case '"': sb.Append(quote); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp))
                                throw Error("invalid \\u escape");
                            _pos += 4;
                            if (_copilot && cp >= 0xD800 && cp <= 0xDFFF)
                            {
                                // A lone surrogate is refused (measured: "\ud83d", "\ude00"); a pair is one character.
                                bool pair = cp <= 0xDBFF && _pos + 6 <= _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == 'u'
                                    && int.TryParse(_text.Substring(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int low) && low >= 0xDC00 && low <= 0xDFFF;
                                if (!pair) { _pos -= 6; throw Error("lone surrogate in a \\u escape"); }
                                sb.Append((char)cp);
                                cp = int.Parse(_text.Substring(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                                _pos += 6;
                            }
                            sb.Append((char)cp);
                            break;
                        default:
                            _pos--;
                            throw Error("invalid escape '\\" + e + "'");
                    }
                    runStart = _pos;
                    continue;
                }
                if (c < 0x20 && _copilot)
                {
                    if (!control) Extension("a control character in a string");
                    control = true;
                    if (c == '\n') { _line++; _lineStart = _pos + 1; }
                }
                else if (c < 0x20)
                {
                    throw Error(c == '\n' ? "unterminated string (a line break inside a string must be written \\n)" : "control character inside a string");
                }
                _pos++;
            }
        }

        private DocNode? ReadCopilotValue(int depth, char c)
        {
            _started = true;
            var loc = Here();
            switch (c)
            {
                case '{':
                case '[':
                    // Measured (1.0.102): an object below the root counts two levels, an array one; 513 is refused.
                    int weight = c == '{' && depth > 0 ? 2 : 1;
                    if ((_textDepth += weight) > CopilotTextDepth)
                        throw Error("nesting deeper than " + CopilotTextDepth + " levels (an object inside another value counts two), which Copilot CLI refuses");
                    bool kept = _limited && _dropped == 0;
                    if (kept && ++_keptDepth > CopilotKeptDepth && _tooDeep == null)
                        _tooDeep = new TeleportInputException("JsonParseError",
                            "invalid JSON: a value nested deeper than " + CopilotKeptDepth + " levels, which Copilot CLI refuses (\"recursion limit exceeded\")", loc);
                    var container = c == '{' ? ReadCopilotObject(depth) : ReadCopilotArray(depth);
                    if (kept) _keptDepth--;
                    _textDepth -= weight;
                    return container;
                case '"': return new DocScalar(ReadString(), false, true, loc);
                case '\'':
                    ReadString('\'');
                    Extension("a single-quoted string (Copilot CLI ignores the value)", loc);
                    return null;
                case 't': return ReadWord("true");
                case 'f': return ReadWord("false");
                case 'n': return ReadWord("null");
                default:
                    if (c == '-' || c == '+' || IsDigit(c)) return ReadCopilotNumber(loc, false);
                    if (IsWordChar(c)) throw Error("unexpected word, a value was expected");
                    throw Error("unexpected '" + c + "', a value was expected");
            }
        }

        private DocNode ReadCopilotObject(int depth)
        {
            var map = new DocMap(Here());
            _pos++;
            bool any = false, afterComma = false;
            SourceLocation? comma = null;
            while (true)
            {
                SkipSpace();
                if (_pos >= _text.Length) throw Error("unexpected end of input, a property name or '}' was expected");
                char c = _text[_pos];
                if (c == '}') { if (afterComma) Trailing(comma); _pos++; return map; }
                if (c == ',') throw Error("unexpected ',', a property name was expected");
                if (any && !afterComma) Extension("a missing comma");
                string? key = ReadCopilotKey();
                SkipSpace();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Error(_pos >= _text.Length ? "unexpected end of input, ':' was expected" : "unexpected '" + _text[_pos] + "', ':' was expected");
                _pos++;
                SkipSpace();
                if (key == null) _dropped++;
                // serde_json's recursion limit is met only in a kept property of the root other than mcpServers (measured:
                // 500 levels inside mcpServers taken, 128 in a root property refused); the file's object is the first level.
                bool limited = depth == 0 && key != null && key != "mcpServers";
                if (limited) { _limited = true; _keptDepth = 1; _tooDeep = null; }
                var value = ReadValue(depth + 1);
                if (key == null) _dropped--;
                if (limited)
                {
                    _limited = false;
                    // The later of duplicate keys wins, so only the value kept for each name counts.
                    if (value != null && _tooDeep != null) (_tooDeepByKey ??= new Dictionary<string, TeleportInputException>(StringComparer.Ordinal))[key!] = _tooDeep;
                    else if (value != null) _tooDeepByKey?.Remove(key!);
                }
                if (key != null && value != null) map.SetAgain(key, value);
                any = true;
                SkipSpace();
                afterComma = _pos < _text.Length && _text[_pos] == ',';
                if (afterComma) { comma = Here(); _pos++; }
            }
        }

        private DocNode ReadCopilotArray(int depth)
        {
            var list = new DocList(Here());
            _pos++;
            bool any = false, afterComma = false;
            SourceLocation? comma = null;
            while (true)
            {
                SkipSpace();
                if (_pos >= _text.Length) throw Error("unexpected end of input, a value or ']' was expected");
                if (_text[_pos] == ']') { if (afterComma) Trailing(comma); _pos++; return list; }
                if (any && !afterComma) Extension("a missing comma");
                var value = ReadValue(depth + 1);
                if (value != null) list.Items.Add(value);
                any = true;
                SkipSpace();
                afterComma = _pos < _text.Length && _text[_pos] == ',';
                if (afterComma) { comma = Here(); _pos++; }
            }
        }

        /// <summary>A property name in double quotes; null for one Copilot CLI reads but drops with its value.</summary>
        private string? ReadCopilotKey()
        {
            var loc = Here();
            char c = _text[_pos];
            if (c == '"') return ReadString();
            if (c == '\'')
            {
                ReadString('\'');
                Extension("a single-quoted property name (Copilot CLI ignores the property)", loc);
                return null;
            }
            if (c == '-' || c == '+' || IsDigit(c))
            {
                ReadCopilotNumber(loc, true);
                Extension("a number as a property name (Copilot CLI ignores the property)", loc);
                return null;
            }
            if (!IsWordChar(c)) throw Error("unexpected '" + c + "', a property name was expected");
            int start = _pos;
            while (_pos < _text.Length && IsWordChar(_text[_pos])) _pos++;
            // jsonc-parser scanner.rs: true, false and null not followed by a letter or digit are tokens of their own.
            bool keyword = false;
            foreach (var word in s_keywords)
                if (string.CompareOrdinal(_text, start, word, 0, word.Length) == 0 && !char.IsLetterOrDigit(CharAt(start + word.Length)))
                {
                    _pos = start + word.Length;
                    keyword = true;
                    break;
                }
            // scanner.rs parse_word: a word ends at white space or ':'; any other character is refused.
            if (!keyword && _pos < _text.Length && _text[_pos] != ':' && !char.IsWhiteSpace(_text[_pos]))
                throw Error("unexpected '" + _text[_pos] + "' in a property name");
            Extension("a property name without quotes (Copilot CLI ignores the property)", loc);
            bool dollar = _text.IndexOf('$', start, _pos - start) >= 0;
            if (_older && (keyword || dollar))
            {
                _pos = start;
                throw Error(keyword ? "true, false or null as a property name" : "'$' in a property name");
            }
            if (keyword || dollar)
                Extension((keyword ? "true, false or null as a property name" : "a '$' in a property name without quotes") + " (" + OlderReleasesRefuse + ")", loc);
            return null;
        }

        private char CharAt(int i) => i < _text.Length ? _text[i] : ' ';

        // scanner.rs parse_word: ASCII letters and digits, '-' and '_', other letters and digits; '$' since 0.34 (measured).
        private static bool IsWordChar(char c) =>
            c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '_' || c == '$' : char.IsLetterOrDigit(c);

        /// <summary>
        /// A number as Copilot CLI's scanner takes it: a sign, then 0x and hexadecimal digits, or digits with an optional
        /// fraction and exponent whose digits may be missing ("5.", "1e+"). The value kept is 0 for a hexadecimal number
        /// and the longest JSON number the text starts with otherwise ("007" is 0); a plus sign drops the value.
        /// </summary>
        private DocNode? ReadCopilotNumber(SourceLocation loc, bool key)
        {
            int start = _pos;
            bool plus = _text[_pos] == '+';
            if (plus || _text[_pos] == '-') _pos++;
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number");
            string value;
            if (_text[_pos] == '0' && _pos + 1 < _text.Length && (_text[_pos + 1] == 'x' || _text[_pos + 1] == 'X'))
            {
                _pos += 2;
                while (_pos < _text.Length && Uri.IsHexDigit(_text[_pos])) _pos++;
                value = "0";
                if (!key && !plus) Extension("a hexadecimal number (Copilot CLI reads it as 0)", loc);
            }
            else
            {
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
                bool bareDot = false;
                if (_pos < _text.Length && _text[_pos] == '.')
                {
                    int dot = ++_pos;
                    while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
                    bareDot = _pos == dot;
                }
                // "5." is taken, "5.e3" is not (measured).
                if (!bareDot && _pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
                {
                    _pos++;
                    if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                    while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
                }
                value = JsonNumberPrefix(_text, plus ? start + 1 : start, _pos);
                // Where JSON's number stops at the exponent's letter ("1e", "1.5E+"), not at a second leading digit ("01e") or a
                // bare dot ("5."), 1.0.62-1.0.65 refuse the file (measured, EarliestLoaderRefuses).
                if (!key && !plus && value.Length != _pos - start)
                    Extension((_text[start + value.Length] is 'e' or 'E' ? ExponentWithoutDigits : "a number JSON does not allow")
                        + " (Copilot CLI reads it as " + value + ")", loc);
            }
            if (key) return null;
            if (plus)
            {
                Extension("a number with a plus sign (Copilot CLI ignores the value)", loc);
                return null;
            }
            return new DocScalar(value, false, false, loc);
        }

        private static string JsonNumberPrefix(string text, int start, int end)
        {
            int i = start;
            if (text[i] == '-') i++;
            if (text[i] == '0') i++;
            else while (i < end && IsDigit(text[i])) i++;
            if (i + 1 < end && text[i] == '.' && IsDigit(text[i + 1]))
                for (i += 2; i < end && IsDigit(text[i]); i++) { }
            if (i + 1 < end && (text[i] == 'e' || text[i] == 'E'))
            {
                int j = i + 1;
                if (text[j] == '+' || text[j] == '-') j++;
                if (j < end && IsDigit(text[j])) for (i = j + 1; i < end && IsDigit(text[i]); i++) { }
            }
            return text.Substring(start, i - start);
        }

        private DocNode ReadArray(int depth)
        {
            var list = new DocList(Here());
            _pos++;
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == ']') { _pos++; return list; }
            SourceLocation? comma = null;
            while (true)
            {
                SkipSpace();
                if (_lenient && _pos < _text.Length && _text[_pos] == ']' && list.Items.Count > 0) { Trailing(comma); _pos++; return list; }
                list.Items.Add(ReadValue(depth + 1)!);
                SkipSpace();
                if (_pos >= _text.Length) throw Error("unexpected end of input, ',' or ']' was expected");
                char c = _text[_pos];
                if (c == ',') { comma = Here(); _pos++; continue; }
                if (c == ']') { _pos++; return list; }
                throw Error("unexpected '" + c + "', ',' or ']' was expected");
            }
        }

        // json.ts parse assigns currentParent[name] = value: JavaScript's [[Set]] of "__proto__". An own "__proto__" property
        // is overwritten; else the first one up the prototype chain decides: Object.prototype's accessor, reached when no
        // prototype holds its own "__proto__" and the chain does not end in null (a list's goes through Array.prototype to
        // it), takes an object, array or null as the prototype and ignores a string, number or boolean; a data property, or a
        // chain without Object.prototype, makes an own property (measured, Node 20, on json.ts's parse).
        private void Prototype(DocMap map, DocNode value, SourceLocation at)
        {
            bool setter = map.Get("__proto__") == null;
            for (DocNode? p = map.Prototype; setter && p != null && !(p is DocList); p = (p as DocMap)?.Prototype)
                if (!(p is DocMap pm) || pm.Get("__proto__") != null) setter = false;
            if (setter && value is DocScalar s && !s.IsNull)
            {
                Record(new JsonExtension("a property named __proto__ (VS Code ignores it)", at), -1);
                return;
            }
            if (setter)
            {
                map.Prototype = value;
                map.PrototypeAt = at;
            }
            else map.SetAgain("__proto__", value);
            if (_prototype == null) _prototype = PrototypeError(setter ? value : null, at, _source, PrototypeNotModelled);
        }

        private DocNode ReadObject(int depth)
        {
            var map = new DocMap(Here());
            _pos++;
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == '}') { _pos++; return map; }
            SourceLocation? comma = null;
            // Members read, "__proto__" ones included (ParseVsCode keeps them off the map).
            int members = 0;
            while (true)
            {
                SkipSpace();
                if (_lenient && _pos < _text.Length && _text[_pos] == '}' && members > 0) { Trailing(comma); _pos++; return map; }
                if (_pos >= _text.Length) throw Error("unexpected end of input, a property name was expected");
                if (_text[_pos] != '"') throw Error("unexpected '" + _text[_pos] + "', a property name in double quotes was expected");
                var keyAt = Here();
                string key = ReadString();
                SkipSpace();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Error(_pos >= _text.Length ? "unexpected end of input, ':' was expected" : "unexpected '" + _text[_pos] + "', ':' was expected");
                _pos++;
                SkipSpace();
                var value = ReadValue(depth + 1)!;
                if (_vscode && key == "__proto__") Prototype(map, value, keyAt);
                else map.SetAgain(key, value);
                members++;
                SkipSpace();
                if (_pos >= _text.Length) throw Error("unexpected end of input, ',' or '}' was expected");
                char c = _text[_pos];
                if (c == ',') { comma = Here(); _pos++; continue; }
                if (c == '}') { _pos++; return map; }
                throw Error("unexpected '" + c + "', ',' or '}' was expected");
            }
        }
    }

    /// <summary>What a lenient parse allowed that RFC 8259 does not: a comment or a trailing comma, and where.</summary>
    public sealed class JsonExtension
    {
        public JsonExtension(string what, SourceLocation location)
        {
            What = what;
            Location = location;
        }

        /// <summary>"a // comment", "a /* comment */", "a trailing comma".</summary>
        public string What { get; }
        public SourceLocation Location { get; }

        /// <summary>How many places this record stands for: 1, or more for the last one kept when a file holds more than
        /// <see cref="JsonParser.MaxExtensionsKept"/> (the ones after it, of any kind).</summary>
        public long Count { get; internal set; } = 1;
    }

    /// <summary>The // comments of one reading of a text, as <see cref="JsonParser.OlderCopilotComments"/> found them.</summary>
    public sealed class OlderCopilotCommentRanges
    {
        private readonly string _text;
        private readonly List<int> _bounds;
        private List<int>? _lineStarts;

        internal OlderCopilotCommentRanges(string text, List<int> bounds)
        {
            _text = text;
            _bounds = bounds;
        }

        /// <summary>Whether a comment holds the place <paramref name="at"/> (a line and column of this reader) after its "//".</summary>
        public bool Holds(SourceLocation at)
        {
            if (at.Line < 1 || at.Column < 1 || _bounds.Count == 0) return false;
            if (_lineStarts == null)
            {
                _lineStarts = new List<int> { 0 };
                for (int i = _text.IndexOf('\n'); i >= 0; i = _text.IndexOf('\n', i + 1)) _lineStarts.Add(i + 1);
            }
            if (at.Line > _lineStarts.Count) return false;
            int offset = _lineStarts[at.Line - 1] + at.Column - 1;
            // The last comment starting before the offset: comments are read in text order and do not overlap.
            int lo = 0, hi = _bounds.Count / 2 - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                if (_bounds[2 * mid] < offset) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            return found >= 0 && offset < _bounds[2 * found + 1];
        }
    }
}
