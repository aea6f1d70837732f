using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Documents;
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
        // YAML reaches jsoniter as JSON with sorted keys (sigs.k8s.io/yaml, json.Marshal): "SPEC" < "Spec" < "spec" by bytes,
        // each decoded in turn into the one field, so the later one's list is kept.
        [InlineData("spec: {allow: {mcp: {tools: [a]}}}\nSpec: {allow: {mcp: {tools: [b]}}}\n", "a", "\"Spec\", \"spec\"")]
        [InlineData("Spec: {allow: {mcp: {tools: [a]}}}\nspec: {allow: {mcp: {tools: [b]}}}\n", "b", "\"Spec\", \"spec\"")]
        [InlineData("SPEC: {allow: {mcp: {tools: [a]}}}\nSpec: {allow: {mcp: {tools: [b]}}}\n", "b", "\"SPEC\", \"Spec\"")]
        [InlineData("spec: {allow: {mcp: {tools: [a]}}}\nSPEC: {allow: {mcp: {tools: [b]}}}\nSpec: {allow: {mcp: {tools: [c]}}}\n", "a", "\"SPEC\", \"Spec\", \"spec\"")]
        public void Keys_in_other_case_are_decoded_in_sorted_order_and_the_later_list_is_kept(string spec, string tool, string keys)
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\n" + spec);
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { tool }, role.AllowMcpTools);
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.Equal(DiagnosticLevel.Warning, w.Level);
            Assert.StartsWith("the keys " + keys + " are one field to tctl", w.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Mappings_under_keys_in_other_case_merge_so_a_deny_is_not_lost()
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec:\n  allow: {mcp: {tools: [read_file]}}\nSpec:\n  deny: {mcp: {tools: [write_file]}}\n  Allow: {app_labels: {env: dev}}\n");
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "read_file" }, role.AllowMcpTools);
            Assert.Equal(new[] { "write_file" }, role.DenyMcpTools);
            Assert.Equal("env", Assert.Single(role.AllowAppLabels!.Keys.Cast<string>()));
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            // At the key decoded last: "spec" sorts after "Spec"; Allow and allow met inside them.
            Assert.Equal(4, w.Location!.Line);
            Assert.Contains(" Inside them the keys \"Allow\", \"allow\" merge the same way. Write the field once.", w.Message, System.StringComparison.Ordinal);
        }

        [Theory]
        // Each group inside the merged mappings is named, in decoding order; a key written alike in both is no group.
        [InlineData("Spec: {Allow: {MCP: {tools: [a]}}}\nspec: {allow: {mcp: {Tools: [b]}}}\n", "b", " Inside them the keys \"Allow\", \"allow\"; \"MCP\", \"mcp\"; \"tools\", \"Tools\" merge the same way.")]
        [InlineData("Spec: {allow: {mcp: {tools: [a]}}}\nspec: {allow: {mcp: {tools: [b]}}}\n", "b", "TeleportMcp reads them so. Write the field once.")]
        // Three spellings that meet in one place are one group; the keys of labels are data, not a group.
        [InlineData("SPEC: {allow: {App_labels: {Env: x}}}\nSpec: {allow: {app_labels: {env: y}}}\nspec: {allow: {APP_LABELS: {ENV: z}, mcp: {tools: [c]}}}\n", "c", " Inside them the keys \"App_labels\", \"app_labels\", \"APP_LABELS\" merge the same way.")]
        public void Groups_inside_merged_mappings_are_named_in_the_warning(string spec, string tool, string expected)
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\n" + spec);
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { tool }, role.AllowMcpTools);
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.Contains(expected, w.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Two_keys_in_other_case_in_one_mapping_merge_in_turn_into_an_earlier_mapping()
        {
            // Decoded in turn: SPEC.allow, then Spec's Allow and allow (sorted). Nothing of the three is lost.
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nSPEC: {allow: {mcp: {tools: [w]}}}\nSpec: {allow: {app_labels: {c: '3'}}, Allow: {app_labels: {b: '2'}}}\n");
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "w" }, role.AllowMcpTools);
            Assert.Equal(new[] { "b", "c" }, role.AllowAppLabels!.Keys.Cast<string>().OrderBy(k => k, System.StringComparer.Ordinal));
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.Contains(" Inside them the keys \"allow\", \"Allow\" merge the same way.", w.Message, System.StringComparison.Ordinal);
        }

        [Theory]
        // jsoniter readObjectStart: null leaves a struct as it was, so the deny is kept (sorted: SPEC, then spec)
        [InlineData("SPEC: {deny: {mcp: {tools: ['*']}}}\nspec: ~\n")]
        [InlineData("spec: {Deny: {mcp: {tools: ['*']}}, deny: null}\n")]
        public void Null_under_a_key_in_other_case_leaves_the_earlier_mapping_as_it_was(string spec)
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\n" + spec);
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "*" }, role.DenyMcpTools);
        }

        [Theory]
        // tctl picks the reader by the header, which encoding/json decodes (api/types UnknownResource.UnmarshalJSON): null
        // leaves a string as it was, so the kind stays role ("Kind" sorts before "kind"; JSON keeps the file's order).
        [InlineData("Kind: role\nkind: ~\nversion: v8\nmetadata: {name: r}\nspec: {deny: {mcp: {tools: ['*']}}}\n", "r.yaml", true)]
        [InlineData("{\"kind\": \"role\", \"Kind\": null, \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, \"spec\": {\"deny\": {\"mcp\": {\"tools\": [\"*\"]}}}}", "r.json", true)]
        [InlineData("{\"kind\": \"role\", \"kind\": null, \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, \"spec\": {\"deny\": {\"mcp\": {\"tools\": [\"*\"]}}}}", "r.json", true)]
        // A kind that is only null is no kind: the document is skipped.
        [InlineData("kind: ~\nversion: v8\nmetadata: {name: r}\nspec: {deny: {mcp: {tools: ['*']}}}\n", "r.yaml", false)]
        // encoding/json cannot put a list into the kind: tctl refuses the document, and it is not read as a role.
        [InlineData("Kind: role\nkind: [x]\nversion: v8\nmetadata: {name: r}\nspec: {deny: {mcp: {tools: ['*']}}}\n", "r.yaml", false)]
        public void Null_under_a_header_key_in_other_case_leaves_the_kind_as_it_was(string text, string source, bool read)
        {
            var items = Read(text, source);
            var role = items.SingleOrDefault(i => i.Resource != null)?.Resource as TeleportMcp.Role;
            if (!read)
            {
                Assert.Null(role);
                Assert.Contains(items, i => i.Diagnostic?.Code == "UnknownDocument");
                return;
            }
            Assert.NotNull(role);
            Assert.Equal(new[] { "*" }, role!.DenyMcpTools);
        }

        [Theory]
        // RoleConditions.MCP is a pointer (*MCPPermissions): null sets it to nil (reflect_optional.go), so no tool is granted
        [InlineData("spec: {allow: {app_labels: {'*': '*'}, MCP: {tools: ['*']}, mcp: ~}}\n")]
        [InlineData("spec: {allow: {app_labels: {'*': '*'}, Mcp: {tools: ['*']}, mcp: null}}\n")]
        public void Null_under_a_key_in_other_case_empties_a_pointer_field(string spec)
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\n" + spec);
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Empty(role.AllowMcpTools ?? new System.Collections.Generic.List<string>());
        }

        [Theory]
        // UnmarshalRoleV6 accepts the role by the header's version (encoding/json keeps it past the null); the body's version
        // is then "" (jsoniter), which setStaticFields makes v8, so a v3 role's default app_labels do not apply.
        [InlineData("Version: v3\nversion: ~\n", "v8")]
        [InlineData("Version: v7\nversion: null\n", "v8")]
        [InlineData("Version: v7\nversion: v3\n", "v3")]
        [InlineData("version: v3\n", "v3")]
        public void A_role_version_set_to_null_in_other_case_is_accepted_by_the_header_and_becomes_v8(string version, string expected)
        {
            var items = Read("kind: role\n" + version + "metadata: {name: r}\nspec: {allow: {mcp: {tools: [x]}}}\n");
            var role = Assert.IsType<TeleportMcp.Role>(Assert.Single(items, i => i.Resource != null).Resource);
            Assert.Equal(expected, role.Version);
        }

        [Fact]
        public void A_role_version_that_is_only_null_is_refused()
        {
            var items = Read("kind: role\nversion: ~\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [x]}}}\n");
            Assert.Contains(items, i => i.Diagnostic?.Code == "UnsupportedRoleVersion");
            Assert.DoesNotContain(items, i => i.Resource != null);
        }

        [Theory]
        // jsoniter's bool codec skips a null (reflect_native.go: if !iter.ReadNil()); its string codec reads it as "".
        [InlineData("Insecure_Skip_Verify: true\n  insecure_skip_verify: ~\n  uri: 'http://localhost:1/mcp'\n", "r.yaml", true, "http://localhost:1/mcp")]
        [InlineData("INSECURE_SKIP_VERIFY: yes\n  insecure_skip_verify: null\n  uri: 'http://localhost:1/mcp'\n", "r.yaml", true, "http://localhost:1/mcp")]
        [InlineData("insecure_skip_verify: ~\n  Insecure_Skip_Verify: true\n  uri: 'http://localhost:1/mcp'\n", "r.yaml", true, "http://localhost:1/mcp")]
        [InlineData("insecure_skip_verify: true\n  URI: 'http://localhost:1/mcp'\n  uri: ~\n", "r.yaml", true, null)]
        // A quoted 'true' is a text, which tctl would refuse for a bool anyway: null after it empties it.
        [InlineData("Insecure_Skip_Verify: 'true'\n  insecure_skip_verify: ~\n  uri: 'http://localhost:1/mcp'\n", "r.yaml", false, "http://localhost:1/mcp")]
        public void Null_under_a_key_in_other_case_leaves_a_bool_as_it_was_and_empties_a_text(string spec, string source, bool insecure, string uri)
        {
            var items = Read("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  " + spec, source);
            var app = items.SingleOrDefault(i => i.Resource != null)?.Resource as TeleportMcp.App;
            Assert.NotNull(app);
            Assert.Equal(insecure, app!.InsecureSkipVerify);
            Assert.Equal(uri, string.IsNullOrEmpty(app.Uri) ? null : app.Uri);
        }

        [Fact]
        public void Null_under_a_key_in_other_case_empties_labels()
        {
            // A Go map decoded from null is nil (reflect_map.go); "Labels" sorts before "labels".
            var items = Read("kind: app\nversion: v3\nmetadata: {name: a, Labels: {env: dev}, labels: ~}\nspec: {uri: 'http://localhost:1/mcp'}\n");
            var app = (TeleportMcp.App)items.Single(i => i.Resource != null).Resource!;
            Assert.Empty(app.Labels);
        }

        [Fact]
        public void Lists_under_keys_in_other_case_are_decoded_item_by_item_into_the_earlier_list()
        {
            // reflect_slice.go grows the slice in place: the later list's first header is decoded into the earlier first
            // one (value kept), and the list has the later one's length.
            var items = Read("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  uri: 'http://localhost:1/mcp'\n" +
                             "  Rewrite: {headers: [{name: X-A, value: one}, {name: X-B, value: two}]}\n  rewrite: {headers: [{name: X-C}]}\n");
            var app = (TeleportMcp.App)items.Single(i => i.Resource != null).Resource!;
            var header = Assert.Single(app.Rewrite!.Headers);
            Assert.Equal(("X-C", "one"), (header.Name, header.Value));
        }

        public static IEnumerable<object[]> ThreeListCases()
        {
            // (the three rewrites, sorted REWRITE < Rewrite < rewrite; the headers tctl ends with as "name=value")
            // The shorter middle list leaves X-B in the backing array (capacity 2): the third list's second header is decoded into it.
            yield return new object[] { "{headers: [{name: X-A, value: one}, {name: X-B, value: two}]}", "{headers: [{name: X-C}]}", "{headers: [{name: X-D}, {name: X-E}]}", new[] { "X-D=one", "X-E=two" } };
            // Past the capacity a new array holds only the items so far: the third header starts empty.
            yield return new object[] { "{headers: [{name: X-A, value: one}, {name: X-B, value: two}]}", "{headers: [{name: X-C}]}", "{headers: [{name: X-D}, {name: X-E}, {name: X-F}]}", new[] { "X-D=one", "X-E=two", "X-F=" } };
            // Capacity 4 after three headers: the fourth slot was never written, so it is empty.
            yield return new object[] { "{headers: [{name: X-A, value: 1}, {name: X-B, value: 2}, {name: X-C, value: 3}]}", "{headers: [{name: X-D}]}", "{headers: [{name: X-E}, {name: X-F}, {name: X-G}, {name: X-H}]}", new[] { "X-E=1", "X-F=2", "X-G=3", "X-H=" } };
            // An empty list is a new slice: nothing is left behind it.
            yield return new object[] { "{headers: [{name: X-A, value: one}, {name: X-B, value: two}]}", "{headers: []}", "{headers: [{name: X-D}, {name: X-E}]}", new[] { "X-D=", "X-E=" } };
        }

        [Theory]
        [MemberData(nameof(ThreeListCases))]
        public void A_list_decoded_three_times_reuses_the_slices_backing_array_as_reflect2_does(string first, string second, string third, string[] expected)
        {
            var items = Read("kind: app\nversion: v3\nmetadata: {name: a}\nspec:\n  uri: 'http://localhost:1/mcp'\n" +
                             "  REWRITE: " + first + "\n  Rewrite: " + second + "\n  rewrite: " + third + "\n");
            var app = (TeleportMcp.App)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(expected, app.Rewrite!.Headers.Select(h => h.Name + "=" + h.Value).ToArray());
        }

        [Fact]
        public void Many_groups_inside_merged_mappings_are_counted_and_the_first_few_named()
        {
            var keys = Enumerable.Range(0, 12).Select(i => "k" + i).ToList();
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [x]}}, " + string.Join(", ", keys.Select(k => k + ": 1")) + "}\n" +
                             "Spec: {" + string.Join(", ", keys.Select(k => k.ToUpperInvariant() + ": 2")) + "}\n");
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            // Spec's keys come first (sorted), in its order of bytes: K0, K1, K10, K11, K2, ...
            Assert.Contains(" Inside them the keys \"K0\", \"k0\"; \"K1\", \"k1\"; \"K10\", \"k10\"; \"K11\", \"k11\"; \"K2\", \"k2\" merge the same way (and 7 more such groups).", w.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_key_a_json_object_writes_twice_inside_merged_mappings_is_named_in_the_warning()
        {
            const string head = "{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, ";
            var items = Read(head + "\"Spec\": {\"allow\": {\"app_labels\": {\"*\": \"*\"}}}, \"spec\": {\"deny\": {\"mcp\": {\"tools\": [\"a\"]}}, \"deny\": {\"mcp\": {\"tools\": [\"b\"]}}}}", "r.json");
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "b" }, role.DenyMcpTools);
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.Contains(" Inside them the keys \"deny\", \"deny\" merge the same way.", w.Message, System.StringComparison.Ordinal);
            // A key in other case that the later object also writes twice: each of its three decodings is named.
            var three = Read(head + "\"Spec\": {\"Deny\": {\"mcp\": {\"tools\": [\"a\"]}}}, \"spec\": {\"deny\": {\"mcp\": {\"tools\": [\"b\"]}}, \"deny\": {\"mcp\": {\"tools\": [\"c\"]}}}}", "r.json");
            var w3 = Assert.Single(three, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.Contains(" Inside them the keys \"Deny\", \"deny\", \"deny\" merge the same way.", w3.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Many_keys_a_json_object_writes_twice_and_many_list_decodings_merge_in_linear_time_and_memory()
        {
            // Each repeated key is looked up in a set made once per object, and a list's backing array is taken over by the
            // next decoding, not copied (both used to grow with the product of the two sizes).
            const string head = "{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, ";
            const int keys = 50_000;
            var twice = string.Join(", ", Enumerable.Range(0, keys).SelectMany(i => new[] { "\"k" + i + "\": 1", "\"k" + i + "\": 2" }));
            var items = Read(head + "\"Spec\": {\"allow\": {\"mcp\": {\"tools\": [\"x\"]}}}, \"spec\": {\"w\": {" + twice + "}, \"w\": {}}}", "r.json");
            Assert.Equal(new[] { "x" }, ((TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!).AllowMcpTools);

            const int headers = 5_000, decodings = 5_000;
            var many = "{\"headers\": [" + string.Join(", ", Enumerable.Range(0, headers).Select(i => "{\"name\": \"X-" + i + "\", \"value\": \"v" + i + "\"}")) + "]}";
            var app = Read("{\"kind\": \"app\", \"version\": \"v3\", \"metadata\": {\"name\": \"a\"}, \"spec\": {\"uri\": \"http://localhost:1/mcp\", \"rewrite\": " + many +
                           string.Concat(Enumerable.Repeat(", \"rewrite\": {\"headers\": [{\"name\": \"X-L\"}]}", decodings)) + "}}", "a.json");
            var header = Assert.Single(((TeleportMcp.App)app.Single(i => i.Resource != null).Resource!).Rewrite!.Headers);
            Assert.Equal(("X-L", "v0"), (header.Name, header.Value));
        }

        [Fact]
        public void A_json_file_decodes_keys_in_other_case_in_its_own_order()
        {
            const string head = "{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, ";
            var later = (TeleportMcp.Role)Read(head + "\"spec\": {\"allow\": {\"mcp\": {\"tools\": [\"a\"]}}}, \"Spec\": {\"allow\": {\"mcp\": {\"tools\": [\"b\"]}}}}", "r.json").Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "b" }, later.AllowMcpTools);
        }

        [Fact]
        public void A_key_a_json_object_writes_twice_is_decoded_each_time_so_both_mappings_count()
        {
            // jsoniter decodes every occurrence into the field: the deny of the first "spec" is kept beside the allow.
            const string head = "{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, ";
            var items = Read(head + "\"spec\": {\"deny\": {\"mcp\": {\"tools\": [\"*\"]}}},\n \"spec\": {\"allow\": {\"mcp\": {\"tools\": [\"a\"]}}}}", "r.json");
            var role = (TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { "a" }, role.AllowMcpTools);
            Assert.Equal(new[] { "*" }, role.DenyMcpTools);
            var w = Assert.Single(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode).Diagnostic!;
            Assert.StartsWith("the key \"spec\" is written 2 times in one mapping, and tctl decodes each: it decodes them in turn (the file's order)", w.Message, System.StringComparison.Ordinal);
            Assert.Equal(2, w.Location!.Line);
        }

        [Theory]
        // In the file's order: spec, Spec, spec (the later list kept), and twice inside a merged mapping.
        [InlineData("\"spec\": {\"allow\": {\"mcp\": {\"tools\": [\"a\"]}}}, \"Spec\": {\"allow\": {\"mcp\": {\"tools\": [\"b\"]}}}, \"spec\": {\"allow\": {\"mcp\": {\"tools\": [\"c\"]}}}", "c", "")]
        [InlineData("\"spec\": {\"allow\": {\"mcp\": {\"tools\": [\"a\"]}}}, \"Spec\": {\"allow\": {\"mcp\": {\"tools\": [\"b\"]}, \"app_labels\": {\"x\": \"1\"}}, \"allow\": {\"mcp\": {\"tools\": [\"c\"]}}}", "c", "x")]
        public void Keys_a_json_object_writes_twice_and_in_other_case_are_decoded_in_the_files_order(string spec, string tool, string label)
        {
            const string head = "{\"kind\": \"role\", \"version\": \"v8\", \"metadata\": {\"name\": \"r\"}, ";
            var role = (TeleportMcp.Role)Read(head + spec + "}", "r.json").Single(i => i.Resource != null).Resource!;
            Assert.Equal(new[] { tool }, role.AllowMcpTools);
            Assert.Equal(label, string.Join(",", (role.AllowAppLabels?.Keys.Cast<string>() ?? Enumerable.Empty<string>())));
        }

        [Fact]
        public void A_label_a_json_object_writes_twice_keeps_the_later_value()
        {
            var items = Read("{\"kind\": \"app\", \"version\": \"v3\", \"metadata\": {\"name\": \"a\", \"labels\": {\"env\": \"dev\", \"env\": \"prod\"}}, \"spec\": {\"uri\": \"http://localhost:1/mcp\"}}", "a.json");
            var app = (TeleportMcp.App)items.Single(i => i.Resource != null).Resource!;
            Assert.Equal("prod", (string)app.Labels["env"]!);
        }

        [Fact]
        public void Request_annotations_are_data_and_a_kind_not_read_gets_no_merge_warning()
        {
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [a]}, request: {annotations: {Team: [a], team: [b]}}}}\n---\n" +
                             "kind: login_rule\nversion: v1\nmetadata: {name: l}\nspec: {priority: 0, traits_map: {Groups: [a], groups: [b]}}\n");
            Assert.DoesNotContain(items, i => i.Diagnostic?.Code == ResourceReader.CaseVariantKeysCode);
        }

        [Fact]
        public void Label_maps_under_keys_in_other_case_merge_by_exact_label_key()
        {
            var items = Read("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels: {env: dev, Env: x}\n  Labels: {env: prod, team: t}\nspec: {uri: 'http://localhost:1/mcp'}\n");
            var app = (TeleportMcp.App)items.Single(i => i.Resource != null).Resource!;
            // Sorted: Labels, then labels; a label's key is data, so Env and env stay two labels.
            Assert.Equal(("dev", "t", "x"), ((string)app.Labels["env"]!, (string)app.Labels["team"]!, (string)app.Labels["Env"]!));
            Assert.Equal(3, app.Labels.Count);
        }

        [Fact]
        public void Deep_and_wide_mappings_under_keys_in_other_case_merge_without_recursion_or_quadratic_time()
        {
            const int depth = 5_000;
            string Deep(string leaf) => string.Concat(Enumerable.Repeat("{a: ", depth)) + leaf + new string('}', depth);
            var items = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [x]}}, b: " + Deep("1") + "}\nSpec: {b: " + Deep("{c: 2}") + "}\n");
            Assert.Equal(new[] { "x" }, ((TeleportMcp.Role)items.Single(i => i.Resource != null).Resource!).AllowMcpTools);
            const int width = 50_000;
            string Wide(string prefix) => "{" + string.Join(", ", Enumerable.Range(0, width).Select(i => prefix + i + ": v")) + "}";
            var wide = Read("kind: role\nversion: v8\nmetadata: {name: r}\nspec: {allow: {mcp: {tools: [y]}}, w: " + Wide("k") + "}\nSpec: {w: " + Wide("K") + "}\n");
            Assert.Equal(new[] { "y" }, ((TeleportMcp.Role)wide.Single(i => i.Resource != null).Resource!).AllowMcpTools);
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
