using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// tctl decodes a resource with jsoniter (lib/utils/json.go FastUnmarshal, ConfigFastest: not case-sensitive) and its
    /// header with encoding/json (lib/services/role.go UnmarshalRoleV6, api/types UnknownResource): a struct's field name
    /// matches in any case, while the keys of maps (labels, traits) are data and keep theirs. teleport.yaml is read by
    /// go-yaml, which is case-sensitive.
    /// </summary>
    public class FieldNameCaseTests
    {
        private static List<ResourceReadItem> Read(string text, string source = "r.yaml") => ResourceReader.ReadText(text, source).ToList();

        [Fact]
        public void A_role_whose_field_names_are_in_other_case_is_read_as_tctl_reads_it()
        {
            var items = Read("Kind: role\nVERSION: v8\nMetadata: {Name: r}\nSpec:\n  Allow:\n    App_Labels: {Env: dev}\n    MCP: {Tools: [read_file]}\n  deny: {mcp: {TOOLS: [write_file]}}\n");
            var role = Assert.IsType<TeleportMcp.Role>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal("r", role.Name);
            Assert.Equal("v8", role.Version);
            Assert.Equal(new[] { "read_file" }, role.AllowMcpTools);
            Assert.Equal(new[] { "write_file" }, role.DenyMcpTools);
            // A label's key is data: Env stays Env.
            Assert.Equal("Env", Assert.Single(role.AllowAppLabels!.Keys.Cast<string>()));
        }

        [Fact]
        public void A_users_trait_names_keep_their_case()
        {
            var items = Read("{\"KIND\": \"user\", \"Version\": \"v2\", \"Metadata\": {\"name\": \"alice\"}, \"Spec\": {\"Roles\": [\"r\"], \"Traits\": {\"MCP_Tools\": [\"x\"]}}}", "u.json");
            var user = Assert.IsType<TeleportMcp.User>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal(new[] { "r" }, user.Roles);
            Assert.Equal(new[] { "MCP_Tools" }, user.TraitMap.Keys);
        }

        [Theory]
        // The key written exactly is the field; among others, the later one.
        [InlineData("spec: {allow: {mcp: {tools: [a]}}}\nSpec: {allow: {mcp: {tools: [b]}}}\n", "a")]
        [InlineData("Spec: {allow: {mcp: {tools: [a]}}}\nspec: {allow: {mcp: {tools: [b]}}}\n", "b")]
        [InlineData("SPEC: {allow: {mcp: {tools: [a]}}}\nSpec: {allow: {mcp: {tools: [b]}}}\n", "b")]
        public void The_exact_key_wins_then_the_later_one(string spec, string tool)
        {
            var role = (TeleportMcp.Role)Read("kind: role\nversion: v8\nmetadata: {name: r}\n" + spec).Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { tool }, role.AllowMcpTools);
        }

        [Fact]
        public void An_app_and_an_app_server_read_their_fields_in_any_case()
        {
            var items = Read("kind: app\nversion: v3\nmetadata: {name: files, Labels: {Env: dev}}\nSpec: {URI: 'mcp+stdio://', MCP: {Command: node, Args: [s.js], Run_As_Host_User: bob}}\n---\n" +
                             "kind: app_server\nversion: v3\nmetadata: {name: web}\nSPEC: {HostName: h1, App: {kind: app, version: v3, metadata: {name: web}, spec: {uri: 'http://localhost:1/mcp'}}}\n");
            var apps = items.Where(i => i.Resource != null).Select(i => (TeleportMcp.App)i.Resource!).ToList();
            Assert.Equal(2, apps.Count);
            Assert.Equal(("node", "bob", "dev"), (apps[0].Command, apps[0].RunAsHostUser, (string)apps[0].Labels["Env"]!));
            Assert.Equal(("web", "h1"), (apps[1].Name, apps[1].ServerHostName));
        }

        [Fact]
        public void Teleport_yaml_keys_are_case_sensitive()
        {
            // lib/config/fileconf.go reads teleport.yaml with go-yaml: App_Service is not app_service.
            var items = Read("version: v3\napp_service:\n  enabled: true\n  apps:\n  - Name: a\n    uri: http://x\n", "teleport.yaml");
            Assert.DoesNotContain(items, i => i.Resource is TeleportMcp.App a && a.Name == "a");
        }
    }
}
