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
    /// Teleport's own test tables, translated to the module's inputs (Data/Rbac/upstream-parity.json): each case
    /// names its source file and test. Rules: 2:G1-2:G16 (template and label-expression grammar), I-, L-, P- and
    /// T-rules of the first sheet. Cases that cannot be expressed are listed there with the reason.
    /// </summary>
    public class UpstreamParityTests
    {
        private static readonly Lazy<List<JsonElement>> Corpus = new Lazy<List<JsonElement>>(() =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "Rbac", "upstream-parity.json");
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        });

        public static IEnumerable<object[]> Cases() =>
            Corpus.Value.Select((c, i) => new { c, i })
                .Where(x => x.c.GetProperty("kind").GetString() != "notExpressible")
                .Select(x => new object[] { new ParityCase(x.i) });

        /// <summary>Gives xUnit a readable name: source, test and case title.</summary>
        public sealed class ParityCase
        {
            public int Index { get; }
            public ParityCase(int index) { Index = index; }
            public JsonElement Data => Corpus.Value[Index];
            public override string ToString() =>
                Data.GetProperty("source").GetString() + " " + Data.GetProperty("test").GetString() + ": " + Data.GetProperty("case").GetString();
        }

        [Fact]
        public void CorpusIsLargeAndEveryCaseIsCited()
        {
            Assert.True(Corpus.Value.Count >= 250, "the corpus has " + Corpus.Value.Count + " cases");
            foreach (var c in Corpus.Value)
            {
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("source").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("test").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("case").GetString()));
                if (c.GetProperty("kind").GetString() == "notExpressible")
                    Assert.True(c.GetProperty("reason").GetString().Length > 20);
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void AgreesWithTeleport(ParityCase pc)
        {
            var c = pc.Data;
            switch (c.GetProperty("kind").GetString())
            {
                case "template": Template(c); break;
                case "toolList": ToolList(c); break;
                case "selector": Selector(c); break;
                case "labelExpression": Expression(c); break;
                case "match": Match(c); break;
                case "matchAny": MatchAny(c); break;
                case "regexMatchesAny": RegexMatchesAny(c); break;
                case "decision": Decision(c); break;
                case "emailLocal": EmailLocal(c); break;
                default: throw new InvalidOperationException("unknown corpus kind in " + pc);
            }
        }

        private static Dictionary<string, List<string>> TraitsOf(JsonElement c) =>
            c.TryGetProperty("traits", out var t)
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()).ToList())
                : new Dictionary<string, List<string>>();

        private static Dictionary<string, string> Map(JsonElement c, string name) =>
            c.TryGetProperty(name, out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()) : new Dictionary<string, string>();

        private static List<string> Strings(JsonElement c, string name) =>
            c.TryGetProperty(name, out var t) ? t.EnumerateArray().Select(v => v.GetString()).ToList() : new List<string>();

        private static string Expect(JsonElement c) => c.GetProperty("expect").GetString();

        private static void Template(JsonElement c)
        {
            var entry = c.GetProperty("entry").GetString();
            bool any = c.TryGetProperty("anyNamespace", out var a) && a.GetBoolean();
            var r = TraitTemplate.Apply(entry, TraitsOf(c), "alice", !any);
            switch (Expect(c))
            {
                case "values":
                    Assert.Equal(TemplateOutcome.Ok, r.Outcome);
                    Assert.Equal(Strings(c, "values"), r.Values);
                    break;
                case "notFound":
                    Assert.Equal(TemplateOutcome.NotFound, r.Outcome);
                    break;
                case "parseError":
                    Assert.Equal(TemplateOutcome.Error, r.Outcome);
                    Assert.NotNull(TraitTemplate.ParseProblem(entry));
                    break;
                case "evalError":
                    Assert.Equal(TemplateOutcome.Error, r.Outcome);
                    Assert.Null(TraitTemplate.ParseProblem(entry));
                    break;
            }
        }

        private static string Yaml(string s) => JsonSerializer.Serialize(s);

        private static Cluster Build(Dictionary<string, string> roles, Dictionary<string, List<string>> traits, Dictionary<string, string> labels, JsonElement? dynamic = null)
        {
            var sb = new StringBuilder();
            foreach (var r in roles)
                sb.Append("---\nkind: role\nversion: v8\nmetadata: {name: " + r.Key + "}\nspec: " + r.Value + "\n");
            sb.Append("---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [" + string.Join(", ", roles.Keys) + "], traits: {" +
                      string.Join(", ", traits.Select(t => Yaml(t.Key) + ": [" + string.Join(", ", t.Value.Select(Yaml)) + "]")) + "}}\n");
            sb.Append("---\nkind: app\nversion: v3\nmetadata: {name: app, labels: {" + string.Join(", ", labels.Select(l => Yaml(l.Key) + ": " + Yaml(l.Value))) + "}}\n");
            sb.Append("spec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: 'y'}");
            if (dynamic.HasValue)
            {
                sb.Append(", dynamic_labels: {");
                sb.Append(string.Join(", ", dynamic.Value.EnumerateObject().Select(d =>
                    Yaml(d.Name) + ": {command: [/bin/x], period: 1m" + (d.Value.TryGetProperty("result", out var res) ? ", result: " + Yaml(res.GetString()) : "") + "}")));
                sb.Append("}");
            }
            sb.Append("}\n");
            var cluster = Cluster.FromYaml(sb.ToString());
            Assert.Empty(cluster.Problems);
            return cluster;
        }

        private static void ToolList(JsonElement c)
        {
            var entries = Strings(c, "entries");
            var roles = new Dictionary<string, string> { ["r"] = "{allow: {app_labels: {'*': '*'}, mcp: {tools: [" + string.Join(", ", entries.Select(Yaml)) + "]}}}" };
            var cluster = Build(roles, TraitsOf(c), new Dictionary<string, string> { ["env"] = "dev" });
            var s = cluster.Summarize("u", "app");
            Assert.Equal(Strings(c, "values"), s.Allow.Select(e => e.Effective).ToList());
        }

        private static void Selector(JsonElement c)
        {
            var sel = c.GetProperty("selector").EnumerateObject().ToList();
            var spec = "{allow: {app_labels: {" + string.Join(", ", sel.Select(p => Yaml(p.Name) + ": [" + string.Join(", ", p.Value.EnumerateArray().Select(v => Yaml(v.GetString()))) + "]")) + "}, mcp: {tools: ['*']}}}";
            var cluster = Build(new Dictionary<string, string> { ["r"] = spec }, TraitsOf(c), new Dictionary<string, string>());
            var engine = new McpAccessEngine(cluster.Roles);
            var ua = engine.Prepare(cluster.Users.Single());
            var resolved = ua.Roles[0].Allow.Labels;
            var want = c.GetProperty("resolved").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()).ToList());
            var got = resolved.Entries.ToDictionary(e => e.Key, e => e.Value.Select(p => p.Text).ToList());
            Assert.Equal(want.Keys.OrderBy(k => k, StringComparer.Ordinal), got.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var k in want.Keys) Assert.Equal(want[k], got[k]);
        }

        private static void Expression(JsonElement c)
        {
            var e = LabelExpression.Get(c.GetProperty("expr").GetString());
            var contains = Strings(c, "contains");
            string user = c.TryGetProperty("user", out var u) ? u.GetString() : "alice";
            var expect = Expect(c);
            if (expect == "parseError")
            {
                Assert.True(e.Error != null, "expected a parse error; unsupported: " + e.Unsupported);
                foreach (var m in contains) Assert.Contains(m, e.Error, StringComparison.Ordinal);
                return;
            }
            Assert.Null(e.Error);
            Assert.Null(e.Unsupported);
            var env = new ExprEnv { Labels = new AppLabelSet("app", Map(c, "labels")), Traits = TraitsOf(c), UserName = user };
            if (expect == "evalError")
            {
                var ex = Assert.Throws<ExpressionError>(() => e.Evaluate(env));
                foreach (var m in contains) Assert.Contains(m, ex.Message, StringComparison.Ordinal);
                return;
            }
            Assert.Equal(expect == "true", e.Evaluate(env));
        }

        private static string Outcome(MatchOutcome o) =>
            o == MatchOutcome.Match ? "match" : o == MatchOutcome.NoMatch ? "noMatch" : o == MatchOutcome.Error ? "error" : "unknown";

        private static void Match(JsonElement c) =>
            Assert.Equal(Expect(c), Outcome(TeleportPattern.Get(c.GetProperty("pattern").GetString()).Match(c.GetProperty("input").GetString()).Outcome));

        private static void MatchAny(JsonElement c) =>
            Assert.Equal(Expect(c), Outcome(TeleportPattern.MatchAny(c.GetProperty("input").GetString(), Strings(c, "patterns").Select(TeleportPattern.Get).ToList()).Outcome));

        private static void RegexMatchesAny(JsonElement c)
        {
            string got;
            try
            {
                got = LabelExpression.RegexMatchesAny(Strings(c, "inputs"), c.GetProperty("pattern").GetString()) ? "match" : "noMatch";
            }
            catch (ExpressionError) { got = "error"; }
            Assert.Equal(Expect(c), got);
        }

        private static void Decision(JsonElement c)
        {
            var roles = c.GetProperty("roles").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            JsonElement? dyn = c.TryGetProperty("dynamic", out var d) ? d : (JsonElement?)null;
            var cluster = Build(roles, TraitsOf(c), Map(c, "app"), dyn);
            var decision = cluster.Decide("u", "app", c.GetProperty("tool").GetString());
            Assert.True(Expect(c) == decision.Decision.ToString(), "expected " + Expect(c) + ", got " + decision.Decision + ": " + decision.Reason);
        }

        private static void EmailLocal(JsonElement c)
        {
            var input = c.GetProperty("input").GetString();
            if (Expect(c) == "error")
            {
                Assert.Throws<ExpressionError>(() => TemplateFunctions.EmailLocal(new List<string> { input }));
                return;
            }
            Assert.Equal(new List<string> { c.GetProperty("value").GetString() }, TemplateFunctions.EmailLocal(new List<string> { input }));
        }
    }
}
