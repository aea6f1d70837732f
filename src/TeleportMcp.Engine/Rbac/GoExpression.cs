// Follows Go's go/scanner and go/parser function by function (Copyright 2009 The Go Authors, BSD-3-Clause): see ThirdPartyNotices.txt.
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
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

        internal ExpressionUnsupported(string message, bool goReleasesDiffer) : base(message) { GoReleasesDiffer = goReleasesDiffer; }

        /// <summary>Go 1.24 and Go 1.25 answer differently: the answer of the Go that built the evaluating agent decides.</summary>
        internal bool GoReleasesDiffer { get; }
    }

    /// <summary>The kind of a Go basic literal (go/token INT, FLOAT, IMAG, CHAR, STRING).</summary>
    internal enum TokKind { Int, Float, Imag, Char, Str }

    /// <summary>
    /// The go/parser and go/scanner release the port follows. Go119: the Go installed for the differential (its texts are
    /// in the corpus); Go124 and Go125: the releases Teleport with MCP access is built with (docs/teleport-facts.md, session 36).
    /// </summary>
    internal enum GoRelease { Go119 = 119, Go124 = 124, Go125 = 125, Go126 = 126 }

    internal abstract class Node
    {
        public int Pos;
        /// <summary>ast.Node.End(): the offset just past the node (a statement's error position uses it).</summary>
        public int End;
    }
    internal sealed class IdentNode : Node { public required string Name; }
    internal sealed class SelectorNode : Node { public required Node X; public required string Sel; }
    internal sealed class IndexNode : Node { public required Node X; public required Node Key; }
    internal sealed class CallNode : Node { public required Node Fun; public List<Node> Args = new List<Node>(); public bool Ellipsis; }
    internal sealed class ParenNode : Node
    {
        public required Node X;
        /// <summary>
        /// X without its parentheses (go/parser unparen), set when the node is built: checkExpr and checkExprOrType unparen
        /// at every level, so walking down each time made 99,998 nested parentheses cost time quadratic in their depth.
        /// </summary>
        public required Node Inner;

        public static ParenNode Of(Node x, int lparen, int rparen) => new ParenNode { X = x, Inner = x is ParenNode p ? p.Inner : x, Pos = lparen, End = rparen + 1 };
    }
    internal sealed class UnaryNode : Node { public required string Op; public required Node X; }
    internal sealed class BinaryNode : Node { public required string Op; public required Node X, Y; }
    /// <summary>A node Go's parser builds that predicate does not evaluate (a slice, a composite literal, a bad expression), by its Go type name.</summary>
    internal sealed class OtherNode : Node
    {
        /// <summary>The go/ast type name, as %T prints it.</summary>
        public required string AstType;
        /// <summary>An array type's "..." length position (a raw type [...]T), or -1.</summary>
        public int EllipsisLen = -1;
        /// <summary>A channel type's direction (go/ast ChanDir), its arrow's position (-1 when none) and its element type.</summary>
        public int ChanDir, ChanArrow = -1;
        /// <summary>A type assertion's x.(type) form (no type).</summary>
        public bool TypeSwitch;
        public Node? Value;
    }

    internal sealed class LitNode : Node
    {
        public TokKind Kind;
        /// <summary>The literal as go/scanner returns it (quotes included; a raw string without its carriage returns).</summary>
        public required string Text;
        /// <summary>A string literal's value (strconv.Unquote); read only once the expression parsed without error.</summary>
        public string? Value => Kind == TokKind.Str ? GoStringValue.Of(Text) : null;
    }

    /// <summary>strconv.Unquote of a string literal go/scanner accepted.</summary>
    internal static class GoStringValue
    {
        public static string Of(string lit)
        {
            if (lit[0] == '`') return lit.Substring(1, lit.Length - 2);
            var sb = new StringBuilder(lit.Length);
            for (int i = 1; i < lit.Length - 1; i++)
            {
                char c = lit[i];
                if (c != '\\') { sb.Append(c); continue; }
                char e = lit[++i];
                switch (e)
                {
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'v': sb.Append('\v'); break;
                    case 'x': AppendByte(sb, Hex(lit, i + 1, 2)); i += 2; break;
                    case 'u': sb.Append(char.ConvertFromUtf32(Hex(lit, i + 1, 4))); i += 4; break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(lit, i + 1, 8))); i += 8; break;
                    default:
                        if (e >= '0' && e <= '7') { AppendByte(sb, (e - '0') * 64 + (lit[i + 1] - '0') * 8 + (lit[i + 2] - '0')); i += 2; }
                        else sb.Append(e);   // \\ and \"
                        break;
                }
            }
            return sb.ToString();
        }

        private static int Hex(string s, int at, int n) => int.Parse(s.Substring(at, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

        // \xNN and \NNN are single bytes in Go; above 0x7F they are not a character on their own.
        private static void AppendByte(StringBuilder sb, int v)
        {
            if (v > 0x7F) throw new ExpressionUnsupported("a string literal holds the raw byte \\x" + v.ToString("x2", CultureInfo.InvariantCulture) + ", which Go keeps as a byte and .NET cannot represent exactly");
            sb.Append((char)v);
        }
    }

    /// <summary>
    /// go/parser.ParseExpr, the base of vulcand/predicate and lib/utils/typical: the expression grammar ported function by
    /// function (parseBinaryExpr, parseUnaryExpr, parsePrimaryExpr, parseOperand, calls, index and slice expressions,
    /// composite literals, types, function types and literals, type assertions, type-argument lists, parameter, field and
    /// method lists), with Go's error texts, its recovery, its error list (at most one parser error per line, a stop after
    /// more than ten, sorted, "first (and N more errors)") and its nesting limit, and the statement grammar of a function
    /// literal's body (GoStatement.cs).
    /// </summary>
    internal sealed class GoExprParser
    {
        // Enough for Go's whole nesting limit: the deepest inputs Go still parses (99,998 parentheses, 49,999 calls or
        // indexes) need less than 64 MiB when the parser's methods are optimized, but 99,999 nested func types once ran out of
        // 64 MiB in a full test run (the JIT's tiers mix frame sizes), so a 64-bit process reserves twice that. A larger
        // reservation only lets an unbounded composite literal ({{{...) commit more memory before it is refused, and may not
        // be granted to a 32-bit Windows PowerShell process, which keeps 64 MiB.
        private static readonly int DeepParseStackBytes = (Environment.Is64BitProcess ? 128 : 64) * 1024 * 1024;

        private readonly string _src;
        // Nesting the module's evaluation follows (parentheses, calls, operators). Deeper input is Indeterminate.
        private readonly Limits _limits = Limits.Current;
        // null: the releases Teleport with MCP access is built with (GoParse.Teleport); else that one release
        private readonly GoRelease? _release;

        public GoExprParser(string src, GoRelease? release = null)
        {
            _src = src;
            _release = release;
        }

        // From this length on, the expression may nest deeper than a caller's stack holds: it is parsed on the large stack at
        // once rather than after a failed attempt (which cost as long as the parse itself, 99,999 nested func( took twice as long).
        private const int LargeStackFromBytes = 16 * 1024;

        /// <summary>The expression's syntax tree, or Teleport's parse error (<see cref="ExpressionError"/>), or Indeterminate.</summary>
        public Node ParseAll()
        {
            var bytes = GoScanner.Utf8(_src);
            if (bytes.Length >= LargeStackFromBytes) return OnLargeStack(bytes);
            try
            {
                return GoParse.Run(bytes, _release, _limits);
            }
            catch (InsufficientExecutionStackException)
            {
                return OnLargeStack(bytes);
            }
        }

        // Go's own limit allows 100,000 levels; the caller's stack may hold far fewer, so a deep parse runs again on its own thread.
        private Node OnLargeStack(byte[] bytes)
        {
            Node? result = null;
            ExceptionDispatchInfo? failure = null;
            var limits = _limits;
            var release = _release;
            var thread = new Thread(() =>
            {
                try { result = GoParse.Run(bytes, release, limits); }
                catch (InsufficientExecutionStackException) { failure = ExceptionDispatchInfo.Capture(new ExpressionUnsupported("the expression is nested too deep for the module's parser even on a large stack, so it is not evaluated offline")); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            }, DeepParseStackBytes);
            thread.Start();
            thread.Join();
            failure?.Throw();
            return result!;
        }
    }

    /// <summary>One run of the port over the expression's UTF-8 bytes.</summary>
    internal sealed partial class GoParse
    {
        // go/parser maxNestLev
        private const int MaxNestLev = 100000;

        private static readonly HashSet<string> StmtStart = new HashSet<string>(StringComparer.Ordinal)
        {
            "break", "const", "continue", "defer", "fallthrough", "for", "go", "goto", "if", "return", "select", "switch", "type", "var",
        };

        private static readonly HashSet<string> LiteralTokens = new HashSet<string>(StringComparer.Ordinal)
        {
            GoScanner.Ident, GoScanner.Int, GoScanner.Float, GoScanner.Imag, GoScanner.Char, GoScanner.String,
        };

        // go/token.Precedence
        private static readonly Dictionary<string, int> BinaryPrecedence = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["||"] = 1, ["&&"] = 2,
            ["=="] = 3, ["!="] = 3, ["<"] = 3, ["<="] = 3, [">"] = 3, [">="] = 3,
            ["+"] = 4, ["-"] = 4, ["|"] = 4, ["^"] = 4,
            ["*"] = 5, ["/"] = 5, ["%"] = 5, ["<<"] = 5, [">>"] = 5, ["&"] = 5, ["&^"] = 5,
        };

        private readonly GoScanner _scanner;
        private readonly List<int> _lineStarts = new List<int> { 0 };
        private readonly List<GoError> _errors = new List<GoError>();
        private GoToken _tok;
        private int _nestLev, _syncPos = -1, _syncCnt;
        private readonly GoRelease _release;
        // Go 1.24 on: go/parser without checkExpr/checkExprOrType, with the newer texts (ReleaseNotes in the facts)
        private readonly bool _newer;
        // The input reached a rule that differs between Go 1.24 and 1.25 (a '...' parameter, goto without a label).
        private bool _differs124And125;
        // parser.exprLev (< 0: in a control clause, where '{' opens the block) and parser.inRhs ('=' reads as '==')
        private int _exprLev;
        private bool _inRhs;
        // the source's length in bytes (parser.safePos clamps an end position to it)
        private readonly int _size;
        // The module's own nesting count (as its evaluation recurses), and the deepest it reached.
        private int _depth, _maxDepth;

        private struct GoError
        {
            public int Offset, Line, Column;
            public string Message;
            public override string ToString() => Line.ToString(CultureInfo.InvariantCulture) + ":" + Column.ToString(CultureInfo.InvariantCulture) + ": " + Message;
        }

        // A bailout panic: Go stops parsing and reports the errors it has.
        private sealed class Bailout : Exception { }

        public GoParse(byte[] src, GoRelease release)
        {
            _release = release;
            _newer = release >= GoRelease.Go124;
            // token.File.AddLine: a line that would start at the very end (a final newline) is not recorded
            _size = src.Length;
            for (int i = 0; i + 1 < src.Length; i++)
                if (src[i] == '\n') _lineStarts.Add(i + 1);
            _scanner = new GoScanner(src, (offset, message) => _errors.Add(At(offset, message)), release);
        }

        /// <summary>
        /// ParseExpr as Teleport's Go answers (release null), or as one Go release. Teleport with MCP access is built with Go
        /// 1.24 or Go 1.25 (<see cref="TeleportGo"/>); where the two answer differently the parse throws an ExpressionUnsupported
        /// marked GoReleasesDiffer, and the caller parses again with the release of the agent that evaluates it, if known.
        /// </summary>
        public static Node Run(byte[] bytes, GoRelease? release, Limits limits)
        {
            if (release.HasValue) return new GoParse(bytes, release.Value).Result(limits);
            var go125 = new GoParse(bytes, GoRelease.Go125);
            Node? node = null;
            ExpressionError? error = null;
            try { node = go125.Result(limits); }
            catch (ExpressionError e) { error = e; }
            if (go125._differs124And125)
            {
                Node? node124 = null;
                ExpressionError? error124 = null;
                try { node124 = new GoParse(bytes, GoRelease.Go124).Result(limits); }
                catch (ExpressionError e) { error124 = e; }
                if (error?.TeleportText != error124?.TeleportText || (node == null) != (node124 == null))
                    throw new ExpressionUnsupported(GoReleasesDifferText, true);
            }
            if (error != null) throw error;
            return node!;
        }

        internal const string GoReleasesDifferText = "Go 1.24 and Go 1.25 parse the expression differently (Go 1.25 checks '...' in parameter lists and the label of goto), " +
                                                     "and which of them built the Teleport that evaluates it is not known here (" + TeleportGo.Builds + ")";

        /// <summary>parser.ParseExprFrom, then what the module makes of Go's answer.</summary>
        private Node Result(Limits limits)
        {
            Node? root = null;
            try
            {
                Next();
                root = ParseRhsOrType();
                // a semicolon inserted at the final newline is consumed; anything else must be the end
                if (_tok.Tok == GoScanner.Semicolon && _tok.Lit == "\n") Next();
                Expect(GoScanner.Eof);
            }
            catch (Bailout) { }

            if (_errors.Count > 0 && _scanner.SawLineDirective)
                throw new ExpressionUnsupported("Go reports a syntax error in an expression holding a line directive (a /*line file:N*/ comment), which moves the positions Go prints; the module does not follow it, so the text is not known");
            if (_errors.Count > 0) throw new ExpressionError(ErrorListText());
            if (_maxDepth > limits.LabelExpressionMaxDepth)
                throw new ExpressionUnsupported("the expression is nested more than " + limits.LabelExpressionMaxDepth + " levels deep; the module stops there to protect the host (Teleport's Go parser accepts deeper nesting; " +
                                                limits.Describe(nameof(Limits.LabelExpressionMaxDepth)) + "), so it is not evaluated offline");
            return root!;
        }

        // scanner.ErrorList: sorted by line, column and message; Error() gives the first and how many more.
        private string ErrorListText()
        {
            var first = First();
            return _errors.Count == 1 ? first.ToString() : first + " (and " + (_errors.Count - 1).ToString(CultureInfo.InvariantCulture) + " more errors)";
        }

        private GoError First()
        {
            var first = _errors[0];
            foreach (var e in _errors)
                if (e.Line < first.Line || (e.Line == first.Line && (e.Column < first.Column || (e.Column == first.Column && string.CompareOrdinal(e.Message, first.Message) < 0))))
                    first = e;
            return first;
        }

        // go/token Position: line from 1, column in bytes from 1.
        private GoError At(int offset, string message)
        {
            int line = _lineStarts.BinarySearch(offset);
            if (line < 0) line = ~line - 1;
            return new GoError { Offset = offset, Line = line + 1, Column = offset - _lineStarts[line] + 1, Message = message };
        }

        private void Next() => _tok = _scanner.Scan();

        // parser.error: without AllErrors, an error on the line of the last one is dropped, and past ten errors Go stops.
        private void Error(int offset, string message)
        {
            var e = At(offset, message);
            int n = _errors.Count;
            if (n > 0 && _errors[n - 1].Line == e.Line) return;
            if (n > 10) throw new Bailout();
            _errors.Add(e);
        }

        private void ErrorExpected(int offset, string what)
        {
            string message = "expected " + what;
            if (offset == _tok.Offset)
            {
                if (_tok.Tok == GoScanner.Semicolon && _tok.Lit == "\n") message += ", found newline";
                else if (LiteralTokens.Contains(_tok.Tok)) message += ", found " + _tok.Lit;
                else message += ", found '" + _tok.Tok + "'";
            }
            Error(offset, message);
        }

        private int Expect(string tok)
        {
            int pos = _tok.Offset;
            if (_tok.Tok != tok) ErrorExpected(pos, "'" + tok + "'");
            Next();
            return pos;
        }

        private int ExpectClosing(string tok, string context)
        {
            if (_tok.Tok != tok && _tok.Tok == GoScanner.Semicolon && _tok.Lit == "\n")
            {
                Error(_tok.Offset, "missing ',' before newline in " + context);
                Next();
            }
            return Expect(tok);
        }

        private bool AtComma(string context, string follow)
        {
            if (_tok.Tok == ",") return true;
            if (_tok.Tok != follow)
            {
                string message = "missing ','";
                if (_tok.Tok == GoScanner.Semicolon && _tok.Lit == "\n") message += " before newline";
                Error(_tok.Offset, message + " in " + context);
                return true;   // "insert" a comma and go on
            }
            return false;
        }

        // parser.advance: skip to a token of the set, making progress at least every ten calls.
        private void Advance(HashSet<string> to)
        {
            for (; _tok.Tok != GoScanner.Eof; Next())
            {
                if (!to.Contains(_tok.Tok)) continue;
                if (_tok.Offset == _syncPos && _syncCnt < 10) { _syncCnt++; return; }
                if (_tok.Offset > _syncPos) { _syncPos = _tok.Offset; _syncCnt = 0; return; }
            }
        }

        private void IncNestLev()
        {
            if (++_nestLev > MaxNestLev)
            {
                Error(_tok.Offset, "exceeded max nesting depth");
                throw new Bailout();
            }
        }

        private void Enter()
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (++_depth > _maxDepth) _maxDepth = _depth;
        }

        private void Leave() => _depth--;

        // parser.parseExpr (check is always true in an expression), parseRhs, parseRhsOrType
        // Inlined, and the checks kept out of line, so each nesting level costs as few stack bytes as before the type grammar.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Node ParseExpr() => ParseBinaryExpr(null, 1, true);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Node ParseRhs()
        {
            bool old = _inRhs;
            _inRhs = true;
            var x = CheckExpr(ParseExpr());
            _inRhs = old;
            return x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Node ParseRhsOrType()
        {
            bool old = _inRhs;
            _inRhs = true;
            var x = CheckExprOrType(ParseExpr());
            _inRhs = old;
            return x;
        }

        // parser.parseBinaryExpr: x, when given, is the left operand already parsed; check is false only for the first
        // bracket of a type declaration (parseTypeSpec), where Go 1.19 leaves the operands unchecked.
        private Node ParseBinaryExpr(Node? x, int prec1, bool check)
        {
            Enter();
            x ??= ParseUnaryExpr();
            int n = 0;
            try
            {
                for (n = 1; ; n++)
                {
                    IncNestLev();
                    // tokPrec: on a right-hand side, '=' is read as '=='
                    string op = _inRhs && _tok.Tok == "=" ? "==" : _tok.Tok;
                    if (!BinaryPrecedence.TryGetValue(op, out int oprec) || oprec < prec1) return x;
                    int pos = Expect(op);
                    var y = ParseBinaryExpr(null, oprec + 1, check);
                    if (check)
                    {
                        x = CheckExpr(x);
                        y = CheckExpr(y);
                    }
                    x = new BinaryNode { Op = op, X = x, Y = y, Pos = pos, End = y.End };
                }
            }
            finally
            {
                _nestLev -= n;
                Leave();
            }
        }

        private Node ParseUnaryExpr()
        {
            IncNestLev();
            try
            {
                switch (_tok.Tok)
                {
                    case "+": case "-": case "!": case "^": case "&": case "~":
                        {
                            var t = _tok;
                            Next();
                            Enter();
                            var x = ParseUnaryExpr();
                            Leave();
                            x = CheckExpr(x);
                            return new UnaryNode { Op = t.Tok, X = x, Pos = t.Offset, End = x.End };
                        }
                    case "<-":
                        return ParseArrowExpr();
                    case "*":
                        {
                            int star = _tok.Offset;
                            Next();
                            Enter();
                            var x = ParseUnaryExpr();
                            Leave();
                            x = CheckExprOrType(x);
                            return new UnaryNode { Op = "*", X = x, Pos = star, End = x.End };
                        }
                }
                return ParsePrimaryExpr();
            }
            finally
            {
                _nestLev--;
            }
        }

        // parseUnaryExpr's token.ARROW case: a receive, or the arrow of a channel type (re-associated level by level)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node ParseArrowExpr()
        {
            int arrow = _tok.Offset;
            Next();
            Enter();
            var x = ParseUnaryExpr();
            Leave();
            if (x is OtherNode typ && typ.AstType == ChanType)
            {
                int dir = ChanSend;
                bool ok = true;
                while (ok && dir == ChanSend)
                {
                    if (typ.ChanDir == ChanRecv) ErrorExpected(typ.ChanArrow, "'chan'");
                    int nextArrow = typ.ChanArrow;
                    typ.Pos = arrow;
                    typ.ChanArrow = arrow;
                    arrow = nextArrow;
                    dir = typ.ChanDir;
                    typ.ChanDir = ChanRecv;
                    ok = typ.Value is OtherNode v && v.AstType == ChanType;
                    if (ok) typ = (OtherNode)typ.Value!;
                }
                if (dir == ChanSend) ErrorExpected(arrow, "channel type");
                return x;
            }
            x = CheckExpr(x);
            return new UnaryNode { Op = "<-", X = x, Pos = arrow, End = x.End };
        }

        private Node ParsePrimaryExpr(Node? x = null)
        {
            x ??= ParseOperand();
            int n = 0;
            try
            {
                for (n = 1; ; n++)
                {
                    IncNestLev();
                    switch (_tok.Tok)
                    {
                        case ".":
                            x = ParseSelectorOrAssertion(x);
                            break;
                        case "[":
                            x = ParseIndexOrSlice(CheckExpr(x));
                            break;
                        case "(":
                            x = ParseCall(CheckExprOrType(x));
                            break;
                        case "{":
                            {
                                var literal = ParseCompositeLiteralOf(x);
                                if (literal == null) return x;
                                x = literal;
                                break;
                            }
                        default:
                            return x;
                    }
                }
            }
            finally
            {
                _nestLev -= n;
            }
        }

        // parsePrimaryExpr's token.PERIOD case (kept out of line: one nesting level's stack frame stays small)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node ParseSelectorOrAssertion(Node x)
        {
            Next();
            if (_tok.Tok == GoScanner.Ident)
            {
                var sel = new SelectorNode { X = CheckExprOrType(x), Sel = _tok.Lit, Pos = _tok.Offset, End = TokEnd(_tok) };
                Next();
                return sel;
            }
            if (_tok.Tok == "(") return ParseTypeAssertion(CheckExpr(x));
            int pos = _tok.Offset;
            ErrorExpected(pos, "selector or type assertion");
            if (_tok.Tok != "}") Next();
            return new SelectorNode { X = x, Sel = "_", Pos = pos, End = pos + 1 };
        }

        // parsePrimaryExpr's token.LBRACE case: a composite literal follows a type name, an instance, an array, struct or
        // map type, or a bad expression; null when the brace is not the literal's.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node? ParseCompositeLiteralOf(Node x)
        {
            var t = Unparen(x);
            // a type name or instance before '{' in a control clause: the '{' opens the block
            bool typeName = t is IdentNode || t is SelectorNode || t is IndexNode || (t is OtherNode n && (n.AstType == BadExpr || n.AstType == "*ast.IndexListExpr"));
            if (typeName && _exprLev < 0) return null;
            bool literalType = typeName || (t is OtherNode o && (o.AstType == ArrayType || o.AstType == "*ast.StructType" || o.AstType == "*ast.MapType"));
            if (!literalType) return null;
            if (t != x) Error(GoPos(t), "cannot parenthesize type in composite literal");
            return ParseLiteralValue(x);
        }

        private const string BadExpr = "*ast.BadExpr", ArrayType = "*ast.ArrayType", ChanType = "*ast.ChanType";
        // go/ast ChanDir
        private const int ChanSend = 1, ChanRecv = 2;

        private static readonly HashSet<string> ExprEnd = new HashSet<string>(StringComparer.Ordinal) { ",", ":", ";", ")", "]", "}" };

        // The nodes checkExpr accepts as expressions (all others are types).
        private static readonly HashSet<string> ExprAstTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            BadExpr, "*ast.FuncLit", "*ast.CompositeLit", "*ast.IndexListExpr", "*ast.SliceExpr", "*ast.TypeAssertExpr",
        };

        private static OtherNode Bad(int from, int to) => new OtherNode { AstType = BadExpr, Pos = from, End = to };

        // parser.safePos: an end position past the source (a missing token's position + 1) is the end of the source
        private int SafePos(int pos) => pos > _size ? _size : pos;

        // The end of an identifier or a literal token (its text), or of an operator or keyword.
        private static int TokEnd(GoToken t) =>
            t.Offset + (t.Tok == GoScanner.Ident || LiteralTokens.Contains(t.Tok) ? Encoding.UTF8.GetByteCount(t.Lit) : t.Tok.Length);

        // ast.Node.Pos(): where the node's text starts.
        private static int GoPos(Node n)
        {
            while (true)
            {
                switch (n)
                {
                    case SelectorNode s: n = s.X; break;
                    case IndexNode i: n = i.X; break;
                    case CallNode c: n = c.Fun; break;
                    case BinaryNode b: n = b.X; break;
                    default: return n.Pos;
                }
            }
        }

        private static Node Unparen(Node x) => x is ParenNode p ? p.Inner : x;

        // parser.checkExpr (Go 1.19; Go 1.24 has no such check: predicate then names the node it does not evaluate)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node CheckExpr(Node x)
        {
            if (_newer) return x;
            var t = Unparen(x);
            if (t is OtherNode o && !ExprAstTypes.Contains(o.AstType))
            {
                int pos = GoPos(x);
                ErrorExpected(pos, "expression");
                return Bad(pos, SafePos(x.End));
            }
            return x;
        }

        // parser.checkExprOrType: a raw type [...]T is no expression
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node CheckExprOrType(Node x)
        {
            if (_newer) return x;
            if (Unparen(x) is OtherNode o && o.AstType == ArrayType && o.EllipsisLen >= 0)
            {
                Error(o.EllipsisLen, "expected array length, found '...'");
                return Bad(GoPos(x), SafePos(x.End));
            }
            return x;
        }

        private Node ParseOperand()
        {
            var t = _tok;
            switch (t.Tok)
            {
                case GoScanner.Ident:
                    Next();
                    return new IdentNode { Name = t.Lit, Pos = t.Offset, End = TokEnd(t) };
                case GoScanner.Int: case GoScanner.Float: case GoScanner.Imag: case GoScanner.Char: case GoScanner.String:
                    Next();
                    return new LitNode { Kind = LiteralKind(t.Tok), Text = t.Lit, Pos = t.Offset, End = TokEnd(t) };
                case "(":
                    {
                        Next();
                        Enter();
                        _exprLev++;
                        var x = ParseRhsOrType();
                        _exprLev--;
                        Leave();
                        int rparen = Expect(")");
                        return ParenNode.Of(x, t.Offset, rparen);
                    }
                case "func":
                    return ParseFuncTypeOrLit();
            }
            return ParseTypeOperand();
        }

        // parseOperand's tail: a type (composite literal type or conversion), or the error
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Node ParseTypeOperand()
        {
            int pos = _tok.Offset;
            var typ = TryIdentOrType();
            if (typ != null) return typ;
            ErrorExpected(pos, "operand");
            Advance(StmtStart);
            return Bad(pos, _tok.Offset);
        }

        private static TokKind LiteralKind(string tok)
        {
            switch (tok)
            {
                case GoScanner.Int: return TokKind.Int;
                case GoScanner.Float: return TokKind.Float;
                case GoScanner.Imag: return TokKind.Imag;
                case GoScanner.Char: return TokKind.Char;
                default: return TokKind.Str;
            }
        }

        // parser.parseTypeAssertion
        private Node ParseTypeAssertion(Node x)
        {
            Expect("(");
            bool typeSwitch = _tok.Tok == "type";
            if (typeSwitch) Next();
            else ParseType();
            int rparen = Expect(")");
            return new OtherNode { AstType = "*ast.TypeAssertExpr", Pos = GoPos(x), End = rparen + 1, TypeSwitch = typeSwitch };
        }

        // typeparams.PackIndexExpr
        private static Node PackIndexExpr(Node x, int lbrack, List<Node> args, int rbrack) =>
            args.Count == 1 ? new IndexNode { X = x, Key = args[0], Pos = lbrack, End = rbrack + 1 } : new OtherNode { AstType = "*ast.IndexListExpr", Pos = GoPos(x), End = rbrack + 1 };

        // parser.parseIndexOrSliceOrInstance
        private Node ParseIndexOrSlice(Node x)
        {
            int lbrack = Expect("[");
            if (_tok.Tok == "]")
            {
                ErrorExpected(_tok.Offset, "operand");
                int rbrack = _tok.Offset;
                Next();
                return new IndexNode { X = x, Key = Bad(rbrack, rbrack), Pos = lbrack, End = rbrack + 1 };
            }
            Enter();
            _exprLev++;
            Node? index0 = null;
            bool[] present = new bool[3];
            int[] colons = new int[2];
            List<Node>? args = null;
            if (_tok.Tok != ":") { index0 = ParseRhsOrType(); present[0] = true; }
            int ncolons = 0;
            if (_tok.Tok == ":")
            {
                while (_tok.Tok == ":" && ncolons < 2)
                {
                    colons[ncolons] = _tok.Offset;
                    ncolons++;
                    Next();
                    if (_tok.Tok != ":" && _tok.Tok != "]" && _tok.Tok != GoScanner.Eof)
                    {
                        ParseRhs();
                        present[ncolons] = true;
                    }
                }
            }
            else if (_tok.Tok == ",")
            {
                args = new List<Node> { index0! };
                while (_tok.Tok == ",")
                {
                    Next();
                    if (_tok.Tok != "]" && _tok.Tok != GoScanner.Eof) args.Add(ParseType());
                }
            }
            _exprLev--;
            Leave();
            int rbrack2 = Expect("]");
            if (ncolons > 0)
            {
                if (ncolons == 2)
                {
                    // go/parser 1.24 words them "middle"/"final"
                    if (!present[1]) Error(colons[0], _newer ? "middle index required in 3-index slice" : "2nd index required in 3-index slice");
                    if (!present[2]) Error(colons[1], _newer ? "final index required in 3-index slice" : "3rd index required in 3-index slice");
                }
                return new OtherNode { AstType = "*ast.SliceExpr", Pos = GoPos(x), End = rbrack2 + 1 };
            }
            if (args == null) return new IndexNode { X = x, Key = index0!, Pos = lbrack, End = rbrack2 + 1 };
            return PackIndexExpr(x, lbrack, args, rbrack2);
        }

        // parser.parseCallOrConversion
        private Node ParseCall(Node fun)
        {
            int lparen = Expect("(");
            Enter();
            _exprLev++;
            var call = new CallNode { Fun = fun, Pos = lparen };
            while (_tok.Tok != ")" && _tok.Tok != GoScanner.Eof && !call.Ellipsis)
            {
                call.Args.Add(ParseRhsOrType());
                // f(list...) ends the arguments; predicate ignores the ellipsis
                if (_tok.Tok == "...") { call.Ellipsis = true; Next(); }
                if (!AtComma("argument list", ")")) break;
                Next();
            }
            _exprLev--;
            Leave();
            call.End = ExpectClosing(")", "argument list") + 1;
            return call;
        }

        // parser.parseLiteralValue, parseElementList, parseElement, parseValue
        private Node ParseLiteralValue(Node? type)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            // go/parser 1.24 counts a nesting level per composite literal (incNestLev); 1.19 does not
            if (_newer) IncNestLev();
            try
            {
                int lbrace = Expect("{");
                _exprLev++;
                if (_tok.Tok != "}")
                {
                    while (_tok.Tok != "}" && _tok.Tok != GoScanner.Eof)
                    {
                        ParseValue();
                        if (_tok.Tok == ":") { Next(); ParseValue(); }
                        if (!AtComma("composite literal", "}")) break;
                        Next();
                    }
                }
                _exprLev--;
                int rbrace = ExpectClosing("}", "composite literal");
                return new OtherNode { AstType = "*ast.CompositeLit", Pos = type == null ? lbrace : GoPos(type), End = rbrace + 1 };
            }
            finally
            {
                if (_newer) _nestLev--;
            }
        }

        private void ParseValue()
        {
            if (_tok.Tok == "{") ParseLiteralValue(null);
            else CheckExpr(ParseExpr());
        }

        // ---- types (parser.go 1.19: parseType ... tryIdentOrType) ------------------------------------------------

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Node ParseType()
        {
            var typ = TryIdentOrType();
            if (typ != null) return typ;
            int pos = _tok.Offset;
            ErrorExpected(pos, "type");
            Advance(ExprEnd);
            return Bad(pos, _tok.Offset);
        }

        private IdentNode ParseIdent()
        {
            var t = _tok;
            string name = "_";
            if (t.Tok == GoScanner.Ident)
            {
                name = t.Lit;
                Next();
            }
            else Expect(GoScanner.Ident);
            return new IdentNode { Name = name, Pos = t.Offset, End = t.Tok == GoScanner.Ident ? TokEnd(t) : t.Offset + 1 };
        }

        private Node ParseQualifiedIdent(IdentNode? ident)
        {
            var typ = ParseTypeName(ident);
            if (_tok.Tok == "[") typ = ParseTypeInstance(typ);
            return typ;
        }

        private Node ParseTypeName(IdentNode? ident)
        {
            ident ??= ParseIdent();
            if (_tok.Tok != ".") return ident;
            Next();
            var sel = ParseIdent();
            return new SelectorNode { X = ident, Sel = sel.Name, Pos = sel.Pos, End = sel.End };
        }

        // "[" is consumed; lenParsed: an array length already parsed (a type declaration's T[n])
        private Node ParseArrayType(int lbrack, bool lenParsed)
        {
            int ellipsis = -1;
            if (!lenParsed)
            {
                _exprLev++;
                if (_tok.Tok == "...") { ellipsis = _tok.Offset; Next(); }
                else if (_tok.Tok != "]") ParseRhs();
                _exprLev--;
            }
            if (_tok.Tok == ",")
            {
                Error(_tok.Offset, "unexpected comma; expecting ]");
                Next();
            }
            Expect("]");
            var elt = ParseType();
            return new OtherNode { AstType = ArrayType, Pos = lbrack, EllipsisLen = ellipsis, End = elt.End };
        }

        // Returns the field's name (null when the brackets were type arguments) and its type.
        private (IdentNode? Name, Node Type) ParseArrayFieldOrTypeInstance(IdentNode x)
        {
            int lbrack = Expect("[");
            var args = new List<Node>();
            int trailingComma = -1;
            if (_tok.Tok != "]")
            {
                _exprLev++;
                args.Add(ParseRhsOrType());
                while (_tok.Tok == ",")
                {
                    int comma = _tok.Offset;
                    Next();
                    // go/parser 1.24: a comma before ']' ends the list (an error only if the brackets are an array length)
                    if (_newer && _tok.Tok == "]")
                    {
                        trailingComma = comma;
                        break;
                    }
                    args.Add(ParseRhsOrType());
                }
                _exprLev--;
            }
            int rbrack = Expect("]");
            if (args.Count == 0)
            {
                var elt0 = ParseType();
                return (x, new OtherNode { AstType = ArrayType, Pos = lbrack, EllipsisLen = -1, End = elt0.End });
            }
            if (args.Count == 1)
            {
                var elt = TryIdentOrType();
                if (elt != null)
                {
                    if (trailingComma >= 0) Error(trailingComma, "unexpected comma; expecting ]");
                    return (x, new OtherNode { AstType = ArrayType, Pos = lbrack, EllipsisLen = -1, End = elt.End });
                }
            }
            return (null, PackIndexExpr(x, lbrack, args, rbrack));
        }

        private void ParseFieldDecl()
        {
            if (_tok.Tok == GoScanner.Ident)
            {
                var name = ParseIdent();
                if (_tok.Tok == "." || _tok.Tok == GoScanner.String || _tok.Tok == GoScanner.Semicolon || _tok.Tok == "}")
                {
                    // embedded type
                    if (_tok.Tok == ".") ParseQualifiedIdent(name);
                }
                else
                {
                    int names = 1;
                    while (_tok.Tok == ",")
                    {
                        Next();
                        ParseIdent();
                        names++;
                    }
                    if (names == 1 && _tok.Tok == "[") ParseArrayFieldOrTypeInstance(name);
                    else ParseType();
                }
            }
            else if (_newer) ParseEmbeddedPointerOrParen();
            else ParseType();
            if (_tok.Tok == GoScanner.String) Next();
            ExpectSemi();
        }

        // go/parser 1.24 parseFieldDecl's token.MUL and token.LPAREN cases (parseStructType enters it on IDENT, '*' or '(')
        private void ParseEmbeddedPointerOrParen()
        {
            if (_tok.Tok == "*")
            {
                Next();
                if (_tok.Tok == "(")
                {
                    Error(_tok.Offset, "cannot parenthesize embedded type");
                    Next();
                    ParseQualifiedIdent(null);
                    if (_tok.Tok == ")") Next();
                }
                else ParseQualifiedIdent(null);
                return;
            }
            Error(_tok.Offset, "cannot parenthesize embedded type");
            Next();
            if (_tok.Tok == "*") Next();
            ParseQualifiedIdent(null);
            if (_tok.Tok == ")") Next();
        }

        // parser.expectSemi: a semicolon is optional before ')' or '}'
        private void ExpectSemi()
        {
            if (_tok.Tok == ")" || _tok.Tok == "}") return;
            switch (_tok.Tok)
            {
                case ",":
                    ErrorExpected(_tok.Offset, "';'");
                    Next();
                    break;
                case GoScanner.Semicolon:
                    Next();
                    break;
                default:
                    ErrorExpected(_tok.Offset, "';'");
                    Advance(StmtStart);
                    break;
            }
        }

        private Node ParseStructType()
        {
            int pos = Expect("struct");
            Expect("{");
            while (_tok.Tok == GoScanner.Ident || _tok.Tok == "*" || _tok.Tok == "(") ParseFieldDecl();
            int rbrace = Expect("}");
            return new OtherNode { AstType = "*ast.StructType", Pos = pos, End = rbrace + 1 };
        }

        private Node ParsePointerType()
        {
            int star = Expect("*");
            var x = ParseType();
            return new UnaryNode { Op = "*", X = x, Pos = star, End = x.End };
        }

        private Node ParseDotsType()
        {
            int pos = Expect("...");
            var elt = ParseType();
            return new OtherNode { AstType = "*ast.Ellipsis", Pos = pos, End = elt.End };
        }

        private struct Field
        {
            public IdentNode? Name;
            public Node? Type;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private Field ParseArrayParam(IdentNode name)
        {
            var (n, t) = ParseArrayFieldOrTypeInstance(name);
            return new Field { Name = n, Type = t };
        }

        // parser.parseParamDecl
        private Field ParseParamDecl(IdentNode? name, bool typeSetsOK)
        {
            var f = new Field();
            string tok = _tok.Tok;
            if (name != null) tok = GoScanner.Ident;
            else if (typeSetsOK && tok == "~") return new Field { Type = EmbeddedElem(null) };

            switch (tok)
            {
                case GoScanner.Ident:
                    f.Name = name ?? ParseIdent();
                    switch (_tok.Tok)
                    {
                        case GoScanner.Ident: case "*": case "<-": case "func": case "chan": case "map": case "struct": case "interface": case "(":
                            f.Type = ParseType();
                            break;
                        case "[":
                            f = ParseArrayParam(f.Name);
                            break;
                        case "...":
                            f.Type = ParseDotsType();
                            return f;
                        case ".":
                            f.Type = ParseQualifiedIdent(f.Name);
                            f.Name = null;
                            break;
                        case "~":
                            if (typeSetsOK)
                            {
                                f.Type = EmbeddedElem(null);
                                return f;
                            }
                            break;
                        case "|":
                            if (typeSetsOK)
                            {
                                f.Type = EmbeddedElem(f.Name);
                                f.Name = null;
                                return f;
                            }
                            break;
                    }
                    break;
                case "*": case "<-": case "func": case "[": case "chan": case "map": case "struct": case "interface": case "(":
                    f.Type = ParseType();
                    break;
                case "...":
                    f.Type = ParseDotsType();
                    return f;
                default:
                    ErrorExpected(_tok.Offset, "')'");
                    Advance(ExprEnd);
                    break;
            }
            if (typeSetsOK && _tok.Tok == "|" && f.Type != null) f.Type = EmbeddedElem(f.Type);
            return f;
        }

        // parser.parseParameterList; returns how many parameters the list has
        // dddok (Go 1.25): a final '...' parameter is allowed (a function's parameters, not its results or type parameters)
        private int ParseParameterList(IdentNode? name0, Node? typ0, string closing, bool dddok)
        {
            bool tparams = closing == "]";
            bool typeSetsOK = tparams;
            // go/parser 1.24 pos0: the first name, else the first type, else the current token
            int pos = name0 != null ? name0.Pos : _newer && typ0 != null ? GoPos(typ0) : _tok.Offset;
            var list = new List<Field>();
            int named = 0, typed = 0;
            while (name0 != null || (_tok.Tok != closing && _tok.Tok != GoScanner.Eof))
            {
                Field par;
                if (typ0 != null)
                {
                    if (typeSetsOK) typ0 = EmbeddedElem(typ0);
                    par = new Field { Name = name0, Type = typ0 };
                }
                else par = ParseParamDecl(name0, typeSetsOK);
                name0 = null;
                typ0 = null;
                if (par.Name != null || par.Type != null)
                {
                    list.Add(par);
                    if (par.Name != null && par.Type != null) named++;
                    if (par.Type != null) typed++;
                }
                if (!AtComma("parameter list", closing)) break;
                Next();
            }
            if (list.Count == 0) return 0;
            if (_newer) DistributeParameterTypes124(list, named, typed, pos, tparams);
            else DistributeParameterTypes(list, named, pos, tparams);
            if (_newer) CheckDots(list, dddok);
            return list.Count;
        }

        // go/parser 1.25 parseParameterList: '...' only as the type of a function's last parameter (first misuse reported)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void CheckDots(List<Field> list, bool dddok)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (!(list[i].Type is OtherNode t && t.AstType == "*ast.Ellipsis") || (dddok && i + 1 == list.Count)) continue;
                _differs124And125 = true;
                if (_release >= GoRelease.Go125) Error(t.Pos, dddok ? "can only use ... with final parameter" : "invalid use of ...");
                return;
            }
        }

        // go/parser 1.24 parseParameterList: the distribution of types over names, with its newer texts and positions
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void DistributeParameterTypes124(List<Field> list, int named, int typed, int pos0, bool tparams)
        {
            if (named == 0)
            {
                if (tparams)
                {
                    if (named == typed) Error(_tok.Offset, "missing type constraint");
                    else Error(pos0, MissingTypeParameterName(list.Count));
                }
                return;
            }
            if (named == list.Count) return;
            int errPos = -1;
            Node? typ = null;
            for (int i = list.Count - 1; i >= 0; i--)
            {
                var par = list[i];
                if (par.Type != null)
                {
                    typ = par.Type;
                    if (par.Name == null)
                    {
                        errPos = GoPos(typ);
                        par.Name = new IdentNode { Name = "_", Pos = errPos };
                    }
                }
                else if (typ != null) par.Type = typ;
                else
                {
                    errPos = par.Name!.Pos;
                    par.Type = Bad(par.Name.Pos, par.Name.End);
                }
                list[i] = par;
            }
            if (errPos < 0) return;
            if (named == typed) Error(_tok.Offset, tparams ? "missing type constraint" : "missing parameter type");
            else Error(errPos, tparams ? MissingTypeParameterName(list.Count) : "missing parameter name");
        }

        // Built only when reported: a string made at every level of 100,000 nested parameter lists makes garbage collections
        // that each walk the whole deep stack.
        private static string MissingTypeParameterName(int count) => count == 1 ? "missing type parameter name or invalid array length" : "missing type parameter name";

        // parseParameterList's distribution of types over names, with its two errors (out of line: the list recurses)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void DistributeParameterTypes(List<Field> list, int named, int pos, bool tparams)
        {
            if (named == 0)
            {
                if (tparams) Error(pos, "all type parameters must be named");
            }
            else if (named != list.Count)
            {
                bool ok = true;
                Node? typ = null;
                int missingName = pos;
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    var par = list[i];
                    if (par.Type != null)
                    {
                        typ = par.Type;
                        if (par.Name == null)
                        {
                            ok = false;
                            missingName = GoPos(par.Type);
                            par.Name = new IdentNode { Name = "_", Pos = GoPos(typ) };
                        }
                    }
                    else if (typ != null) par.Type = typ;
                    else
                    {
                        ok = false;
                        missingName = par.Name!.Pos;
                        par.Type = Bad(par.Name.Pos, par.Name.End);
                    }
                    list[i] = par;
                }
                if (!ok)
                {
                    if (tparams) Error(missingName, "all type parameters must be named");
                    else Error(pos, "mixed named and unnamed parameters");
                }
            }
        }

        // parser.parseParameters; returns the position of a type parameter list's '[', or -1, and the parameters' ')'
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int ParseParameters(bool acceptTParams, out int rparen, bool result = false)
        {
            int tparams = -1;
            if (acceptTParams && _tok.Tok == "[")
            {
                int opening = _tok.Offset;
                Next();
                int count = ParseParameterList(null, null, "]", false);
                int rbrack = Expect("]");
                tparams = opening;
                if (count == 0)
                {
                    Error(rbrack, "empty type parameter list");
                    tparams = -1;
                }
                else if (_newer)
                {
                    // go/parser 1.25 parseFuncType reports the type parameters before it parses the parameters, 1.24 after
                    _differs124And125 = true;
                    if (_release >= GoRelease.Go125) Error(tparams, "function type must have no type parameters");
                }
            }
            Expect("(");
            if (_tok.Tok != ")") ParseParameterList(null, null, ")", !result);
            rparen = Expect(")");
            return tparams;
        }

        // parser.parseResult; returns the results' end (ast.FieldList.End()), or -1 when there are none
        private int ParseResult()
        {
            if (_tok.Tok == "(")
            {
                ParseParameters(false, out int rparen, true);
                return rparen + 1;
            }
            var typ = TryIdentOrType();
            return typ == null ? -1 : typ.End;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Node ParseFuncType()
        {
            int pos = Expect("func");
            int tparams = ParseParameters(true, out int rparen);
            if (tparams >= 0 && _release < GoRelease.Go125) Error(tparams, "function type must have no type parameters");
            int results = ParseResult();
            return new OtherNode { AstType = "*ast.FuncType", Pos = pos, End = results >= 0 ? results : rparen + 1 };
        }

        // parser.parseMethodSpec; returns whether the element is a method (it has a name)
        private (bool Named, Node Type) ParseMethodSpec()
        {
            var x = ParseTypeName(null);
            if (x is IdentNode ident)
            {
                if (_tok.Tok == "[")
                {
                    // generic method or embedded instantiated type
                    int lbrack = _tok.Offset;
                    Next();
                    _exprLev++;
                    var first = ParseExpr();
                    _exprLev--;
                    if (first is IdentNode name0 && _tok.Tok != "," && _tok.Tok != "]")
                    {
                        // interface methods have no type parameters; Go parses them for its error
                        ParseParameterList(name0, null, "]", false);
                        Expect("]");
                        Error(lbrack, "interface method must have no type parameters");
                        ParseParameters(false, out _);
                        ParseResult();
                        return (true, new OtherNode { AstType = "*ast.FuncType", Pos = -1 });
                    }
                    var list = new List<Node> { first };
                    if (AtComma("type argument list", "]"))
                    {
                        _exprLev++;
                        Next();
                        while (_tok.Tok != "]" && _tok.Tok != GoScanner.Eof)
                        {
                            list.Add(ParseType());
                            if (!AtComma("type argument list", "]")) break;
                            Next();
                        }
                        _exprLev--;
                    }
                    int rbrack = ExpectClosing("]", "type argument list");
                    return (false, PackIndexExpr(ident, lbrack, list, rbrack));
                }
                if (_tok.Tok == "(")
                {
                    ParseParameters(false, out _);
                    ParseResult();
                    return (true, new OtherNode { AstType = "*ast.FuncType", Pos = -1 });
                }
                return (false, x);
            }
            if (_tok.Tok == "[") x = ParseTypeInstance(x);
            return (false, x);
        }

        private Node EmbeddedElem(Node? x)
        {
            x ??= EmbeddedTerm();
            while (_tok.Tok == "|")
            {
                int pos = _tok.Offset;
                Next();
                var y = EmbeddedTerm();
                x = new BinaryNode { Op = "|", X = x, Y = y, Pos = pos, End = y.End };
            }
            return x;
        }

        private Node EmbeddedTerm()
        {
            if (_tok.Tok == "~")
            {
                int pos = _tok.Offset;
                Next();
                var t = ParseType();
                return new UnaryNode { Op = "~", X = t, Pos = pos, End = t.End };
            }
            var typ = TryIdentOrType();
            if (typ != null) return typ;
            int at = _tok.Offset;
            ErrorExpected(at, "~ term or type");
            Advance(ExprEnd);
            return Bad(at, _tok.Offset);
        }

        private Node ParseInterfaceType()
        {
            int pos = Expect("interface");
            Expect("{");
            while (true)
            {
                if (_tok.Tok == GoScanner.Ident)
                {
                    var (named, type) = ParseMethodSpec();
                    if (!named) EmbeddedElem(type);
                    ExpectSemi();
                }
                else if (_tok.Tok == "~")
                {
                    EmbeddedElem(null);
                    ExpectSemi();
                }
                else
                {
                    var t = TryIdentOrType();
                    if (t == null) break;
                    EmbeddedElem(t);
                    ExpectSemi();
                }
            }
            int rbrace = Expect("}");
            return new OtherNode { AstType = "*ast.InterfaceType", Pos = pos, End = rbrace + 1 };
        }

        private Node ParseMapType()
        {
            int pos = Expect("map");
            Expect("[");
            ParseType();
            Expect("]");
            var value = ParseType();
            return new OtherNode { AstType = "*ast.MapType", Pos = pos, End = value.End };
        }

        private Node ParseChanType()
        {
            int pos = _tok.Offset;
            int dir = ChanSend | ChanRecv;
            int arrow = -1;
            if (_tok.Tok == "chan")
            {
                Next();
                if (_tok.Tok == "<-")
                {
                    arrow = _tok.Offset;
                    Next();
                    dir = ChanSend;
                }
            }
            else
            {
                arrow = Expect("<-");
                Expect("chan");
                dir = ChanRecv;
            }
            var value = ParseType();
            return new OtherNode { AstType = ChanType, Pos = pos, ChanDir = dir, ChanArrow = arrow, Value = value, End = value.End };
        }

        private Node ParseTypeInstance(Node typ)
        {
            int opening = Expect("[");
            _exprLev++;
            var list = new List<Node>();
            while (_tok.Tok != "]" && _tok.Tok != GoScanner.Eof)
            {
                list.Add(ParseType());
                if (!AtComma("type argument list", "]")) break;
                Next();
            }
            _exprLev--;
            int closing = ExpectClosing("]", "type argument list");
            if (list.Count == 0)
            {
                ErrorExpected(closing, "type argument list");
                return new IndexNode { X = typ, Key = Bad(opening + 1, closing), Pos = opening, End = closing + 1 };
            }
            return PackIndexExpr(typ, opening, list, closing);
        }

        private Node? TryIdentOrType()
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            IncNestLev();
            try
            {
                switch (_tok.Tok)
                {
                    case GoScanner.Ident:
                        {
                            var typ = ParseTypeName(null);
                            if (_tok.Tok == "[") typ = ParseTypeInstance(typ);
                            return typ;
                        }
                    case "[":
                        {
                            int lbrack = Expect("[");
                            return ParseArrayType(lbrack, false);
                        }
                    case "struct": return ParseStructType();
                    case "*": return ParsePointerType();
                    case "func": return ParseFuncType();
                    case "interface": return ParseInterfaceType();
                    case "map": return ParseMapType();
                    case "chan": case "<-": return ParseChanType();
                    case "(":
                        {
                            int lparen = _tok.Offset;
                            Next();
                            var typ = ParseType();
                            int rparen = Expect(")");
                            return ParenNode.Of(typ, lparen, rparen);
                        }
                }
                return null;
            }
            finally
            {
                _nestLev--;
            }
        }

        // parser.parseFuncTypeOrLit
        private Node ParseFuncTypeOrLit()
        {
            var typ = ParseFuncType();
            if (_tok.Tok != "{") return typ;
            _exprLev++;
            int end = ParseBody();
            _exprLev--;
            return new OtherNode { AstType = "*ast.FuncLit", Pos = GoPos(typ), End = end };
        }
    }
}
