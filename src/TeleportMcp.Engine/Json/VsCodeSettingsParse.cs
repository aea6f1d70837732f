using System;
using System.Collections.Generic;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Json
{
    /// <summary>
    /// VS Code's settings reader, which keeps what it reads around a syntax error: platform/configuration/common/
    /// configurationModels.ts ConfigurationModelParser.doParseContent runs base/common/json.ts visit (default options: no
    /// trailing comma allowed, comments allowed) and builds JavaScript values from its callbacks, assigning each property
    /// (<c>currentParent[currentProperty] = value</c>) and pushing array items; an error is recorded and the visit goes on by
    /// json.ts's recovery (skip to the next ',' or '}' / ']'); the value is the first one built (<c>currentParent[0] || {}</c>).
    /// Standalone files (a workspace's .vscode/mcp.json, a .code-workspace) are read by subclasses of the same parser.
    /// </summary>
    internal sealed class VsCodeSettingsParse
    {
        private enum Kind { OpenBrace, CloseBrace, OpenBracket, CloseBracket, Comma, Colon, Null, True, False, String, Number, LineComment, BlockComment, LineBreak, Trivia, Unknown, Eof }
        private enum ScanError { None, EndOfComment, EndOfString, EndOfNumber, InvalidUnicode, InvalidEscape, InvalidCharacter }

        private readonly string _text;
        private readonly string? _source;
        private readonly CancellationToken _ct;
        private readonly int _maxDepth = Limits.Current.JsonMaxDepth;
        private readonly List<int> _lineStarts = new List<int> { 0 };
        private int _pos;
        private string _value = "";
        private int _tokenOffset;
        private Kind _token = Kind.Unknown;
        private ScanError _scanError;
        private int _depth;
        // The visitor's state (doParseContent): the container values go into and the property they are set as.
        private object _parent;
        private string? _property;
        private readonly Stack<object> _parents = new Stack<object>();
        private readonly List<DocNode> _top = new List<DocNode>();
        // The property names met in order, with the path of names above each (for what a reader then drops).
        private readonly List<string> _path = new List<string>();
        // Arrays open around the current place: a property inside one is not at a path of names.
        private int _arrays;

        private VsCodeSettingsParse(string text, string? source, CancellationToken ct)
        {
            _text = text;
            _source = source;
            _ct = ct;
            _parent = _top;
            for (int i = 0; i < text.Length; i++)
                if (text[i] == '\n') _lineStarts.Add(i + 1);
        }

        /// <summary>The value doParseContent returns: null for "{}" made of nothing (empty text, no value, a false one).</summary>
        public DocNode? Value { get; private set; }

        /// <summary>How many errors json.ts reported; 0 when the text is JSON with comments as VS Code's settings take it.</summary>
        public int Errors { get; private set; }

        /// <summary>
        /// Why the value is not modelled (a "__proto__" property holding an object, array or null becomes a prototype;
        /// this module's nesting limit, where JavaScript's own stack would end the read otherwise); null when it is.
        /// </summary>
        public string? Unmodelled { get; private set; }

        /// <summary>Each property name met at the given path of names (the path joined by '\0'), with where it was written.</summary>
        public List<KeyValuePair<string, SourceLocation>> PropertiesAt(params string[] path)
        {
            string key = string.Join("\0", path);
            return _properties.TryGetValue(key, out var list) ? list : new List<KeyValuePair<string, SourceLocation>>();
        }

        private readonly Dictionary<string, List<KeyValuePair<string, SourceLocation>>> _properties = new Dictionary<string, List<KeyValuePair<string, SourceLocation>>>(StringComparer.Ordinal);

        /// <summary>Whether the property <see cref="PropertiesAt"/> gave at <paramref name="at"/> was read with a value (not skipped at an error).</summary>
        public bool ReadAValue(SourceLocation at) => _valued.Contains((at.Line, at.Column));

        private readonly HashSet<(int Line, int Column)> _valued = new HashSet<(int Line, int Column)>();
        // The property of _properties whose value comes next, or null.
        private SourceLocation? _pending;

        public static VsCodeSettingsParse Read(string text, string? source, CancellationToken ct)
        {
            var p = new VsCodeSettingsParse(text ?? "", source, ct);
            // if (content): empty text is no value at all.
            if (p._text.Length == 0) return p;
            try
            {
                p.Visit();
            }
            catch (DepthExceeded)
            {
                p.Unmodelled = "the file nests deeper than this module's limit of " + p._maxDepth + " levels";
                return p;
            }
            var first = p._top.Count > 0 ? p._top[0] : null;
            // currentParent[0] || {}: a false value (false, 0, "", null) gives the empty object.
            p.Value = first is DocScalar s && (s.IsNull || (s.IsQuoted ? s.Value!.Length == 0 : s.Value == "false" || IsZero(s.Value))) ? null : first;
            return p;
        }

        private static bool IsZero(string? number) =>
            double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d == 0;

        private sealed class DepthExceeded : Exception { }

        private SourceLocation At(int offset)
        {
            int lo = 0, hi = _lineStarts.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (_lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
            }
            return new SourceLocation(_source, lo + 1, offset - _lineStarts[lo] + 1);
        }

        // ---- The visitor of doParseContent ----

        private void OnValue(DocNode value)
        {
            if (_parent is List<DocNode> top) top.Add(value);
            else if (_parent is DocList list) list.Items.Add(value);
            else if (_property != null && _parent is DocMap map)
            {
                if (_property == "__proto__")
                {
                    // JavaScript's [[Set]] of "__proto__" on an object literal: an object, array or null becomes its prototype
                    // (not modelled here), anything else is ignored.
                    if (!(value is DocScalar s) || s.IsNull)
                        Unmodelled ??= "a property named \"__proto__\" holding " + (value is DocMap ? "an object" : value is DocList ? "an array" : "null") + " at line " + value.Location.Line + ", column " + value.Location.Column + " becomes a prototype in VS Code's settings reader, which this module does not model";
                    return;
                }
                map.Set(_property, value, value.Location);
                if (_pending != null) _valued.Add((_pending.Line, _pending.Column));
                _pending = null;
            }
        }

        private void OnObjectBegin()
        {
            var o = new DocMap(At(_tokenOffset));
            OnValue(o);
            _parents.Push(_parent);
            _parent = o;
            _property = null;
        }

        private void OnArrayBegin()
        {
            var a = new DocList(At(_tokenOffset));
            OnValue(a);
            _parents.Push(_parent);
            _parent = a;
            _property = null;
        }

        private void OnEnd() => _parent = _parents.Pop();

        private void OnProperty(string name)
        {
            _property = name;
            _pending = null;
            if (_arrays > 0 || _path.Count > 3) return;
            string key = string.Join("\0", _path);
            if (!_properties.TryGetValue(key, out var list)) _properties[key] = list = new List<KeyValuePair<string, SourceLocation>>();
            // Only the first levels are asked for (servers and their names); deeper ones are not kept.
            list.Add(new KeyValuePair<string, SourceLocation>(name, _pending = At(_tokenOffset)));
        }

        // ---- json.ts visit ----

        private Kind ScanNext()
        {
            while (true)
            {
                var token = Scan();
                if (_scanError != ScanError.None) Errors++;
                switch (token)
                {
                    case Kind.LineComment:
                    case Kind.BlockComment:
                    case Kind.LineBreak:
                    case Kind.Trivia:
                        break;
                    case Kind.Unknown:
                        Errors++;
                        break;
                    default:
                        return token;
                }
            }
        }

        private void HandleError(Kind[]? skipUntilAfter = null, Kind[]? skipUntil = null)
        {
            Errors++;
            if (skipUntilAfter == null && skipUntil == null) return;
            var token = _token;
            while (token != Kind.Eof)
            {
                if (skipUntilAfter != null && Array.IndexOf(skipUntilAfter, token) >= 0)
                {
                    ScanNext();
                    break;
                }
                if (skipUntil != null && Array.IndexOf(skipUntil, token) >= 0) break;
                token = ScanNext();
            }
        }

        private static readonly Kind[] s_objectStops = { Kind.CloseBrace, Kind.Comma };
        private static readonly Kind[] s_arrayStops = { Kind.CloseBracket, Kind.Comma };
        private static readonly Kind[] s_closeBrace = { Kind.CloseBrace };
        private static readonly Kind[] s_closeBracket = { Kind.CloseBracket };

        private void Visit()
        {
            ScanNext();
            if (_token == Kind.Eof)
            {
                HandleError();
                return;
            }
            if (!ParseValue())
            {
                HandleError();
                return;
            }
            if (_token != Kind.Eof) HandleError();
        }

        private bool ParseValue()
        {
            switch (_token)
            {
                case Kind.OpenBracket: return ParseArray();
                case Kind.OpenBrace: return ParseObject();
                case Kind.String:
                    OnValue(new DocScalar(_value, false, true, At(_tokenOffset)));
                    ScanNext();
                    return true;
                default: return ParseLiteral();
            }
        }

        private bool ParseLiteral()
        {
            var at = At(_tokenOffset);
            switch (_token)
            {
                case Kind.Number:
                    // JSON.parse(tokenValue), else an error and 0.
                    string number = _value;
                    if (!ValidJsonNumber(number))
                    {
                        HandleError();
                        number = "0";
                    }
                    OnValue(new DocScalar(number, false, false, at));
                    break;
                case Kind.Null: OnValue(new DocScalar(null, true, false, at)); break;
                case Kind.True: OnValue(new DocScalar("true", false, false, at)); break;
                case Kind.False: OnValue(new DocScalar("false", false, false, at)); break;
                default: return false;
            }
            ScanNext();
            return true;
        }

        // The scanner's number tokens JSON.parse refuses: a '.' without a digit after it ("1.").
        private static bool ValidJsonNumber(string s) => s.Length > 0 && s[s.Length - 1] != '.';

        private bool ParseProperty()
        {
            if (_token != Kind.String)
            {
                HandleError(null, s_objectStops);
                return false;
            }
            string name = _value;
            OnProperty(name);
            ScanNext();
            if (_token == Kind.Colon)
            {
                ScanNext();
                _path.Add(name);
                bool ok = ParseValue();
                _path.RemoveAt(_path.Count - 1);
                if (!ok) HandleError(null, s_objectStops);
            }
            else HandleError(null, s_objectStops);
            return true;
        }

        private void Enter()
        {
            if (++_depth > _maxDepth) throw new DepthExceeded();
            _ct.ThrowIfCancellationRequested();
        }

        private bool ParseObject()
        {
            Enter();
            OnObjectBegin();
            ScanNext();
            bool needsComma = false;
            while (_token != Kind.CloseBrace && _token != Kind.Eof)
            {
                if (_token == Kind.Comma)
                {
                    if (!needsComma) HandleError();
                    ScanNext();
                    // allowTrailingComma is off: a '}' after the comma is read as a missing property.
                }
                else if (needsComma) HandleError();
                if (!ParseProperty()) HandleError(null, s_objectStops);
                needsComma = true;
            }
            OnEnd();
            if (_token != Kind.CloseBrace) HandleError(s_closeBrace, null);
            else ScanNext();
            _depth--;
            return true;
        }

        private bool ParseArray()
        {
            Enter();
            OnArrayBegin();
            _arrays++;
            ScanNext();
            bool needsComma = false;
            while (_token != Kind.CloseBracket && _token != Kind.Eof)
            {
                if (_token == Kind.Comma)
                {
                    if (!needsComma) HandleError();
                    ScanNext();
                }
                else if (needsComma) HandleError();
                if (!ParseValue()) HandleError(null, s_arrayStops);
                needsComma = true;
            }
            _arrays--;
            OnEnd();
            if (_token != Kind.CloseBracket) HandleError(s_closeBracket, null);
            else ScanNext();
            _depth--;
            return true;
        }

        // ---- json.ts createScanner (scan, trivia kept) ----

        private static bool IsWhiteSpace(int c) =>
            c == ' ' || c == '\t' || c == '\u000B' || c == '\u000C' || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200B')
            || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\uFEFF';

        private static bool IsLineBreak(int c) => c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';

        private static bool IsDigit(int c) => c >= '0' && c <= '9';

        // charCodeAt past the end is NaN, which no test matches.
        private int CharAt(int i) => i < _text.Length ? _text[i] : -1;

        private Kind Scan()
        {
            _value = "";
            _scanError = ScanError.None;
            _tokenOffset = _pos;
            int len = _text.Length;
            if (_pos >= len)
            {
                _tokenOffset = len;
                return _token = Kind.Eof;
            }
            int code = _text[_pos];
            if (IsWhiteSpace(code))
            {
                do { _pos++; } while (IsWhiteSpace(CharAt(_pos)));
                return _token = Kind.Trivia;
            }
            if (IsLineBreak(code))
            {
                _pos++;
                if (code == '\r' && CharAt(_pos) == '\n') _pos++;
                return _token = Kind.LineBreak;
            }
            switch (code)
            {
                case '{': _pos++; return _token = Kind.OpenBrace;
                case '}': _pos++; return _token = Kind.CloseBrace;
                case '[': _pos++; return _token = Kind.OpenBracket;
                case ']': _pos++; return _token = Kind.CloseBracket;
                case ':': _pos++; return _token = Kind.Colon;
                case ',': _pos++; return _token = Kind.Comma;
                case '"':
                    _pos++;
                    _value = ScanString();
                    return _token = Kind.String;
                case '/':
                    if (CharAt(_pos + 1) == '/')
                    {
                        _pos += 2;
                        while (_pos < len && !IsLineBreak(_text[_pos])) _pos++;
                        return _token = Kind.LineComment;
                    }
                    if (CharAt(_pos + 1) == '*')
                    {
                        _pos += 2;
                        bool closed = false;
                        while (_pos < len - 1)
                        {
                            if (_text[_pos] == '*' && _text[_pos + 1] == '/')
                            {
                                _pos += 2;
                                closed = true;
                                break;
                            }
                            _pos++;
                        }
                        if (!closed)
                        {
                            _pos++;
                            _scanError = ScanError.EndOfComment;
                        }
                        return _token = Kind.BlockComment;
                    }
                    _pos++;
                    return _token = Kind.Unknown;
                case '-':
                    _pos++;
                    if (_pos == len || !IsDigit(_text[_pos])) return _token = Kind.Unknown;
                    _value = "-" + ScanNumber();
                    return _token = Kind.Number;
                default:
                    if (IsDigit(code))
                    {
                        _value = ScanNumber();
                        return _token = Kind.Number;
                    }
                    while (_pos < len && IsUnknownContent(code))
                    {
                        _pos++;
                        code = CharAt(_pos);
                    }
                    if (_tokenOffset != _pos)
                    {
                        _value = _text.Substring(_tokenOffset, _pos - _tokenOffset);
                        switch (_value)
                        {
                            case "true": return _token = Kind.True;
                            case "false": return _token = Kind.False;
                            case "null": return _token = Kind.Null;
                        }
                        return _token = Kind.Unknown;
                    }
                    _pos++;
                    return _token = Kind.Unknown;
            }
        }

        private static bool IsUnknownContent(int c) =>
            !(IsWhiteSpace(c) || IsLineBreak(c) || c == '}' || c == ']' || c == '{' || c == '[' || c == '"' || c == ':' || c == ',' || c == '/');

        private string ScanNumber()
        {
            int start = _pos, len = _text.Length;
            if (_text[_pos] == '0') _pos++;
            else
            {
                _pos++;
                while (_pos < len && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < len && _text[_pos] == '.')
            {
                _pos++;
                if (_pos < len && IsDigit(_text[_pos]))
                {
                    _pos++;
                    while (_pos < len && IsDigit(_text[_pos])) _pos++;
                }
                else
                {
                    _scanError = ScanError.EndOfNumber;
                    return _text.Substring(start, _pos - start);
                }
            }
            int end = _pos;
            if (_pos < len && (_text[_pos] == 'E' || _text[_pos] == 'e'))
            {
                _pos++;
                if (_pos < len && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                if (_pos < len && IsDigit(_text[_pos]))
                {
                    _pos++;
                    while (_pos < len && IsDigit(_text[_pos])) _pos++;
                    end = _pos;
                }
                else _scanError = ScanError.EndOfNumber;
            }
            return _text.Substring(start, end - start);
        }

        private string ScanString()
        {
            var result = new System.Text.StringBuilder();
            int start = _pos, len = _text.Length;
            while (true)
            {
                if (_pos >= len)
                {
                    result.Append(_text, start, _pos - start);
                    _scanError = ScanError.EndOfString;
                    break;
                }
                char ch = _text[_pos];
                if (ch == '"')
                {
                    result.Append(_text, start, _pos - start);
                    _pos++;
                    break;
                }
                if (ch == '\\')
                {
                    result.Append(_text, start, _pos - start);
                    _pos++;
                    if (_pos >= len)
                    {
                        _scanError = ScanError.EndOfString;
                        break;
                    }
                    char ch2 = _text[_pos++];
                    switch (ch2)
                    {
                        case '"': result.Append('"'); break;
                        case '\\': result.Append('\\'); break;
                        case '/': result.Append('/'); break;
                        case 'b': result.Append('\b'); break;
                        case 'f': result.Append('\f'); break;
                        case 'n': result.Append('\n'); break;
                        case 'r': result.Append('\r'); break;
                        case 't': result.Append('\t'); break;
                        case 'u':
                            int ch3 = ScanHex4();
                            if (ch3 >= 0) result.Append((char)ch3);
                            else _scanError = ScanError.InvalidUnicode;
                            break;
                        default: _scanError = ScanError.InvalidEscape; break;
                    }
                    start = _pos;
                    continue;
                }
                if (ch <= 0x1f)
                {
                    if (IsLineBreak(ch))
                    {
                        result.Append(_text, start, _pos - start);
                        _scanError = ScanError.EndOfString;
                        break;
                    }
                    _scanError = ScanError.InvalidCharacter;
                }
                _pos++;
            }
            return result.ToString();
        }

        // scanHexDigits(4, true): the digits read stay read when fewer than four.
        private int ScanHex4()
        {
            int digits = 0, value = 0;
            while (digits < 4)
            {
                int ch = CharAt(_pos);
                if (ch >= '0' && ch <= '9') value = value * 16 + ch - '0';
                else if (ch >= 'A' && ch <= 'F') value = value * 16 + ch - 'A' + 10;
                else if (ch >= 'a' && ch <= 'f') value = value * 16 + ch - 'a' + 10;
                else break;
                _pos++;
                digits++;
            }
            return digits < 4 ? -1 : value;
        }
    }
}
