using System;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using Xunit;

namespace TeleportMcp.Tests.Rbac
{
    public class LintTests
    {
        [Theory]
        // id, rule, source, version, role spec, users yaml (traits of user u)
        [InlineData("TMCP001", "T4", "lib/services/role.go", "v8", "{allow: {app_labels: {env: dev}}}", null)]
        [InlineData("TMCP002", "P1", "lib/utils/replace.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['^(get|list).*']}}}", null)]
        [InlineData("TMCP002", "P1", "lib/utils/replace.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['get_.*']}}}", null)]
        [InlineData("TMCP003", "P6", "lib/utils/replace.go", "v8", "{deny: {mcp: {tools: ['^(?=x).*$']}}}", null)]
        [InlineData("TMCP003", "L5", "lib/services/role.go", "v8", "{allow: {app_labels: {env: '^(dev$'}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP004", "P2", "lib/utils/replace.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['read_fil?']}}}", null)]
        [InlineData("TMCP005", "T2", "lib/services/role.go", "v8", "{deny: {mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP006", "L7", "lib/services/role.go", "v8", "{allow: {mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP007", "I4", "lib/utils/parse/parse.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}_{{external.x}}']}}}", null)]
        [InlineData("TMCP007", "I5", "lib/services/role.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.tools}}']}}}", null)]
        [InlineData("TMCP008", "I8", "lib/services/role.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{internal.mcp_tools}}']}}}", "{logins: [u]}")]
        [InlineData("TMCP009", "L9", "api/types/role.go", "v3", "{allow: {mcp: {tools: ['*']}}}", null)]
        // api/types/role.go Labels.Unmarshal leaves an empty map nil, so the Auth Service defaults it as unset
        [InlineData("TMCP009", "L9", "api/types/role.go", "v3", "{allow: {app_labels: {}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP011", "L11", "lib/services/label_expressions.go", "v8", "{allow: {app_labels_expression: 'labels[\"a\"] ==', mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP012", "L6", "api/types/role.go", "v8", "{allow: {app_labels: {'*': dev}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP007", "2:G4", "lib/utils/parse/parse_test.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{regexp.replace(regexp.match(\"a\"), \"c\", \"x\")}}']}}}", null)]
        [InlineData("TMCP007", "2:G4", "lib/utils/parse/parse_test.go", "v8", "{deny: {mcp: {tools: ['{{123}}']}}}", null)]
        [InlineData("TMCP007", "2:G2", "lib/utils/parse/parse_test.go", "v8", "{allow: {app_labels: {env: '{{internal.foo[\"bar\"]}}'}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP010", "2:G10", "lib/utils/typical/parser.go", "v8", "{allow: {app_labels: {'*': '*'}, mcp: {tools: ['{{email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(email.local(\"a@b.c\")))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))}}']}}}", null)]
        [InlineData("TMCP011", "2:G12", "lib/services/label_expressions.go", "v8", "{allow: {app_labels_expression: \"labels.env == \\\"prod\\\"\\n|| labels.env == \\\"dev\\\"\", mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP011", "2:G10", "lib/services/label_expressions_test.go", "v8", "{allow: {app_labels_expression: 'user.spec.traits[\"e\"] == \"x\"', mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP013", "2:G13", "lib/services/label_expressions.go", "v8", "{allow: {app_labels_expression: 'contains(set(\"a\", \"b\"), labels.env)', mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP013", "2:G14", "lib/services/label_expressions.go", "v8", "{allow: {app_labels_expression: 'labels.owner == user.metadata.name', mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP013", "2:G14", "lib/services/role.go", "v8", "{allow: {app_labels: {owner: '{{user.metadata.name}}'}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP014", "T3", "api/types/role.go", "v8", "{allow: {namespaces: [namespace-c], app_labels: {'*': '*'}, mcp: {tools: ['*']}}}", null)]
        [InlineData("TMCP014", "T1", "api/types/role.go", "v8", "{deny: {namespaces: [other], mcp: {tools: [x]}}}", null)]
        public void Finds(string id, string rule, string source, string version, string spec, string traits)
        {
            Assert.False(string.IsNullOrEmpty(rule + source));
            var yaml = "kind: role\nversion: " + version + "\nmetadata: {name: r}\nspec: " + spec + "\n";
            if (traits != null) yaml += "---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r], traits: " + traits + "}\n";
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var findings = RoleLinter.Lint(c.Roles, c.Users);
            var f = Assert.Single(findings, x => x.Id == id);
            Assert.False(string.IsNullOrEmpty(f.Fix));
            Assert.Equal("r", f.Role);
        }

        [Fact]
        public void V3RoleWithEmptyAppLabelsSelectsEveryApp()
        {
            // api/types/role.go RoleV6.CheckAndSetDefaults (V3) after Labels.Unmarshal turned {} into nil
            var c = Cluster.FromYaml("kind: role\nversion: v3\nmetadata: {name: r}\nspec: {allow: {app_labels: {}, mcp: {tools: ['*']}}}\n");
            var findings = RoleLinter.Lint(c.Roles, c.Users);
            Assert.DoesNotContain(findings, f => f.Id == "TMCP006");
            Assert.Contains("with an empty allow.app_labels map", Assert.Single(findings, f => f.Id == "TMCP009").Message, StringComparison.Ordinal);
            var v8 = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: {}, mcp: {tools: ['*']}}}\n");
            Assert.Contains(RoleLinter.Lint(v8.Roles, v8.Users), f => f.Id == "TMCP006");
        }

        [Fact]
        public void CleanRoleHasNoFindings()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['search_*', '^read_(file|dir)$']}}}\n");
            Assert.Empty(RoleLinter.Lint(c.Roles, c.Users));
        }

        [Fact]
        public void TraitPresentOnAUserIsNotReported()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['{{internal.mcp_tools}}']}}}\n---\nkind: user\nversion: v2\nmetadata: {name: u}\nspec: {roles: [r], traits: {mcp_tools: ['*']}}\n");
            Assert.DoesNotContain(RoleLinter.Lint(c.Roles, c.Users), f => f.Id == "TMCP008");
        }
    
        [Fact]
        public void EachFindingPointsAtItsOwnEntryLineAndColumn()
        {
            var yaml = string.Join("\n",
                "kind: role",
                "version: v8",
                "metadata: {name: r}",
                "spec:",
                "  allow:",
                "    app_labels:",
                "      env: [dev, 'pro?']",
                "    app_labels_expression: 'labels[\"a\"] =='",
                "    mcp:",
                "      tools:",
                "        - search_files",
                "        -   '^(get|list).*'",
                "  deny:",
                "    mcp: {tools: [ok, '*']}",
                "");
            var c = Cluster.FromYaml(yaml);
            Assert.Empty(c.Problems);
            var findings = RoleLinter.Lint(c.Roles);
            var regex = findings.Single(f => f.Id == "TMCP002");
            Assert.Equal((12, 13), (regex.Line, regex.Column));
            Assert.Equal("test.yaml:12:13", regex.Source);
            var glob = findings.Single(f => f.Id == "TMCP004");
            Assert.Equal((7, 18), (glob.Line, glob.Column));
            var expression = findings.Single(f => f.Id == "TMCP011");
            Assert.Equal(8, expression.Line);
            Assert.Equal(28, expression.Column);
            var deny = findings.Single(f => f.Id == "TMCP005");
            Assert.Equal((14, 23), (deny.Line, deny.Column));
        }

        // A v9 role without an mcp block grants no tool either (19.x reference, app-resources: v9 does not affect MCP apps).
        [Theory]
        [InlineData("v9", "{allow: {app_labels: {env: dev}, app_resources: [{allow_all: true}]}}", true)]
        [InlineData("v9", "{allow: {app_labels: {env: dev}}}", true)]
        [InlineData("v8", "{allow: {app_labels: {env: dev}}}", false)]
        public void ARoleWithoutToolsGrantsNoneInEveryVersion(string version, string spec, bool v9)
        {
            var c = Cluster.FromYaml("kind: role\nversion: " + version + "\nmetadata: {name: r}\nspec: " + spec + "\n");
            var f = RoleLinter.Lint(c.Roles).Single(x => x.Id == "TMCP001");
            Assert.Contains("so it grants no tool on the MCP servers it selects", f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not confirmed", f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Indeterminate", f.Message, StringComparison.Ordinal);
            Assert.Equal(v9, f.Message.Contains("role v9 does not affect MCP applications"));
        }

        [Fact]
        public void AFindingAboutAMissingFieldPointsAtTheRole()
        {
            var c = Cluster.FromYaml("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {app_labels: {env: dev}}}\n");
            var f = RoleLinter.Lint(c.Roles).Single(x => x.Id == "TMCP001");
            Assert.Equal(c.Roles[0].Source, f.Source);
            Assert.Equal(1, f.Line);
        }
    }
}
