using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// go/parser's type grammar (Go 1.19, 1.24 and 1.25) as ParseExpr reaches it (parseType, tryIdentOrType, array/map/chan/func/struct/
    /// interface/pointer types, function literals, type assertions, type-argument lists, parameter, field and method
    /// lists, checkExpr/checkExprOrType) and the statement grammar of function literal bodies, against Go's own answers:
    /// Data/Rbac/go-parser-types.jsonl, written by Go (see its header). Error texts, positions and counts byte for byte;
    /// for an accepted row, the tree (node types, positions, names, operators) in Go's canonical prefix form.
    /// </summary>
    public class GoExprTypeGrammarTests
    {
        public static IEnumerable<object[]> Rows()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "Rbac", "go-parser-types.jsonl");
            int line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal)) continue;
                var row = JsonDocument.Parse(text).RootElement;
                string Field(string name) => row.TryGetProperty(name, out var v) ? v.GetString() : null;
                // a release's answer is written only where it differs from the release before it (the header)
                string go = Field("go"), tree = Field("tree");
                string go124 = Field("go124") ?? go, tree124 = Field("go124") != null ? Field("tree124") : tree;
                string go125 = Field("go125") ?? go124, tree125 = Field("go125") != null ? Field("tree125") : tree124;
                yield return new object[] { line, Field("input"), go, tree, go124, tree124, go125, tree125 };
            }
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void ParsesLikeEachGoRelease(int line, string input, string go, string tree, string go124, string tree124, string go125, string tree125)
        {
            Assert.True(line > 0);
            Assert.Equal(Answer(go, tree), Answer(() => new GoExprParser(input, GoRelease.Go119).ParseAll()));
            Assert.Equal(Answer(go124, tree124), Answer(() => new GoExprParser(input, GoRelease.Go124).ParseAll()));
            Assert.Equal(Answer(go125, tree125), Answer(() => new GoExprParser(input, GoRelease.Go125).ParseAll()));
        }

        public static IEnumerable<object[]> TeleportRows() =>
            Rows().Select(r => new object[] { r[0], r[1], Answer((string)r[4], (string)r[5]), Answer((string)r[6], (string)r[7]) });

        [Theory]
        [MemberData(nameof(TeleportRows))]
        public void ParsesLikeTeleportsGoOrIsIndeterminate(int line, string input, string go124, string go125)
        {
            Assert.True(line > 0);
            // Teleport with MCP access is built with Go 1.24 or Go 1.25: their common answer, else not known
            if (go124 == go125) Assert.Equal(go125, Answer(() => new GoExprParser(input).ParseAll()));
            else Assert.Contains("Go 1.24 and Go 1.25 parse the expression differently", Assert.Throws<ExpressionUnsupported>(() => new GoExprParser(input).ParseAll()).Message, StringComparison.Ordinal);
        }

        private static string Answer(string go, string tree) => go == "OK" ? "OK " + tree : go;

        private static string Answer(Func<Node> parse)
        {
            try
            {
                return "OK " + Canonical(parse());
            }
            catch (ExpressionError e)
            {
                return e.TeleportText;
            }
        }

        // The corpus's prefix form of a tree (its header): one token a node, a node the module keeps opaque by its go/ast type.
        private static string Canonical(Node node)
        {
            var sb = new StringBuilder();
            Write(sb, node);
            return sb.ToString().TrimEnd();
        }

        private static void Write(StringBuilder sb, Node node)
        {
            switch (node)
            {
                case IdentNode i:
                    sb.Append('I').Append(i.Pos).Append(':').Append(i.Name).Append(' ');
                    break;
                case LitNode l:
                    sb.Append('L').Append(l.Pos).Append(':').Append(l.Kind.ToString().ToUpperInvariant() switch { "STR" => "STRING", var k => k }).Append(':').Append(l.Text).Append(' ');
                    break;
                case SelectorNode s:
                    sb.Append('S').Append(s.Pos).Append(':').Append(s.Sel).Append('(');
                    Write(sb, s.X);
                    sb.Append(") ");
                    break;
                case IndexNode x:
                    sb.Append('X').Append(x.Pos).Append('(');
                    Write(sb, x.X);
                    Write(sb, x.Key);
                    sb.Append(") ");
                    break;
                case CallNode c:
                    sb.Append('C').Append(c.Pos).Append('(');
                    Write(sb, c.Fun);
                    foreach (var a in c.Args) Write(sb, a);
                    sb.Append(") ");
                    break;
                case ParenNode p:
                    sb.Append('P').Append(p.Pos).Append('(');
                    Write(sb, p.X);
                    sb.Append(") ");
                    break;
                case UnaryNode u:
                    sb.Append('U').Append(u.Pos).Append(':').Append(u.Op).Append('(');
                    Write(sb, u.X);
                    sb.Append(") ");
                    break;
                case BinaryNode b:
                    sb.Append('B').Append(b.Pos).Append(':').Append(b.Op).Append('(');
                    Write(sb, b.X);
                    Write(sb, b.Y);
                    sb.Append(") ");
                    break;
                case OtherNode o:
                    sb.Append('O').Append(o.Pos).Append(':').Append(o.AstType).Append(' ');
                    break;
                default:
                    throw new InvalidOperationException("no canonical form for " + node.GetType().Name);
            }
        }

        [Theory]
        // predicate parse.go evaluateExpr default: trace.BadParameter("%T is not supported", n) with the go/ast type
        [InlineData("x.(string)", "*ast.TypeAssertExpr is not supported")]
        [InlineData("[]string{\"a\"}", "*ast.CompositeLit is not supported")]
        [InlineData("labels[\"env\"] == []string{\"a\"}", "*ast.CompositeLit is not supported")]
        [InlineData("map[string]string", "*ast.MapType is not supported")]
        [InlineData("func() bool", "*ast.FuncType is not supported")]
        [InlineData("func() {}", "*ast.FuncLit is not supported")]
        [InlineData("func() { x := 1 }", "*ast.FuncLit is not supported")]
        // go/parser 1.19 parseStmt ... parseIfStmt: a syntax error in a function literal's body is Go's error, as written
        [InlineData("func() { x := }", "1:15: expected operand, found '}'")]
        // go/parser 1.24 and 1.25 parseFieldDecl (Go 1.19 accepted it; predicate then refused the *ast.StructType)
        [InlineData("labels.env == \"a\" || struct{ *(T) }{}", "1:31: cannot parenthesize embedded type")]
        [InlineData("labels[\"env\"] == \"a\" && func() { if x { } else y }", "1:48: expected if statement or block, found y")]
        [InlineData("chan int", "*ast.ChanType is not supported")]
        [InlineData("labels.env[1:]", "*ast.SliceExpr is not supported")]
        [InlineData("f[int, string]", "*ast.IndexListExpr is not supported")]
        // predicate evaluateSelector: a selector on anything but identifiers
        [InlineData("[]string{}.x == \"a\"", "unsupported selector type: *ast.CompositeLit")]
        public void NodesPredicateDoesNotEvaluateGiveItsText(string expression, string cause)
        {
            var e = LabelExpression.Get(expression);
            Assert.NotNull(e.ParseError);
            Assert.Equal("parsing label expression\n\tparsing expression\n\t\t" + cause, e.ParseError.TeleportText);
        }

        [Theory]
        // go/parser parseStmt and parseIfStmt count a nesting level each (incNestLev); Go 1.19.8's answers at and past maxNestLev,
        // the same in Go 1.24.4 and 1.25.12
        [InlineData("func(){", "L: ", "", "}", 99997, null)]
        [InlineData("func(){", "L: ", "", "}", 99998, "1:300000: exceeded max nesting depth")]
        [InlineData("func(){", "if x {", "}", "}", 49998, null)]
        [InlineData("func(){", "if x {", "}", "}", 49999, "1:300001: exceeded max nesting depth")]
        [InlineData("func(){", "{", "}", "}", 99998, null)]
        public void DeepStatementsFollowGosNestingLimit(string head, string open, string close, string tail, int depth, string go)
        {
            var input = head + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth)) + tail;
            var e = Record.Exception(() => new GoExprParser(input).ParseAll());
            if (go == null) Assert.Null(e);
            else Assert.Equal(go, Assert.IsType<ExpressionError>(e).TeleportText);
        }

        [Theory]
        // go/parser tryIdentOrType counts a nesting level per type (incNestLev); Go 1.19.8's answers at and past maxNestLev,
        // the same in Go 1.24.4 and 1.25.12
        [InlineData("[]", "", "T", 99998, null)]
        [InlineData("[]", "", "T", 99999, "1:199999: exceeded max nesting depth")]
        [InlineData("func(", ")", "", 99999, null)]
        [InlineData("func(", ")", "", 100000, "1:500002: exceeded max nesting depth")]
        [InlineData("map[", "]V", "K", 99998, null)]
        [InlineData("map[", "]V", "K", 99999, "1:399997: exceeded max nesting depth")]
        [InlineData("chan ", "", "T", 99998, null)]
        [InlineData("chan ", "", "T", 99999, "1:499996: exceeded max nesting depth")]
        public void DeepTypesFollowGosNestingLimit(string open, string close, string inner, int depth, string go)
        {
            var input = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));
            var e = Record.Exception(() => new GoExprParser(input).ParseAll());
            if (go == null) Assert.Null(e);
            else Assert.Equal(go, Assert.IsType<ExpressionError>(e).TeleportText);
        }
    }
}
