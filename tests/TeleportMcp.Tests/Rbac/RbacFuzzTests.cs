using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>
    /// Like lib/utils/parse/fuzz_test.go: random templates, label expressions and role YAML never raise anything
    /// but the module's documented outcomes (a template outcome, ExpressionError, ExpressionUnsupported, a
    /// decision). Seeds are fixed so a failure reproduces.
    /// </summary>
    public class RbacFuzzTests
    {
        private static readonly string[] Atoms =
        {
            "labels", "user", "spec", "traits", "metadata", "name", "external", "internal", "email", "local", "regexp", "replace",
            "match", "not_match", "set", "contains", "contains_any", "contains_all", "labels_matching", "strings", "upper", "lower",
            "mcp_tools", "env", "true", "func", "map", "type", "\"prod\"", "\"^(a|b)$\"", "\"a@b.c\"", "\"Alice <alice@x.y>\"", "`raw`",
            "\"\\x41\"", "\"\\xff\"", "\"\\u00e9\"", "\"bad\\q\"", "\"unterminated", "123", "0x1F", "1.5", "'c'", "2i", "09",
            ".", "..", "...", ",", "(", ")", "[", "]", "{", "}", "{{", "}}", "!", "&&", "||", "==", "!=", "<", ">=", "+", "-", "*", "/",
            "&", "|", "^", ":", ";", "=", "//c\n", "/*c*/", "/*\n*/", "\n", " ", "\t", "\u0000", "\u001b[2J", "é", "😀", "\\", "$1", "${x}",
        };

        private static string RandomText(Random rnd, int maxAtoms)
        {
            var sb = new StringBuilder();
            int n = rnd.Next(0, maxAtoms);
            for (int i = 0; i < n; i++)
            {
                sb.Append(Atoms[rnd.Next(Atoms.Length)]);
                if (rnd.Next(3) == 0) sb.Append(' ');
            }
            return sb.ToString();
        }

        // Valid-looking seeds, then mutated: cut, duplicated, spliced.
        private static readonly string[] Seeds =
        {
            "{{internal.mcp_tools}}", "{{email.local(external.email)}}", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"$1\")}}",
            "{{\"asdf\"}}", "pre_{{user.metadata.name}}_*", "{{regexp.replace(regexp.match(\"a\"), \"c\", \"x\")}}",
            "labels[\"env\"] == \"prod\" && contains(user.spec.traits[\"teams\"], labels.team)",
            "contains(set(\"a\", \"b\"), labels[\"env\"]) // comment", "regexp.match(labels_matching(\"team-*\"), \"^x.*$\")",
            "!(labels.env == user.metadata.name) || contains_all(email.local(user.spec.traits.e), set())",
        };

        private static string Mutate(Random rnd, string s)
        {
            switch (rnd.Next(5))
            {
                case 0: return s.Substring(0, rnd.Next(s.Length + 1));
                case 1: return s.Substring(rnd.Next(s.Length + 1));
                case 2: { int i = rnd.Next(s.Length + 1); return s.Substring(0, i) + Atoms[rnd.Next(Atoms.Length)] + s.Substring(i); }
                case 3: { int i = rnd.Next(s.Length + 1); int j = Math.Min(s.Length, i + rnd.Next(4)); return s.Substring(0, i) + s.Substring(j); }
                default: return s + Seeds[rnd.Next(Seeds.Length)];
            }
        }

        private static IEnumerable<string> Inputs(int seed, int count)
        {
            var rnd = new Random(seed);
            for (int i = 0; i < count; i++)
            {
                var baseText = rnd.Next(2) == 0 ? RandomText(rnd, 14) : Seeds[rnd.Next(Seeds.Length)];
                int mutations = rnd.Next(4);
                for (int m = 0; m < mutations; m++) baseText = Mutate(rnd, baseText);
                yield return rnd.Next(3) == 0 ? "{{" + baseText + "}}" : baseText;
            }
        }

        private static readonly Dictionary<string, List<string>> SomeTraits = new Dictionary<string, List<string>>
        {
            ["mcp_tools"] = new List<string> { "read_*", "" },
            ["email"] = new List<string> { "Alice <alice@example.com>", "bob@x.org" },
            ["team"] = new List<string> { "dev-db" },
            ["e"] = new List<string> { "not an address" },
        };

        [Fact]
        public void RandomTemplatesGiveAnOutcome()
        {
            foreach (var text in Inputs(11, 4000))
            {
                var r = TraitTemplate.Apply(text, SomeTraits, "alice");
                Assert.True(Enum.IsDefined(typeof(TemplateOutcome), r.Outcome), text);
                if (r.Outcome != TemplateOutcome.Ok) Assert.False(string.IsNullOrEmpty(r.Message), text);
                _ = TraitTemplate.ReferencedTraits(text).ToList();
            }
        }

        [Fact]
        public void RandomLabelExpressionsFailOnlyWithDocumentedErrors()
        {
            var env = new ExprEnv
            {
                Labels = new AppLabelSet("app", new Dictionary<string, string> { ["env"] = "prod", ["team-a"] = "x" }, new[] { "dyn" }),
                Traits = SomeTraits,
                UserName = "alice",
            };
            foreach (var text in Inputs(23, 4000))
            {
                var e = LabelExpression.Get(text);
                try
                {
                    e.Evaluate(env);
                }
                catch (ExpressionError ex) { Assert.False(string.IsNullOrEmpty(ex.Message), text); }
                catch (ExpressionUnsupported ex) { Assert.False(string.IsNullOrEmpty(ex.Message), text); }
            }
        }

        [Fact]
        public void RandomRoleYamlGivesDecisionsOrDiagnostics()
        {
            var rnd = new Random(37);
            foreach (var text in Inputs(37, 600))
            {
                string quoted = "'" + text.Replace("'", "''") + "'";
                var yaml = "kind: role\nversion: v8\nmetadata: {name: r}\nspec:\n  allow:\n    app_labels: {env: " + quoted + "}\n" +
                           "    app_labels_expression: " + quoted + "\n    mcp: {tools: [" + quoted + ", 'read_*']}\n  deny:\n    mcp: {tools: [" + quoted + "]}\n" +
                           "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r], traits: {mcp_tools: [x]}}\n" +
                           "---\nkind: app\nversion: v3\nmetadata: {name: a, labels: {env: prod}}\nspec: {uri: 'mcp+stdio://', mcp: {command: c, run_as_host_user: h}}\n";
                var c = Cluster.FromYaml(yaml);
                if (c.Roles.Count == 1 && c.Users.Count == 1 && c.Apps.Count == 1)
                {
                    var d = c.Decide("u", "a", rnd.Next(2) == 0 ? "read_file" : text);
                    Assert.True(Enum.IsDefined(typeof(AccessDecision), d.Decision));
                    Assert.False(string.IsNullOrEmpty(d.Reason));
                    RoleLinter.Lint(c.Roles, c.Users);
                }
            }
        }

        [Fact]
        public void TruncatedRoleYamlNeverThrows()
        {
            const string yaml = "kind: role\nversion: v8\nmetadata: {name: r}\nspec:\n  allow:\n    app_labels: {env: '{{external.env}}'}\n" +
                                "    app_labels_expression: |\n      labels.env == \"prod\" // c\n    mcp:\n      tools: [\"{{internal.mcp_tools}}\", 'a*']\n" +
                                "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r], traits: {env: [prod]}}\n" +
                                "---\nkind: app\nversion: v3\nmetadata: {name: a, labels: {env: prod}}\nspec: {uri: 'mcp+stdio://', dynamic_labels: {env: {command: [x], result: prod}}}\n";
            for (int cut = 0; cut <= yaml.Length; cut++)
            {
                var c = Cluster.FromYaml(yaml.Substring(0, cut));
                if (c.Roles.Count == 1 && c.Users.Count == 1 && c.Apps.Count == 1)
                    Assert.True(Enum.IsDefined(typeof(AccessDecision), c.Decide("u", "a", "a1").Decision));
            }
        }

        [Fact]
        public void DeepNestingIsRefusedWithoutStackOverflow()
        {
            // Issue 17 item 4: 20,000 nested parentheses must not take the host down.
            var deep = new string('(', 20000) + "labels[\"env\"] == \"prod\"" + new string(')', 20000);
            var e = LabelExpression.Get(deep);
            Assert.Null(e.Error);
            Assert.Contains("nested more than", e.Unsupported, StringComparison.Ordinal);
            Assert.Throws<ExpressionUnsupported>(() => e.Evaluate(new ExprEnv { Labels = new AppLabelSet("a", new Dictionary<string, string>()), Traits = SomeTraits, UserName = "u" }));

            // Beyond go/parser's own limit Teleport refuses it too.
            var deeper = new string('(', 100001) + "x" + new string(')', 100001);
            Assert.Equal(ExpressionError.OneLine("parsing label expression\n\tparsing expression\n\t\t1:100001: exceeded max nesting depth"), LabelExpression.Get(deeper).Error);

            // go/parser parseUnaryExpr counts a level per operator (incNestLev), not per bracket: 100,000 '!' and the
            // operand's primary level pass maxNestLev, reported at the operand; 99,998 stay within it.
            Assert.Equal(ExpressionError.OneLine("parsing label expression\n\tparsing expression\n\t\t1:100001: exceeded max nesting depth"), LabelExpression.Get(new string('!', 100000) + "x").Error);
            Assert.Null(LabelExpression.Get(new string('!', 99998) + "x").Error);
            // go/parser parseBinaryExpr keeps a level per operator of a left-to-right chain: 100,000 operands pass the limit
            Assert.Equal(ExpressionError.OneLine("parsing label expression\n\tparsing expression\n\t\t1:499997: exceeded max nesting depth"), LabelExpression.Get(string.Join(" || ", Enumerable.Repeat("a", 99999)) + " || a").Error);

            var nots = new string('!', 50000) + "(labels.env == \"prod\")";
            Assert.NotNull(LabelExpression.Get(nots).Unsupported);

            var calls = string.Concat(Enumerable.Repeat("email.local(", 30000)) + "\"a@b.c\"" + new string(')', 30000);
            Assert.Equal(TemplateOutcome.Unknown, TraitTemplate.Apply("{{" + calls + "}}", SomeTraits).Outcome);
        }

        [Fact]
        public void DeepNestingIsSafeOnASmallStack()
        {
            // PowerShell runspaces can run on threads with a 1 MiB stack.
            Exception failure = null;
            var t = new Thread(() =>
            {
                try
                {
                    for (int depth = 1; depth < 400; depth += 7)
                    {
                        var text = new string('(', depth) + "labels.env == \"prod\"" + new string(')', depth);
                        var e = LabelExpression.Get(text);
                        if (e.Error == null && e.Unsupported == null)
                            e.Evaluate(new ExprEnv { Labels = new AppLabelSet("a", new Dictionary<string, string> { ["env"] = "prod" }), Traits = SomeTraits, UserName = "u" });
                        TraitTemplate.Apply("{{" + string.Concat(Enumerable.Repeat("email.local(", depth)) + "\"a@b.c\"" + new string(')', depth) + "}}", SomeTraits);
                    }
                }
                catch (Exception ex) { failure = ex; }
            }, 1024 * 1024);
            t.Start();
            t.Join();
            Assert.Null(failure);
        }
    }
}
