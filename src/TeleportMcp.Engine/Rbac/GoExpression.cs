using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>The expression could not be parsed or type-checked the way Teleport's predicate parser does: Teleport refuses it.</summary>
    public sealed class ExpressionError : Exception
    {
        public ExpressionError(string message) : base(message) { }
    }

    /// <summary>The expression uses something the module does not evaluate offline: the answer is Indeterminate.</summary>
    public sealed class ExpressionUnsupported : Exception
    {
        public ExpressionUnsupported(string message) : base(message) { }
    }

    internal enum TokKind { Ident, Str, Number, LParen, RParen, LBrack, RBrack, Comma, Dot, AndAnd, OrOr, Not, Eq, Neq, End, Other }

    internal struct Tok
    {
        public TokKind Kind;
        public string Text;
        public int Pos;
    }

    internal abstract class Node { }
    internal sealed class IdentNode : Node { public List<string> Path = new List<string>(); }
    internal sealed class StrNode : Node { public string Value; }
    internal sealed class IndexNode : Node { public Node Base; public Node Key; }
    internal sealed class CallNode : Node { public string Name; public List<Node> Args = new List<Node>(); }
    internal sealed class UnaryNode : Node { public Node Operand; }
    internal sealed class BinaryNode : Node { public string Op; public Node Left, Right; }

    /// <summary>
    /// The subset of Go expression syntax that Teleport's predicate/typical parsers accept (go/parser underneath):
    /// selectors, index with string keys, calls, string literals, !, ==, !=, &amp;&amp;, ||, parentheses.
    /// Anything else (numbers, other operators, composite literals) is reported as unsupported.
    /// </summary>
    internal sealed class GoExprParser
    {
        private readonly string _src;
        private readonly List<Tok> _toks = new List<Tok>();
        private int _i;

        public GoExprParser(string src)
        {
            _src = src;
            Tokenize();
        }

        public Node ParseAll()
        {
            var n = ParseOr();
            if (Peek.Kind != TokKind.End) throw Syntax("unexpected " + Describe(Peek));
            return n;
        }

        private Tok Peek => _toks[_i];
        private Tok Next() => _toks[_i++];

        private ExpressionError Syntax(string what) => new ExpressionError("parsing expression: " + what + " at position " + (Peek.Pos + 1));

        private static string Describe(Tok t) => t.Kind == TokKind.End ? "end of expression" : "'" + t.Text + "'";

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (Peek.Kind == TokKind.OrOr)
            {
                Next();
                left = new BinaryNode { Op = "||", Left = left, Right = ParseAnd() };
            }
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseCmp();
            while (Peek.Kind == TokKind.AndAnd)
            {
                Next();
                left = new BinaryNode { Op = "&&", Left = left, Right = ParseCmp() };
            }
            return left;
        }

        private Node ParseCmp()
        {
            var left = ParseUnary();
            while (Peek.Kind == TokKind.Eq || Peek.Kind == TokKind.Neq)
            {
                var op = Next().Text;
                left = new BinaryNode { Op = op, Left = left, Right = ParseUnary() };
            }
            return left;
        }

        private Node ParseUnary()
        {
            if (Peek.Kind == TokKind.Not)
            {
                Next();
                return new UnaryNode { Operand = ParseUnary() };
            }
            return ParsePostfix();
        }

        private Node ParsePostfix()
        {
            Node n = ParsePrimary();
            while (true)
            {
                if (Peek.Kind == TokKind.Dot)
                {
                    Next();
                    if (Peek.Kind != TokKind.Ident) throw Syntax("expected a name after '.'");
                    var name = Next().Text;
                    if (n is IdentNode id) id.Path.Add(name);
                    else throw new ExpressionUnsupported("a selector on a computed value (." + name + ") is not evaluated offline");
                }
                else if (Peek.Kind == TokKind.LBrack)
                {
                    Next();
                    var key = ParseOr();
                    if (Peek.Kind != TokKind.RBrack) throw Syntax("expected ']'");
                    Next();
                    n = new IndexNode { Base = n, Key = key };
                }
                else if (Peek.Kind == TokKind.LParen)
                {
                    if (!(n is IdentNode fn)) throw new ExpressionUnsupported("calling a computed value is not evaluated offline");
                    Next();
                    var call = new CallNode { Name = string.Join(".", fn.Path) };
                    if (Peek.Kind != TokKind.RParen)
                    {
                        while (true)
                        {
                            call.Args.Add(ParseOr());
                            if (Peek.Kind == TokKind.Comma) { Next(); if (Peek.Kind == TokKind.RParen) break; continue; }
                            break;
                        }
                    }
                    if (Peek.Kind != TokKind.RParen) throw Syntax("expected ')'");
                    Next();
                    n = call;
                }
                else return n;
            }
        }

        private Node ParsePrimary()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokKind.Ident: return new IdentNode { Path = { t.Text } };
                case TokKind.Str: return new StrNode { Value = t.Text };
                case TokKind.LParen:
                    var inner = ParseOr();
                    if (Peek.Kind != TokKind.RParen) throw Syntax("expected ')'");
                    Next();
                    return inner;
                case TokKind.Number: throw new ExpressionUnsupported("number literals (" + t.Text + ") are not evaluated offline");
                case TokKind.Other: throw new ExpressionUnsupported("the operator or character '" + t.Text + "' is not evaluated offline");
                default: _i--; throw Syntax("unexpected " + Describe(t));
            }
        }

        private void Tokenize()
        {
            string s = _src;
            int i = 0;
            while (true)
            {
                while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
                if (i >= s.Length) { _toks.Add(new Tok { Kind = TokKind.End, Pos = i }); return; }
                char c = s[i];
                int start = i;
                if (c == '_' || char.IsLetter(c))
                {
                    while (i < s.Length && (s[i] == '_' || char.IsLetterOrDigit(s[i]))) i++;
                    _toks.Add(new Tok { Kind = TokKind.Ident, Text = s.Substring(start, i - start), Pos = start });
                    continue;
                }
                if (char.IsDigit(c))
                {
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '.')) i++;
                    _toks.Add(new Tok { Kind = TokKind.Number, Text = s.Substring(start, i - start), Pos = start });
                    continue;
                }
                if (c == '"') { _toks.Add(new Tok { Kind = TokKind.Str, Text = ReadInterpreted(ref i), Pos = start }); continue; }
                if (c == '`')
                {
                    int e = s.IndexOf('`', i + 1);
                    if (e < 0) throw new ExpressionError("parsing expression: raw string literal not terminated");
                    _toks.Add(new Tok { Kind = TokKind.Str, Text = s.Substring(i + 1, e - i - 1).Replace("\r", ""), Pos = start });
                    i = e + 1;
                    continue;
                }
                string two = i + 1 < s.Length ? s.Substring(i, 2) : null;
                switch (two)
                {
                    case "&&": Add(TokKind.AndAnd, "&&", ref i, 2); continue;
                    case "||": Add(TokKind.OrOr, "||", ref i, 2); continue;
                    case "==": Add(TokKind.Eq, "==", ref i, 2); continue;
                    case "!=": Add(TokKind.Neq, "!=", ref i, 2); continue;
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
                }
                Add(TokKind.Other, c.ToString(), ref i, 1);
            }
        }

        private void Add(TokKind k, string text, ref int i, int len)
        {
            _toks.Add(new Tok { Kind = k, Text = text, Pos = i });
            i += len;
        }

        // Go interpreted string literal (spec: "String literals").
        private string ReadInterpreted(ref int i)
        {
            string s = _src;
            var sb = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= s.Length || s[i] == '\n') throw new ExpressionError("parsing expression: string literal not terminated");
                char c = s[i];
                if (c == '"') { i++; return sb.ToString(); }
                if (c != '\\') { sb.Append(c); i++; continue; }
                if (i + 1 >= s.Length) throw new ExpressionError("parsing expression: string literal not terminated");
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
                    case 'x': sb.Append((char)Hex(ref i, 2)); break;
                    case 'u': sb.Append(char.ConvertFromUtf32(Hex(ref i, 4))); break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(ref i, 8))); break;
                    default:
                        if (e >= '0' && e <= '7' && i + 1 < s.Length && IsOct(s[i]) && IsOct(s[i + 1]))
                        {
                            int v = (e - '0') * 64 + (s[i] - '0') * 8 + (s[i + 1] - '0');
                            if (v > 255) throw new ExpressionError("parsing expression: octal escape value > 255");
                            sb.Append((char)v);
                            i += 2;
                            break;
                        }
                        throw new ExpressionError("parsing expression: unknown escape sequence \\" + e + " in a string literal");
                }
            }
        }

        private static bool IsOct(char c) => c >= '0' && c <= '7';

        private int Hex(ref int i, int n)
        {
            if (i + n > _src.Length) throw new ExpressionError("parsing expression: escape sequence is invalid");
            string h = _src.Substring(i, n);
            if (!int.TryParse(h, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                throw new ExpressionError("parsing expression: escape sequence is invalid");
            i += n;
            return v;
        }
    }
}
