using System;
using System.Collections.Generic;
using System.Globalization;
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
            var v = ReadValue(0);
            SkipSpace();
            if (_pos < _text.Length) throw Error("unexpected '" + _text[_pos] + "' after the JSON value");
            return v;
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
                yield return parser.ReadValue(0);
                parser.SkipSpace();
            }
        }

        /// <summary>
        /// Parses with comments and trailing commas allowed, adding each one met to <paramref name="extensions"/> in
        /// text order, for a caller that must tell a strict reader (JSON.parse, Go's json.Unmarshal) from a JSONC one.
        /// </summary>
        public static DocNode ParseLenient(string text, string? source, IList<JsonExtension> extensions, CancellationToken ct) =>
            new JsonParser(text ?? "", source, true, 0, ct) { _extensions = extensions }.ReadWhole();

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
            _extensions.Insert(i, new JsonExtension("a trailing comma", comma));
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else if (c == '\uFEFF' && _pos == 0) _pos++;
                else if (_lenient && c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
                {
                    _extensions?.Add(new JsonExtension("a // comment", Here()));
                    while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
                }
                else if (_lenient && c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
                {
                    var start = Here();
                    _extensions?.Add(new JsonExtension("a /* comment */", start));
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

        private DocNode ReadValue(int depth)
        {
            if (depth > _maxDepth) throw Error("nesting deeper than " + _maxDepth + " levels (" + Limits.Current.Describe(nameof(Limits.JsonMaxDepth)) + ")");
            _ct.ThrowIfCancellationRequested();
            if (_pos >= _text.Length) throw Error("unexpected end of input, a value was expected");
            char c = _text[_pos];
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

        private string ReadString()
        {
            _pos++; // opening quote
            int runStart = _pos;
            StringBuilder? sb = null;
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos];
                if (c == '"')
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
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
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
                            sb.Append((char)cp);
                            _pos += 4;
                            break;
                        default:
                            _pos--;
                            throw Error("invalid escape '\\" + e + "'");
                    }
                    runStart = _pos;
                    continue;
                }
                if (c < 0x20)
                {
                    throw Error(c == '\n' ? "unterminated string (a line break inside a string must be written \\n)" : "control character inside a string");
                }
                _pos++;
            }
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
                list.Items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (_pos >= _text.Length) throw Error("unexpected end of input, ',' or ']' was expected");
                char c = _text[_pos];
                if (c == ',') { comma = Here(); _pos++; continue; }
                if (c == ']') { _pos++; return list; }
                throw Error("unexpected '" + c + "', ',' or ']' was expected");
            }
        }

        private DocNode ReadObject(int depth)
        {
            var map = new DocMap(Here());
            _pos++;
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == '}') { _pos++; return map; }
            SourceLocation? comma = null;
            while (true)
            {
                SkipSpace();
                if (_lenient && _pos < _text.Length && _text[_pos] == '}' && map.Entries.Count > 0) { Trailing(comma); _pos++; return map; }
                if (_pos >= _text.Length) throw Error("unexpected end of input, a property name was expected");
                if (_text[_pos] != '"') throw Error("unexpected '" + _text[_pos] + "', a property name in double quotes was expected");
                string key = ReadString();
                SkipSpace();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Error(_pos >= _text.Length ? "unexpected end of input, ':' was expected" : "unexpected '" + _text[_pos] + "', ':' was expected");
                _pos++;
                SkipSpace();
                map.SetAgain(key, ReadValue(depth + 1));
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
    }
}
