using System.Linq;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A resource whose labels hold a key Teleport's rule refuses (LabelKeys.IsValid: api/types/common/common.go
    /// @11994a8c IsValidLabelKey) is refused whole, in Teleport's words, at the key's line and column, and the documents
    /// beside it are still read. Sources: api/types/metadata.go Metadata.CheckAndSetDefaults "invalid label key: %q"
    /// (search-index id 560505390; RoleV6, UserV2 and AppV3 run it); api/types/app.go AppV3.CheckAndSetDefaults
    /// "app %q invalid label key: %q" over spec.dynamic_labels (id 127154666). A role's app_labels selector keys are not
    /// checked by Teleport (api/types/role.go CheckAndSetDefaults checks only '*' keys, id 11142259), so a role may
    /// select on any key. Before (06786180) each of these documents was read with no error.
    /// </summary>
    public class ResourceLabelKeyTests
    {
        private const string Good = "kind: app\nversion: v3\nmetadata:\n  name: good\n  labels: {env: dev}\nspec:\n  uri: http://localhost:1\n";

        [Theory]
        [InlineData("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels:\n    \"a b\": dev\nspec:\n  uri: http://localhost:1\n", "invalid label key: \"a b\"", 6, 5)]
        [InlineData("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels:\n    env: dev\n    \"caf\u00E9\": x\nspec:\n  uri: http://localhost:1\n", "invalid label key: \"caf\u00E9\"", 7, 5)]
        [InlineData("kind: app\nversion: v3\nmetadata:\n  name: a\nspec:\n  uri: http://localhost:1\n  dynamic_labels:\n    \"up time\": {command: [uptime], period: 1m}\n", "app \"a\" invalid label key: \"up time\"", 8, 5)]
        [InlineData("kind: app_server\nversion: v3\nmetadata:\n  name: a\nspec:\n  hostname: h\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: a\n      labels: {\"env=prod\": x}\n    spec:\n      uri: http://localhost:1\n", "invalid label key: \"env=prod\"", 12, 16)]
        [InlineData("kind: role\nversion: v7\nmetadata:\n  name: r\n  labels: {\"\": x}\nspec: {}\n", "invalid label key: \"\"", 5, 12)]
        [InlineData("kind: user\nversion: v2\nmetadata:\n  name: u\n  labels:\n    \"x y\": z\nspec:\n  roles: [r]\n", "invalid label key: \"x y\"", 6, 5)]
        // Session 46 (helper-322): two or more refused keys in one map. Teleport's check is "for key := range" over a Go map
        // (api/types/metadata.go Metadata.CheckAndSetDefaults, id 560505390; api/types/app.go AppV3.CheckAndSetDefaults, id
        // 127154666), whose order is not fixed, so it names any one of them: all are listed, at the first in the file
        // (before: only the first was named, as if Teleport named it).
        [InlineData("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels:\n    \"a b\": dev\n    env: x\n    \"c=d\": y\nspec:\n  uri: http://localhost:1\n", "invalid label key: one of \"a b\" (line 6, column 5), \"c=d\" (line 8, column 5). Teleport checks label keys in Go map order, which is not fixed (api/types/metadata.go Metadata.CheckAndSetDefaults, for key := range), so its error names one of these 2 keys, not always the same one", 6, 5)]
        [InlineData("kind: role\nversion: v7\nmetadata:\n  name: r\n  labels: {\"x y\": a, ok: b, \"\": c, \"caf\u00E9\": d}\nspec: {}\n", "invalid label key: one of \"x y\" (line 5, column 12), \"\" (line 5, column 29), \"caf\u00E9\" (line 5, column 36). Teleport checks label keys in Go map order, which is not fixed (api/types/metadata.go Metadata.CheckAndSetDefaults, for key := range), so its error names one of these 3 keys, not always the same one", 5, 12)]
        [InlineData("kind: app\nversion: v3\nmetadata:\n  name: a\nspec:\n  uri: http://localhost:1\n  dynamic_labels:\n    \"up time\": {command: [uptime], period: 1m}\n    \"a/b c\": {command: [uname], period: 1m}\n", "app \"a\" invalid label key: one of \"up time\" (line 8, column 5), \"a/b c\" (line 9, column 5). Teleport checks label keys in Go map order, which is not fixed (api/types/app.go AppV3.CheckAndSetDefaults, for key := range), so its error names one of these 2 keys, not always the same one", 8, 5)]
        public void A_label_key_Teleport_refuses_refuses_the_document_and_the_next_is_read(string doc, string message, int line, int column)
        {
            var items = ResourceReader.ReadText(doc + "---\n" + Good, "t.yaml").ToList();
            var d = Assert.Single(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal("InvalidResource", d.Code);
            Assert.Equal(message, d.Message);
            Assert.Equal((line, column), (d.Location!.Line, d.Location.Column));
            Assert.Equal("good", Assert.Single(items, i => i.Resource != null).Resource!.Name);
        }

        [Theory]
        [InlineData("teleport.dev/origin")]
        [InlineData("all-objects*")]
        [InlineData("a_b:c.d")]
        public void A_key_Teleport_accepts_is_read(string key)
        {
            var items = ResourceReader.ReadText("kind: app\nversion: v3\nmetadata:\n  name: a\n  labels: {\"" + key + "\": v}\nspec:\n  uri: http://localhost:1\n", "t.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            Assert.Equal("v", ((App)Assert.Single(items, i => i.Resource != null).Resource!).LabelMap[key]);
        }

        [Fact]
        public void A_roles_selector_key_is_not_checked_as_Teleport_does_not()
        {
            var items = ResourceReader.ReadText("kind: role\nversion: v7\nmetadata:\n  name: r\nspec:\n  allow:\n    app_labels: {\"a b\": dev}\n", "t.yaml").ToList();
            Assert.DoesNotContain(items, i => i.Diagnostic != null && i.Diagnostic.Level == DiagnosticLevel.Error);
            Assert.Equal("a b", ((Role)Assert.Single(items, i => i.Resource != null).Resource!).Allow.AppLabels!.Entries.Single().Key);
        }
    }
}
