using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// The texts of Teleport's label-expression and template errors: gravitational/trace puts each trace.Wrap message
    /// on its own line, one tab deeper each time (trace.go TraceErr.UserMessage); the module keeps that text
    /// (TeleportText) and shows it on one line with \n and \t written out (Message).
    /// </summary>
    public class TeleportErrorTextTests
    {
        [Theory]
        // gravitational/trace trace_test.go TestWrapUserMessage (@88b715e): "user message\tdescription" once the line breaks are taken out
        [InlineData("description", new[] { "user message" }, "user message\n\tdescription")]
        // gravitational/trace trace_test.go TestWrapUserMessage: a second Wrap puts its message first, the rest one tab deeper
        [InlineData("description", new[] { "user message", "user message 2" }, "user message 2\n\tuser message\n\t\tdescription")]
        // gravitational/trace trace.go UserMessage: no message, the cause alone
        [InlineData("description", new string[0], "description")]
        public void RendersTraceMessagesAsTeleportDoes(string cause, string[] messages, string expected)
        {
            var e = messages.Aggregate(new ExpressionError(cause), (err, m) => err.Wrap(m));
            Assert.Equal(expected, e.TeleportText);
            Assert.Equal(expected.Replace("\n", "\\n").Replace("\t", "\\t"), e.Message);
            Assert.DoesNotContain(e.Message, c => c == '\n' || c == '\t');
        }

        [Theory]
        // label_expressions.go parseLabelExpression "parsing label expression" + typical/parser.go Parse "parsing expression" over go/parser's error
        [InlineData("contains(", "parsing label expression\n\tparsing expression\n\t\t1:10: expected ')', found 'EOF'")]
        // typical/parser.go getIdentifier UnknownIdentifierError, wrapped by predicate without a message, then by Parse and parseLabelExpression
        [InlineData("foo == \"x\"", "parsing label expression\n\tparsing expression\n\t\tunknown identifier: \"foo\"")]
        // typical/parser.go binaryFunction.buildExpression: trace.BadParameter("function (%s) accepts 2 arguments, given %d")
        [InlineData("contains(labels[\"a\"])", "parsing label expression\n\tparsing expression\n\t\tfunction (contains) accepts 2 arguments, given 1")]
        // typical/parser.go unaryFunction.buildExpression wraps coerce's unexpectedTypeError (v18 wording "parsing argument to (%s)")
        [InlineData("email.local(1)", "parsing label expression\n\tparsing expression\n\t\tparsing argument to (email.local)\n\t\t\texpected type []string, got value (1) with type (int)")]
        // typical/parser.go not: trace.Wrap(err, "parsing target of (!) operator")
        [InlineData("!labels.env", "parsing label expression\n\tparsing expression\n\t\tparsing target of (!) operator\n\t\t\texpected type bool, got expression returning type (string)")]
        // typical/parser.go Parse: coerce to the result type fails with "expression evaluated to unexpected type" (no "parsing expression")
        [InlineData("labels.env", "parsing label expression\n\texpression evaluated to unexpected type\n\t\texpected type bool, got expression returning type (string)")]
        // typical/parser.go eq: trace.Errorf("operator (==) not supported for type: %s")
        [InlineData("regexp.replace(labels.env, \"(\", \"x\") == \"a\"", "parsing label expression\n\tparsing expression\n\t\toperator (==) not supported for type: []string")]
        // go/scanner scanNumber: "invalid digit %q in %s" at the first 8 or 9 of a legacy octal literal
        [InlineData("labels.env == 08", "parsing label expression\n\tparsing expression\n\t\t1:16: invalid digit '8' in octal literal")]
        // go/token Position.Column is a byte count: "é" is two bytes in UTF-8, "😀" four, "€" three
        [InlineData("labels[\"é\"] == 08", "parsing label expression\n\tparsing expression\n\t\t1:18: invalid digit '8' in octal literal")]
        [InlineData("labels[\"😀\"] == 08", "parsing label expression\n\tparsing expression\n\t\t1:20: invalid digit '8' in octal literal")]
        [InlineData("contains(labels[\"€\"],", "parsing label expression\n\tparsing expression\n\t\t1:24: expected ')', found 'EOF'")]
        // go/scanner Scan: the semicolon a newline ends the line with stands at the newline; go/parser atComma
        [InlineData("f(a\n)", "parsing label expression\n\tparsing expression\n\t\t1:4: missing ',' before newline in argument list")]
        // go/token File.AddLine records no line that would start at the end: the end after a final newline is on the last line; go/parser parseOperand
        [InlineData("labels.env == \"x\" &&\n", "parsing label expression\n\tparsing expression\n\t\t1:22: expected operand, found 'EOF'")]
        // go/parser parsePrimaryExpr: expected selector or type assertion, at the end after a final newline
        [InlineData("labels.\n", "parsing label expression\n\tparsing expression\n\t\t1:9: expected selector or type assertion, found 'EOF'")]
        // go/scanner scanRune: a rune literal of two characters
        [InlineData("labels.env == 'ab'", "parsing label expression\n\tparsing expression\n\t\t1:15: illegal rune literal")]
        // go/scanner scanNumber: invalid digit in a binary literal
        [InlineData("labels.env == 0b12", "parsing label expression\n\tparsing expression\n\t\t1:18: invalid digit '2' in binary literal")]
        // go/scanner scanNumber invalidSep
        [InlineData("labels.env == 1__0", "parsing label expression\n\tparsing expression\n\t\t1:17: '_' must separate successive digits")]
        // go/scanner Scan: illegal character %#U (fmt: U+ code, then the character quoted when printable)
        [InlineData("labels.env @ \"x\"", "parsing label expression\n\tparsing expression\n\t\t1:12: illegal character U+0040 '@'")]
        // go/scanner Scan: illegal character %#U past ASCII
        [InlineData("labels.env == \"x\" && €", "parsing label expression\n\tparsing expression\n\t\t1:22: illegal character U+20AC '€'")]
        // go/scanner scanEscape: at the escape's letter, not the string's start
        [InlineData("labels.env == \"\\q\"", "parsing label expression\n\tparsing expression\n\t\t1:17: unknown escape sequence")]
        // go/scanner scanEscape: an octal escape above 255
        [InlineData("labels.env == \"\\400\"", "parsing label expression\n\tparsing expression\n\t\t1:17: escape sequence is invalid Unicode code point")]
        // go/parser tokPrec: in an expression '=' is taken for '==', which expect then refuses
        [InlineData("labels.env = \"x\"", "parsing label expression\n\tparsing expression\n\t\t1:12: expected '==', found '='")]
        // go/parser parser.error keeps one error per line; ErrorList.Error adds (and N more errors)
        [InlineData("f(\na b\nc d\n)", "parsing label expression\n\tparsing expression\n\t\t2:3: missing ',' in argument list (and 1 more errors)")]
        public void LabelExpressionParseErrorIsTeleportsText(string expression, string expected)
        {
            var e = LabelExpression.Get(expression);
            Assert.NotNull(e.ParseError);
            Assert.Equal(expected, e.ParseError!.TeleportText);
            Assert.Equal(ExpressionError.OneLine(expected), e.Error);
        }

        [Theory]
        // go/scanner 1.24 and 1.25 Scan: the semicolon a line-ending comment stands for is at the newline (Go 1.19: at the comment, 1:21)
        [InlineData("contains(labels.env // c\n)", "1:25: missing ',' before newline in argument list")]
        [InlineData("contains(labels.env /* a\nb */)", "1:25: missing ',' before newline in argument list")]
        // go/scanner 1.24 and 1.25 Scan default case: "curly quotation mark %q (use neutral %q)" (Go 1.19: illegal character %#U)
        [InlineData("labels.env == \u201cprod\u201d", "1:15: curly quotation mark '\u201c' (use neutral '\"') (and 1 more errors)")]
        // go/parser 1.24 and 1.25 parseIndexOrSliceOrInstance: "middle"/"final" (Go 1.19: "2nd"/"3rd")
        [InlineData("labels.env[1::2] == \"x\"", "1:13: middle index required in 3-index slice")]
        public void SyntaxErrorsHaveTheTextOfTeleportsGo(string expression, string cause)
        {
            var e = LabelExpression.Get(expression);
            Assert.NotNull(e.ParseError);
            Assert.Equal("parsing label expression\n\tparsing expression\n\t\t" + cause, e.ParseError!.TeleportText);
        }

        [Theory]
        // go/parser 1.25 parseParameterList refuses '...' before the last parameter; Go 1.24 accepts it (predicate then refuses
        // the *ast.FuncLit): which Go built the cluster's Teleport decides the text
        [InlineData("labels.env == \"a\" || func(a ...int, b int) {}")]
        // go/parser 1.25 parseBranchStmt: goto takes a label; Go 1.24 accepts a bare goto
        [InlineData("labels.env == \"a\" || func() { goto }")]
        public void SyntaxErrorsWhoseTextDependsOnTheGoReleaseAreIndeterminate(string expression)
        {
            var e = LabelExpression.Get(expression);
            Assert.Null(e.Error);
            Assert.Contains("Go 1.24 and Go 1.25 parse the expression differently", e.Unsupported, StringComparison.Ordinal);
        }

        [Fact]
        public void AKeptParseErrorIsThrownAsACopyEachTime()
        {
            // label_expressions.go parseLabelExpression: the parse error is the same on every evaluation; the module keeps it
            // for the expression (LabelExpression.Get caches) and must not let one evaluation's messages reach the next.
            var expression = LabelExpression.Get("contains(");
            var env = new ExprEnv { Labels = new AppLabelSet("app", new Dictionary<string, string>()), Traits = new Dictionary<string, List<string>>(), UserName = "alice" };
            var first = Assert.Throws<ExpressionError>(() => expression.Evaluate(env));
            var second = Assert.Throws<ExpressionError>(() => expression.Evaluate(env));
            Assert.NotSame(expression.ParseError, first);
            Assert.NotSame(first, second);
            Assert.Equal(expression.ParseError!.TeleportText, second.TeleportText);
        }

        [Theory]
        // role.go checkLabelsMatch "evaluating label expression %q"; typical binaryFuncExpr "evaluating first argument to function (%s)", unaryFuncExpr "evaluating function (%s)"; parse.go EmailLocal
        [InlineData("contains(email.local(labels.owner), \"x\")",
            "evaluating label expression \"contains(email.local(labels.owner), \\\"x\\\")\"\n\tevaluating first argument to function (contains)\n\t\tevaluating function (email.local)\n\t\t\tfailed to parse \"email.local\" argument \"not an email\": mail: no angle-addr")]
        // label_expressions.go regexp.match: trace.Wrap(err, "invalid regular expression %q") over utils.RegexMatchesAny's error
        [InlineData("regexp.match(labels.env, \"^($\")",
            "evaluating label expression \"regexp.match(labels.env, \\\"^($\\\")\"\n\tevaluating function (regexp.match)\n\t\tinvalid regular expression \"^($\"\n\t\t\terror parsing regexp: missing closing ): `^($`")]
        // typical/parser.go and: "evaluating rhs of (&&) operator" once the lhs is true
        [InlineData("labels.env == \"prod\" && contains(email.local(labels.owner), \"x\")",
            "evaluating label expression \"labels.env == \\\"prod\\\" && contains(email.local(labels.owner), \\\"x\\\")\"\n\tevaluating rhs of (&&) operator\n\t\tevaluating first argument to function (contains)\n\t\t\tevaluating function (email.local)\n\t\t\t\tfailed to parse \"email.local\" argument \"not an email\": mail: no angle-addr")]
        // typical/parser.go notExpr "evaluating target of (!) operator"; parse.go RegexpReplace "invalid regexp %q" over newRegexp's "failed to parse regexp %q: %v"
        [InlineData("!contains(regexp.replace(labels.env, \"(\", \"x\"), \"a\")",
            "evaluating label expression \"!contains(regexp.replace(labels.env, \\\"(\\\", \\\"x\\\"), \\\"a\\\")\"\n\tevaluating target of (!) operator\n\t\tevaluating first argument to function (contains)\n\t\t\tevaluating function (regexp.replace)\n\t\t\t\tinvalid regexp \"(\"\n\t\t\t\t\tfailed to parse regexp \"(\": error parsing regexp: missing closing ): `(`")]
        public void LabelExpressionEvaluationErrorIsTeleportsText(string expression, string expected)
        {
            var env = new ExprEnv
            {
                Labels = new AppLabelSet("app", new Dictionary<string, string> { ["owner"] = "not an email", ["env"] = "prod" }),
                Traits = new Dictionary<string, List<string>>(),
                UserName = "alice",
            };
            var e = Assert.Throws<ExpressionError>(() => LabelExpression.Get(expression).Evaluate(env));
            Assert.Equal(expected, e.TeleportText);
        }

        [Theory]
        // parse.go NewTraitsTemplateExpression wraps without a message: typical Parse's "parsing expression" over go/parser's error
        [InlineData("{{internal.}}", "parsing expression\n\t1:10: expected selector or type assertion, found 'EOF'")]
        // parse_test.go TestVariable "invalid int variable": Parse's coerce to []string fails
        [InlineData("{{123}}", "expression evaluated to unexpected type\n\texpected type []string, got value (123) with type (int)")]
        // typical unaryFuncExpr "evaluating function (email.local)" over parse.go EmailLocal's BadParameter
        [InlineData("{{email.local(external.e)}}", "evaluating function (email.local)\n\tfailed to parse \"email.local\" argument \"bob\": mail: missing '@' or angle-addr")]
        // role.go ApplyValueTraits varValidation "unsupported variable %q"; typical DynamicMapFunction "getting value from dynamic map"; unaryFuncExpr "evaluating argument to function (%s)"
        [InlineData("{{email.local(internal.foo)}}", "evaluating argument to function (email.local)\n\tgetting value from dynamic map\n\t\tunsupported variable \"foo\"")]
        // parse.go RegexpReplace: trace.Wrap(err, "invalid regexp %q"), then typical ternaryFuncExpr "evaluating function (%s)"
        [InlineData("{{regexp.replace(external.e, \"(\", \"x\")}}", "evaluating function (regexp.replace)\n\tinvalid regexp \"(\"\n\t\tfailed to parse regexp \"(\": error parsing regexp: missing closing ): `(`")]
        // go/scanner scanNumber: the first invalid digit's column, not the literal's
        [InlineData("{{0_19}}", "parsing expression\n\t1:4: invalid digit '9' in octal literal")]
        public void TemplateErrorIsTeleportsTextOnOneLine(string entry, string expected)
        {
            var r = TraitTemplate.Apply(entry, new Dictionary<string, List<string>> { ["e"] = new List<string> { "bob" } }, "alice");
            Assert.Equal(TemplateOutcome.Error, r.Outcome);
            Assert.Equal(ExpressionError.OneLine(expected), r.Message);
        }
    }
}
