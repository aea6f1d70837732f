using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using TeleportMcp.Engine.Common;
using System.Text;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>The expression could not be parsed or type-checked the way Teleport's predicate parser does: Teleport refuses it.</summary>
    /// <remarks>
    /// Teleport's errors are gravitational/trace errors: each trace.Wrap(err, message) adds a message, and the text puts
    /// the last one first, then each earlier one and finally the cause on a line of its own, one tab deeper each time
    /// (trace.go TraceErr.UserMessage). <see cref="TeleportText"/> is that text; <see cref="Exception.Message"/> is the same
    /// text on one line, its line breaks and tabs written \n and \t as Teleport's JSON log and strconv.Quote write them.
    /// </remarks>
    [SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "the name states Teleport's answer (the expression is an error), as callers across the engine read it")]
    public sealed class ExpressionError : Exception
    {
        // The cause, as Teleport's innermost error states it.
        private readonly string _cause;
        // The messages trace.Wrap added, innermost first.
        private readonly List<string> _messages = new List<string>();

        public ExpressionError(string cause) : base(cause)
        {
            _cause = cause;
        }

        /// <summary>trace.Wrap(err, message): the same cause, one more message.</summary>
        public ExpressionError Wrap(string message)
        {
            var wrapped = Copy();
            wrapped._messages.Add(message);
            return wrapped;
        }

        /// <summary>
        /// The same cause and messages in a new error: an error kept for later (a parse error) is thrown as a copy, so a
        /// message <see cref="PassesThrough"/> adds, or another thread's stack trace, never lands on the kept one.
        /// </summary>
        internal ExpressionError Copy()
        {
            var copy = new ExpressionError(_cause);
            copy._messages.AddRange(_messages);
            return copy;
        }

        /// <summary>
        /// trace.Wrap for an error passing up through an evaluation step, called from an exception filter: the message is
        /// added to this error, which goes on (false), so a deeply nested expression is not rethrown once per level.
        /// </summary>
        internal bool PassesThrough(string message)
        {
            _messages.Add(message);
            return false;
        }

        /// <summary>The error text exactly as Teleport writes it, line breaks and tabs included.</summary>
        public string TeleportText => Render(_cause, _messages);

        /// <summary>Teleport's text on one line (<see cref="OneLine"/>).</summary>
        public override string Message => OneLine(TeleportText);

        // trace.go TraceErr.UserMessage
        private static string Render(string cause, List<string> messages)
        {
            if (messages.Count == 0) return cause;
            var sb = new StringBuilder();
            sb.Append(messages[messages.Count - 1]).Append('\n');
            int indent = 1;
            for (int index = messages.Count - 1; index > 0; index--, indent++)
                sb.Append('\t', indent).Append(messages[index - 1]).Append('\n');
            return sb.Append('\t', indent).Append(cause).ToString();
        }

        /// <summary>Teleport's text on one line: its line breaks and tabs written as the two characters \n and \t.</summary>
        public static string OneLine(string text) => text.Replace("\n", "\\n").Replace("\t", "\\t");
    }

    /// <summary>The expression uses something the module does not evaluate offline: the answer is Indeterminate.</summary>
    [SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "the name states the answer (unsupported offline: Indeterminate), as callers across the engine read it")]
    public sealed class ExpressionUnsupported : Exception
    {
        public ExpressionUnsupported(string message) : base(message) { }
    }

    internal enum TokKind { Ident, Keyword, Int, Float, Imag, Char, Str, LParen, RParen, LBrack, RBrack, Comma, Dot, Ellipsis, AndAnd, OrOr, Not, Eq, Neq, Op, Semicolon, End }

    internal struct Tok
    {
        public TokKind Kind;
        public string Text;
        public int Pos;
        public string? Raw;   // a string literal as written, quotes included (go/scanner's lit)
    }

    internal abstract class Node { public int Pos; }
    internal sealed class IdentNode : Node { public required string Name; }
    internal sealed class SelectorNode : Node { public required Node X; public required string Sel; }
    internal sealed class LitNode : Node { public TokKind Kind; public required string Text; public string? Value; }
    internal sealed class IndexNode : Node { public required Node X; public required Node Key; }
    internal sealed class CallNode : Node { public required Node Fun; public List<Node> Args = new List<Node>(); }
    internal sealed class ParenNode : Node { public required Node X; }
    internal sealed class UnaryNode : Node { public required string Op; public required Node X; }
    internal sealed class BinaryNode : Node { public required string Op; public required Node X, Y; }

    /// <summary>
    /// Go's expression syntax as go/parser.ParseExpr reads it (the base of vulcand/predicate, lib/utils/typical):
    /// comments, automatic semicolons at line ends, string/number/char literals, selectors, index, calls and the
    /// operators. Anything predicate cannot use (other operators, composite literals, keywords) is reported as a
    /// Teleport parse error, since Go or predicate rejects it either way.
    /// </summary>
    internal sealed class GoExprParser
    {
        // go/parser maxNestLev: Go itself refuses input nested this deep.
        private const int GoMaxNesting = 100000;

        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto",
            "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
        };

        private readonly string _src;
        private readonly List<Tok> _toks = new List<Tok>();
        private int _i;
        private int _depth;
        // Nesting the module follows (parentheses, calls, operators). Deeper input is Indeterminate, never a stack overflow.
        private readonly Limits _limits = Limits.Current;

        public GoExprParser(string src)
        {
            _src = src;
        }

        public Node ParseAll()
        {
            Tokenize();
            CheckNesting();
            var n = ParseBinary(1);
            // go/parser ParseExprFrom: a semicolon inserted at the final newline is consumed; anything else is an error.
            if (Peek.Kind == TokKind.Semicolon) Next();
            if (Peek.Kind != TokKind.End) throw Syntax("expected 'EOF', found " + Describe(Peek));
            return n;
        }

        // A flat pass over the tokens (no recursion), so that absurd nesting is refused before any recursive step.
        private void CheckNesting()
        {
            int depth = 0, max = 0;
            foreach (var t in _toks)
            {
                if (t.Kind == TokKind.LParen || t.Kind == TokKind.LBrack || (t.Kind == TokKind.Op && t.Text == "{")) { depth++; if (depth > max) max = depth; }
                else if (t.Kind == TokKind.RParen || t.Kind == TokKind.RBrack || (t.Kind == TokKind.Op && t.Text == "}")) depth--;
            }
            if (max >= GoMaxNesting)
                throw new ExpressionError("exceeded max nesting depth (brackets nested " + max + " deep; Go's parser stops at " + GoMaxNesting + ")");
        }

        private Tok Peek => _toks[_i];
        private Tok Next() => _toks[_i++];

        private ExpressionError Syntax(string what) => new ExpressionError(Position(Peek.Pos) + ": " + what);

        // go/token Position: the column counts UTF-8 bytes from 1, not characters.
        private string Position(int pos)
        {
            int line = 1, col = 1;
            for (int k = 0; k < pos && k < _src.Length; k++)
            {
                char c = _src[k];
                if (c == '\n') { line++; col = 1; }
                else if (c < 0x80) col++;
                else if (c < 0x800) col += 2;
                else if (char.IsHighSurrogate(c) && k + 1 < _src.Length && char.IsLowSurrogate(_src[k + 1]) && k + 1 < pos) { col += 4; k++; }
                else col += 3;
            }
            return line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + col.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // go/parser errorExpected: a newline by name, a literal as written, any other token quoted ('EOF', ')').
        private static string Describe(Tok t)
        {
            switch (t.Kind)
            {
                case TokKind.End: return "'EOF'";
                case TokKind.Semicolon: return "newline";
                case TokKind.Ident: case TokKind.Int: case TokKind.Float: case TokKind.Imag: case TokKind.Char: case TokKind.Str: return t.Raw ?? t.Text;
                default: return "'" + t.Text + "'";
            }
        }

        private void Enter()
        {
            if (++_depth > _limits.LabelExpressionMaxDepth)
                throw new ExpressionUnsupported("the expression is nested more than " + _limits.LabelExpressionMaxDepth + " levels deep; the module stops there to protect the host (Teleport's Go parser accepts deeper nesting; " +
                                                _limits.Describe(nameof(Limits.LabelExpressionMaxDepth)) + "), so it is not evaluated offline");
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }

        private static int Precedence(Tok t)
        {
            if (t.Kind == TokKind.OrOr) return 1;
            if (t.Kind == TokKind.AndAnd) return 2;
            if (t.Kind == TokKind.Eq || t.Kind == TokKind.Neq) return 3;
            if (t.Kind != TokKind.Op) return 0;
            switch (t.Text)
            {
                case "<": case "<=": case ">": case ">=": return 3;
                case "+": case "-": case "|": case "^": return 4;
                case "*": case "/": case "%": case "<<": case ">>": case "&": case "&^": return 5;
            }
            return 0;
        }

        // go/parser parseBinaryExpr: precedence climbing, left-associative.
        private Node ParseBinary(int prec)
        {
            Enter();
            var x = ParseUnary();
            while (true)
            {
                var t = Peek;
                int p = Precedence(t);
                if (p < prec) break;
                Next();
                var y = ParseBinary(p + 1);
                x = new BinaryNode { Op = t.Text, X = x, Y = y, Pos = t.Pos };
            }
            _depth--;
            return x;
        }

        private Node ParseUnary()
        {
            var t = Peek;
            if (t.Kind == TokKind.Not || (t.Kind == TokKind.Op && (t.Text == "-" || t.Text == "+" || t.Text == "^" || t.Text == "*" || t.Text == "&" || t.Text == "<-")))
            {
                Next();
                Enter();
                var x = ParseUnary();
                _depth--;
                return new UnaryNode { Op = t.Text, X = x, Pos = t.Pos };
            }
            return ParsePrimary();
        }

        private Node ParsePrimary()
        {
            Node n = ParseOperand();
            while (true)
            {
                var t = Peek;
                if (t.Kind == TokKind.Dot)
                {
                    Next();
                    if (Peek.Kind == TokKind.Ident) { n = new SelectorNode { X = n, Sel = Next().Text, Pos = t.Pos }; continue; }
                    if (Peek.Kind == TokKind.LParen) throw new ExpressionError("type assertions (." + "(...)) are not supported");
                    throw Syntax("expected selector or type assertion, found " + Describe(Peek));
                }
                if (t.Kind == TokKind.LBrack)
                {
                    Next();
                    if (Peek.Kind == TokKind.RBrack) throw Syntax("expected operand, found ']'");
                    Enter();
                    var key = ParseBinary(1);
                    _depth--;
                    if (Peek.Kind == TokKind.Op && Peek.Text == ":") throw new ExpressionError("*ast.SliceExpr is not supported");
                    if (Peek.Kind == TokKind.Comma) throw new ExpressionError("*ast.IndexListExpr is not supported");
                    if (Peek.Kind != TokKind.RBrack) throw Syntax("expected ']', found " + Describe(Peek));
                    Next();
                    n = new IndexNode { X = n, Key = key, Pos = t.Pos };
                    continue;
                }
                if (t.Kind == TokKind.LParen)
                {
                    Next();
                    Enter();
                    var call = new CallNode { Fun = n, Pos = t.Pos };
                    // go/parser parseCallOrConversion: arguments up to ')' or the end, then expectClosing.
                    bool ellipsis = false;
                    while (Peek.Kind != TokKind.RParen && Peek.Kind != TokKind.End && !ellipsis)
                    {
                        call.Args.Add(ParseBinary(1));
                        // f(list...) is valid Go, and ends the arguments; predicate ignores the ellipsis.
                        if (Peek.Kind == TokKind.Ellipsis) { Next(); ellipsis = true; }
                        if (Peek.Kind == TokKind.Comma) { Next(); continue; }
                        if (Peek.Kind != TokKind.RParen)
                            throw Syntax(Peek.Kind == TokKind.Semicolon ? "missing ',' before newline in argument list" : "missing ',' in argument list");
                    }
                    if (Peek.Kind != TokKind.RParen) throw Syntax("expected ')', found " + Describe(Peek));
                    Next();
                    _depth--;
                    n = call;
                    continue;
                }
                if (t.Kind == TokKind.Op && t.Text == "{")
                    throw new ExpressionError("*ast.CompositeLit is not supported");
                return n;
            }
        }

        private Node ParseOperand()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokKind.Ident: return new IdentNode { Name = t.Text, Pos = t.Pos };
                case TokKind.Int:
                case TokKind.Float:
                case TokKind.Imag:
                case TokKind.Char:
                case TokKind.Str:
                    return new LitNode { Kind = t.Kind, Text = t.Text, Value = t.Kind == TokKind.Str ? t.Text : null, Pos = t.Pos };
                case TokKind.LParen:
                    {
                        Enter();
                        var inner = ParseBinary(1);
                        _depth--;
                        if (Peek.Kind != TokKind.RParen) throw Syntax("expected ')', found " + Describe(Peek));
                        Next();
                        return new ParenNode { X = inner, Pos = t.Pos };
                    }
                case TokKind.LBrack:
                    throw new ExpressionError("*ast.CompositeLit is not supported");
                case TokKind.Keyword:
                    throw new ExpressionError(Position(t.Pos) + ": the Go keyword '" + t.Text + "' cannot be used here");
                default:
                    _i--;
                    throw Syntax("expected operand, found " + Describe(t));
            }
        }

        // ---- scanner (go/scanner) ---------------------------------------------------------------------------

        private static bool InsertsSemicolon(TokKind k) =>
            k == TokKind.Ident || k == TokKind.Int || k == TokKind.Float || k == TokKind.Imag || k == TokKind.Char || k == TokKind.Str || k == TokKind.RParen || k == TokKind.RBrack;

        private void Tokenize()
        {
            string s = _src;
            // go/scanner: NUL and invalid UTF-8 are refused anywhere, string literals included.
            for (int k = 0; k < s.Length; k++)
            {
                if (s[k] == '\0') throw new ExpressionError(Position(k) + ": illegal character NUL");
                if (char.IsHighSurrogate(s[k]) && k + 1 < s.Length && char.IsLowSurrogate(s[k + 1])) { k++; continue; }
                if (char.IsSurrogate(s[k])) throw new ExpressionError(Position(k) + ": illegal UTF-8 encoding");
            }
            int i = 0;
            while (true)
            {
                bool newline = false;
                // whitespace and comments; a newline (or a comment holding one) ends the line for semicolon insertion.
                while (i < s.Length)
                {
                    char w = s[i];
                    if (w == ' ' || w == '\t' || w == '\r') { i++; continue; }
                    if (w == '\n') { newline = true; i++; continue; }
                    if (w == '/' && i + 1 < s.Length && s[i + 1] == '/')
                    {
                        while (i < s.Length && s[i] != '\n') i++;
                        continue;
                    }
                    if (w == '/' && i + 1 < s.Length && s[i + 1] == '*')
                    {
                        int e = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                        if (e < 0) throw new ExpressionError(Position(i) + ": comment not terminated");
                        if (s.IndexOf('\n', i, e - i) >= 0) newline = true;
                        i = e + 2;
                        continue;
                    }
                    break;
                }
                bool pending = _toks.Count > 0 && InsertsSemicolon(_toks[_toks.Count - 1].Kind);
                if (i >= s.Length)
                {
                    if (pending) _toks.Add(new Tok { Kind = TokKind.Semicolon, Text = "\n", Pos = i });
                    _toks.Add(new Tok { Kind = TokKind.End, Pos = i });
                    return;
                }
                if (newline && pending) _toks.Add(new Tok { Kind = TokKind.Semicolon, Text = "\n", Pos = i });
                char c = s[i];
                int start = i;
                if (c == '_' || char.IsLetter(c))
                {
                    while (i < s.Length && (s[i] == '_' || char.IsLetterOrDigit(s[i]))) i++;
                    var word = s.Substring(start, i - start);
                    _toks.Add(new Tok { Kind = Keywords.Contains(word) ? TokKind.Keyword : TokKind.Ident, Text = word, Pos = start });
                    continue;
                }
                if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1])))
                {
                    _toks.Add(ScanNumber(ref i));
                    continue;
                }
                if (c == '"')
                {
                    var text = ReadInterpreted(ref i);
                    _toks.Add(new Tok { Kind = TokKind.Str, Text = text, Pos = start, Raw = s.Substring(start, i - start) });
                    continue;
                }
                if (c == '`')
                {
                    int e = s.IndexOf('`', i + 1);
                    if (e < 0) throw new ExpressionError(Position(i) + ": raw string literal not terminated");
                    // strconv.Unquote drops carriage returns from raw strings.
                    _toks.Add(new Tok { Kind = TokKind.Str, Text = s.Substring(i + 1, e - i - 1).Replace("\r", ""), Pos = start, Raw = s.Substring(i, e - i + 1).Replace("\r", "") });
                    i = e + 1;
                    continue;
                }
                if (c == '\'')
                {
                    int e = s.IndexOf('\'', i + 1);
                    if (e < 0) throw new ExpressionError(Position(i) + ": rune literal not terminated");
                    _toks.Add(new Tok { Kind = TokKind.Char, Text = s.Substring(i, e - i + 1), Pos = start });
                    i = e + 1;
                    continue;
                }
                if (c == '.' && i + 2 < s.Length && s[i + 1] == '.' && s[i + 2] == '.') { Add(TokKind.Ellipsis, "...", ref i, 3); continue; }
                string? three = i + 2 < s.Length ? s.Substring(i, 3) : null;
                if (three == "<<=" || three == ">>=" || three == "&^=") { Add(TokKind.Op, three, ref i, 3); continue; }
                string? two = i + 1 < s.Length ? s.Substring(i, 2) : null;
                switch (two)
                {
                    case "&&": Add(TokKind.AndAnd, "&&", ref i, 2); continue;
                    case "||": Add(TokKind.OrOr, "||", ref i, 2); continue;
                    case "==": Add(TokKind.Eq, "==", ref i, 2); continue;
                    case "!=": Add(TokKind.Neq, "!=", ref i, 2); continue;
                    case "<=": case ">=": case "<<": case ">>": case "&^": case "<-": case ":=": case "++": case "--":
                    case "+=": case "-=": case "*=": case "/=": case "%=": case "&=": case "|=": case "^=":
                        Add(TokKind.Op, two, ref i, 2); continue;
                }
                switch (c)
                {
                    case '(': Add(TokKind.LParen, "(", ref i, 1); continue;
                    case ')': Add(TokKind.RParen, ")", ref i, 1); continue;
                    case '[': Add(TokKind.LBrack, "[", ref i, 1); continue;
                    case ']': Add(TokKind.RBrack, "]", ref i, 1); continue;
                    case ',': Add(TokKind.Comma, ",", ref i, 1); continue;
                    case '.': Add(TokKind.Dot, ".", ref i, 1); continue;
                    case '!': Add(TokKind.Not, "!", ref i, 1); continue;
                    case '+': case '-': case '*': case '/': case '%': case '&': case '|': case '^': case '<': case '>':
                    case '=': case '{': case '}': case ':': case ';': case '~':
                        Add(TokKind.Op, c.ToString(), ref i, 1); continue;
                }
                throw new ExpressionError(Position(i) + ": illegal character " + Common.GoText.Quote(c.ToString()));
            }
        }

        private Tok ScanNumber(ref int i)
        {
            string s = _src;
            int start = i;
            bool hex = s[i] == '0' && i + 1 < s.Length && (s[i + 1] == 'x' || s[i + 1] == 'X');
            while (i < s.Length)
            {
                char c = s[i];
                if (char.IsLetterOrDigit(c) || c == '_' || c == '.') { i++; continue; }
                // exponent sign: 1e+5, 0x1p-2
                if ((c == '+' || c == '-') && i > start)
                {
                    char p = s[i - 1];
                    if ((!hex && (p == 'e' || p == 'E')) || (hex && (p == 'p' || p == 'P'))) { i++; continue; }
                }
                break;
            }
            string text = s.Substring(start, i - start);
            TokKind kind;
            if (text.EndsWith("i", StringComparison.Ordinal)) kind = TokKind.Imag;
            else if (text.IndexOf('.') >= 0 || (!hex && text.IndexOfAny(new[] { 'e', 'E' }) >= 0) || (hex && text.IndexOfAny(new[] { 'p', 'P' }) >= 0)) kind = TokKind.Float;
            else kind = TokKind.Int;
            // go/scanner scanNumber: a leading 0 without x/o/b makes a legacy octal literal; its first 8 or 9 is reported
            // where it stands ("invalid digit %q in %s").
            if (kind == TokKind.Int && text.Length > 1 && text[0] == '0' && text.All(ch => (ch >= '0' && ch <= '9') || ch == '_'))
            {
                int bad = text.IndexOfAny(new[] { '8', '9' });
                if (bad >= 0) throw new ExpressionError(Position(start + bad) + ": invalid digit '" + text[bad] + "' in octal literal");
            }
            return new Tok { Kind = kind, Text = text, Pos = start };
        }

        private void Add(TokKind k, string text, ref int i, int len)
        {
            _toks.Add(new Tok { Kind = k, Text = text, Pos = i });
            i += len;
        }

        // Go interpreted string literal (spec "String literals"; strconv.Unquote).
        private string ReadInterpreted(ref int i)
        {
            string s = _src;
            int start = i;
            var sb = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= s.Length || s[i] == '\n') throw new ExpressionError(Position(start) + ": string literal not terminated");
                char c = s[i];
                if (c == '"') { i++; return sb.ToString(); }
                if (c != '\\') { sb.Append(c); i++; continue; }
                if (i + 1 >= s.Length) throw new ExpressionError(Position(start) + ": string literal not terminated");
                char e = s[i + 1];
                i += 2;
                switch (e)
                {
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\\': sb.Append('\\'); break;
                    case '"': sb.Append('"'); break;
                    case 'x': AppendByte(sb, Hex(ref i, 2)); break;
                    case 'u': sb.Append(char.ConvertFromUtf32(Hex(ref i, 4))); break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(ref i, 8))); break;
                    default:
                        if (IsOct(e) && i + 1 < s.Length && IsOct(s[i]) && IsOct(s[i + 1]))
                        {
                            int v = (e - '0') * 64 + (s[i] - '0') * 8 + (s[i + 1] - '0');
                            if (v > 255) throw new ExpressionError(Position(start) + ": octal escape value > 255");
                            AppendByte(sb, v);
                            i += 2;
                            break;
                        }
                        throw new ExpressionError(Position(start) + ": unknown escape sequence \\" + e);
                }
            }
        }

        // \xNN and \NNN are single bytes in Go; above 0x7F they are not a character on their own.
        private static void AppendByte(StringBuilder sb, int v)
        {
            if (v > 0x7F) throw new ExpressionUnsupported("a string literal holds the raw byte \\x" + v.ToString("x2", CultureInfo.InvariantCulture) + ", which Go keeps as a byte and .NET cannot represent exactly");
            sb.Append((char)v);
        }

        private static bool IsOct(char c) => c >= '0' && c <= '7';

        private int Hex(ref int i, int n)
        {
            if (i + n > _src.Length) throw new ExpressionError("escape sequence is invalid");
            string h = _src.Substring(i, n);
            foreach (var ch in h)
                if (!Uri.IsHexDigit(ch)) throw new ExpressionError("escape sequence is invalid");
            long v = long.Parse(h, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) throw new ExpressionError("escape sequence is invalid Unicode code point");
            i += n;
            return (int)v;
        }
    }
}
