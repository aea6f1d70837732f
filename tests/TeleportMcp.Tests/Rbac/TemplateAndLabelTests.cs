using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>I-rules (lib/services/role.go ApplyValueTraits, lib/utils/parse/parse.go) and L-rules (MatchLabelGetter, label_expressions.go).</summary>
    public class TemplateAndLabelTests
    {
        [Theory]
        // rule, source, entry, traits, expected outcome, expected values ('|'-joined)
        [InlineData("I2", "lib/utils/parse/parse.go", "search_files", "", "Ok", "search_files")]
        [InlineData("I3", "lib/utils/parse/parse.go", "slack_{{external.team}}_*", "team=a,b", "Ok", "slack_a_*|slack_b_*")]
        [InlineData("I3", "lib/utils/parse/parse.go", "  pre_{{ internal.mcp_tools }}_post  ", "mcp_tools=x", "Ok", "pre_x_post")]
        [InlineData("I4", "lib/utils/parse/parse.go", "{{external.a}}{{external.b}}", "a=1;b=2", "Error", "")]
        [InlineData("I4", "lib/utils/parse/parse.go", "x}}", "", "Error", "")]
        [InlineData("I5", "lib/services/role.go", "{{internal.mcp_tools}}", "mcp_tools=a", "Ok", "a")]
        [InlineData("I5", "lib/services/role.go", "{{internal.team}}", "team=a", "Error", "")]
        [InlineData("I6", "lib/utils/typical/parser.go", "{{foo.mcp_tools}}", "mcp_tools=a", "Ok", "a")]
        [InlineData("I7", "lib/services/role.go", "{{external.mcp_tools}}", "mcp_tools=a,b", "Ok", "a|b")]
        [InlineData("I8", "lib/services/role.go", "{{internal.mcp_tools}}", "", "NotFound", "")]
        [InlineData("I8", "lib/services/role.go", "{{internal.mcp_tools}}", "mcp_tools=", "NotFound", "")]
        [InlineData("I9", "lib/services/role.go", "{{internal.mcp_tools", "mcp_tools=a", "Error", "")]
        [InlineData("I10", "lib/utils/parse/parse.go", "{{email.local(external.email)}}", "email=alice@example.com,bob@x.org", "Ok", "alice|bob")]
        [InlineData("I10", "lib/utils/parse/parse.go", "{{email.local(external.email)}}", "email=alice@example.com,", "Error", "")]
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"$1-*\")}}", "team=dev-db,ops", "Ok", "db-*")]
        [InlineData("I4", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"${1}_*\")}}", "team=dev-db", "Error", "")]   // braces of ${1} break the {{ }} shape
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"$1_*\")}}", "team=dev-db", "Ok", "*")]   // Go reads $1_ as a group named "1_"
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"$1é*\")}}", "team=dev-db", "Ok", "*")]   // regexp.go extract: a name runs over Unicode letters too ("1é")
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"^dev-(.*)$\", \"$01-*\")}}", "team=dev-db", "Ok", "-*")]   // a leading zero makes "01" a name, not group 1
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.replace(external.team, \"(\", \"x\")}}", "team=a", "Error", "")]
        [InlineData("I10", "lib/utils/parse/parse.go", "{{regexp.match(\"a\")}}", "", "Error", "")]
        [InlineData("I11", "lib/utils/parse/parse.go", "{{internal.mcp_tools}}", "mcp_tools=,a", "Ok", "a")]
        [InlineData("I11", "lib/utils/parse/parse.go", "{{internal.mcp_tools}}", "mcp_tools=,", "NotFound", "")]
        [InlineData("2:G1", "lib/utils/parse/parse_test.go", "{{\"asdf\"}}", "", "Ok", "asdf")]
        [InlineData("2:G1", "lib/utils/parse/parse_test.go", "{{regexp.replace(\"abc\", \"c\", \"z\")}}", "", "Ok", "abz")]
        [InlineData("2:G1", "lib/services/role_test.go", "{{email.local(\"vitor@goteleport.com\")}}", "", "Ok", "vitor")]
        [InlineData("2:G2", "lib/utils/parse/parse_test.go", "{{internal[\"mcp_tools\"]}}", "mcp_tools=a", "Ok", "a")]
        [InlineData("2:G2", "lib/utils/parse/parse_test.go", "{{internal.mcp_tools[\"x\"]}}", "mcp_tools=a", "Error", "")]
        [InlineData("2:G3", "lib/utils/typical/parser.go", "{{a.b.c}}", "c=a", "Error", "")]
        [InlineData("2:G4", "lib/utils/parse/parse_test.go", "{{123}}", "", "Error", "")]
        [InlineData("2:G4", "lib/utils/parse/parse_test.go", "{{regexp.replace(regexp.match(\"a\"), \"c\", \"x\")}}", "", "Error", "")]
        [InlineData("2:G4", "lib/utils/parse/parse_test.go", "{{email.local(regexp.match(\"a\"))}}", "", "Error", "")]
        [InlineData("2:G4", "lib/utils/parse/parse_test.go", "{{regexp.replace(external.a, external.b, \"x\")}}", "a=1;b=2", "Error", "")]
        [InlineData("2:G6", "lib/utils/parse/parse_test.go", "  hello,  {{ internal.mcp_tools }}  there! ", "mcp_tools=x", "Ok", "hello,  x  there!")]
        [InlineData("2:G7", "lib/utils/parse/parse_test.go", "{{email.local(external.e)}}", "e=Alice <alice@example.com>,bob@example.com", "Ok", "alice|bob")]
        [InlineData("2:G7", "lib/utils/parse/parse_test.go", "{{email.local(external.e)}}", "e=Alice <alice", "Error", "")]
        [InlineData("2:G8", "lib/utils/parse/parse_test.go", "{{regexp.replace(external.e, \"foo-(.*)-(.*)\", \"$1.$2\")}}", "e=foo-bar-baz", "Ok", "bar.baz")]
        [InlineData("2:G14", "lib/services/role.go", "{{user.metadata.name}}-*", "", "Ok", "alice-*")]
        public void Interpolates(string rule, string source, string entry, string traits, string outcome, string values)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var r = TraitTemplate.Apply(entry, Traits.Parse(traits), "alice");
            Assert.Equal(outcome, r.Outcome.ToString());
            if (outcome == "Ok") Assert.Equal(values, string.Join("|", r.Values));
        }

        [Fact]
        public void I4_MessageIsTeleports()
        {
            // lib/utils/parse/parse.go NewExpression
            var r = TraitTemplate.Apply("{{a}}{{b}}", new Dictionary<string, List<string>>());
            Assert.Equal("\"{{a}}{{b}}\" is using template brackets '{{' or '}}', however expression does not parse, make sure the format is {{expression}}", r.Message);
        }

        [Theory]
        // rule, source, selector ("k=v1,v2;k2=v"), app labels, expected
        [InlineData("L2", "lib/services/role.go", "", "env=prod", "NoMatch")]
        [InlineData("L3", "lib/services/role.go", "*=*", "", "Match")]
        [InlineData("L4", "lib/services/role.go", "env=prod;team=ai", "env=prod", "NoMatch")]
        [InlineData("L4", "lib/services/role.go", "env=prod;team=ai", "env=prod;team=ai", "Match")]
        [InlineData("L5", "lib/services/role.go", "env=dev,prod", "env=prod", "Match")]
        [InlineData("L5", "lib/services/role.go", "env=*", "env=anything", "Match")]
        [InlineData("L5", "lib/services/role.go", "env=prod-*", "env=prod-eu", "Match")]
        [InlineData("L5", "lib/services/role.go", "env=^prod-(eu|us)$", "env=prod-us", "Match")]
        [InlineData("L5", "lib/services/role.go", "env=Prod", "env=prod", "NoMatch")]
        [InlineData("L5", "lib/services/role.go", "env=^(bad$", "env=prod", "Error")]
        [InlineData("L10", "lib/services/role.go", "env=*", "", "NoMatch")]
        public void MatchesLabels(string rule, string source, string selector, string labels, string expected)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var sel = new ResolvedSelector();
            foreach (var kv in Traits.Parse(selector))
                sel.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>(kv.Key, kv.Value.Select(TeleportPattern.Get).ToList()));
            var r = LabelMatcher.Match(sel, new AppLabelSet("app", Traits.Labels(labels)));
            Assert.Equal(expected, r.Outcome.ToString());
        }

        [Fact]
        public void L1_DynamicLabelIsUnknownOffline()
        {
            // api/types/app.go GetLabel: dynamic labels win; offline their value is unknown.
            var sel = new ResolvedSelector();
            sel.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>("env", new List<TeleportPattern> { TeleportPattern.Get("prod") }));
            var r = LabelMatcher.Match(sel, new AppLabelSet("app", Traits.Labels("env=prod"), new[] { "env" }));
            Assert.Equal(MatchOutcome.Unknown, r.Outcome);
        }

        [Theory]
        // L1: dynamic label values are unknown offline; the decision says so unless it cannot matter.
        // 2:G16: a resource that carries the label's current result (tctl get apps) is matched on it.
        [InlineData("read_file", "", "Indeterminate")]
        [InlineData("write_file", "", "NotGranted")]
        [InlineData("read_file", ", result: prod", "Allowed")]
        [InlineData("read_file", ", result: dev", "AppNotAccessible")]
        public void L1_DynamicLabelDecision(string tool, string result, string expected)
        {
            var c = Cluster.FromYaml(@"
kind: role
version: v8
metadata: {name: r}
spec: {allow: {app_labels: {env: prod}, mcp: {tools: [read_*]}}}
---
kind: user
version: v2
metadata: {name: u}
spec: {roles: [r]}
---
kind: app
version: v3
metadata: {name: dyn, labels: {env: prod}}
spec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: 'y'}, dynamic_labels: {env: {command: [/bin/env-name], period: 1m" + result + @"}}}
");
            Assert.Equal(expected, c.Decide("u", "dyn", tool).Decision.ToString());
        }

        [Fact]
        public void L5_MissingKeyAndInvalidRegexDependOnGoMapOrder()
        {
            // MatchLabelGetter iterates a Go map: a missing key and a bad regex race; the module says Unknown.
            var sel = new ResolvedSelector();
            sel.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>("env", new List<TeleportPattern> { TeleportPattern.Get("^(bad$") }));
            sel.Entries.Add(new KeyValuePair<string, List<TeleportPattern>>("team", new List<TeleportPattern> { TeleportPattern.Get("ai") }));
            Assert.Equal(MatchOutcome.Unknown, LabelMatcher.Match(sel, new AppLabelSet("app", Traits.Labels("env=prod"))).Outcome);
        }

        [Theory]
        // L11: lib/services/label_expressions.go + lib/utils/typical/parser.go
        [InlineData("labels[\"env\"] == \"prod\"", "env=prod", "", "True")]
        [InlineData("labels.env == \"prod\"", "env=prod", "", "True")]
        // go/parser parseIndexOrSliceOrInstance + typeparams.PackIndexExpr: one index and a trailing comma is a plain *ast.IndexExpr
        [InlineData("labels[\"env\",] == \"prod\"", "env=prod", "", "True")]
        [InlineData("labels[\"missing\"] == \"\"", "env=prod", "", "True")]
        [InlineData("labels[\"env\"] != \"prod\" || contains(user.spec.traits[\"teams\"], \"ai\")", "env=prod", "teams=ai,db", "True")]
        [InlineData("contains_any(user.spec.traits[\"teams\"], labels_matching(\"team*\"))", "team-a=db;other=x", "teams=db", "True")]
        [InlineData("contains_all(user.spec.traits[\"teams\"], user.spec.traits[\"none\"])", "", "teams=db", "False")]
        [InlineData("regexp.match(labels[\"env\"], \"^prod-.*$\")", "env=prod-eu", "", "True")]
        [InlineData("regexp.match(labels[\"env\"], \"prod-*\")", "env=prod-eu", "", "True")]
        [InlineData("contains(strings.upper(user.spec.traits[\"t\"]), \"AI\")", "", "t=ai", "True")]
        [InlineData("contains(email.local(user.spec.traits[\"email\"]), labels[\"owner\"])", "owner=alice", "email=alice@example.com", "True")]
        [InlineData("!(labels[\"env\"] == \"prod\") && true_thing", "env=prod", "", "Error")]
        [InlineData("user.spec.traits[\"teams\"] == \"ai\"", "", "teams=ai", "Error")]
        [InlineData("contains(labels[\"env\"], user.spec.traits[\"teams\"])", "env=prod", "teams=ai", "Error")]
        [InlineData("labels[\"env\"]", "env=prod", "", "Error")]
        [InlineData("regexp.match(labels[\"env\"], \"^(bad$\")", "env=prod", "", "Error")]
        [InlineData("nosuch(labels[\"env\"])", "env=prod", "", "Error")]
        [InlineData("", "env=prod", "", "Error")]
        [InlineData("labels[\"n\"] == 1", "n=1", "", "Error")]   // typical eq: rhs int does not coerce to string
        [InlineData("1 == 1", "", "", "True")]                    // typical eq on int literals
        [InlineData("labels.env == \"prod\" // owner team\n", "env=prod", "", "True")]   // 2:G12 comments
        public void L11_EvaluatesLabelExpressions(string expr, string labels, string traits, string expected)
        {
            var e = LabelExpression.Get(expr);
            string got;
            try
            {
                got = e.Evaluate(new ExprEnv { Labels = new AppLabelSet("app", Traits.Labels(labels)), Traits = Traits.Parse(traits) }) ? "True" : "False";
            }
            catch (ExpressionError) { got = "Error"; }
            catch (ExpressionUnsupported) { got = "Unknown"; }
            Assert.Equal(expected, got);
        }

        [Theory]
        // lib/utils/typical/parser_test.go TestParser "unmatched parens", and go/parser's errorExpected/atComma/expectClosing
        [InlineData("not(true,", "expected ')', found 'EOF'")]
        [InlineData("contains(labels.env,", "expected ')', found 'EOF'")]
        [InlineData("contains(labels.env \"x\")", "missing ',' in argument list")]
        [InlineData("(labels.env == \"x\" labels", "expected ')', found labels")]
        [InlineData("contains(labels.env..., labels.x)", "expected ')', found labels")]
        [InlineData("labels.env == \"x\" \"y\"", "expected 'EOF', found \"y\"")]
        [InlineData("labels[\"a\" `b`]", "expected ']', found `b`")]
        public void Syntax_errors_read_as_go_parser_writes_them(string expr, string message)
        {
            var e = LabelExpression.Get(expr);
            Assert.NotNull(e.Error);
            Assert.Contains(message, e.Error, StringComparison.Ordinal);
        }
    }
}
