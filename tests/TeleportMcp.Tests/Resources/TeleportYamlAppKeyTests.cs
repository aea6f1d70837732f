using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// What Teleport refuses in a teleport.yaml app_service.apps entry beyond lib/config/configuration.go applyAppsConfig
    /// and lib/service/servicecfg/app.go App.CheckAndSetDefaults: lib/service/service.go initApps builds each static app with
    /// types.NewAppV3(Metadata{Labels: labels}, AppSpecV3{DynamicLabels: commands by name, Cloud: cloud}) when the App
    /// Service starts, and an error ends it. api/types/app.go AppV3.CheckAndSetDefaults (search-index id 127154666) runs
    /// Metadata.CheckAndSetDefaults first ("invalid label key: %q", api/types/metadata.go, id 560505390), then its own
    /// dynamic-label check ("app %q invalid label key: %q"), then spec.cloud ("app %q has unexpected Cloud value %q";
    /// CloudAWS "AWS", CloudAzure "Azure", CloudGCP "GCP", api/types/constants.go, id 2403678500). Key rule:
    /// api/types/common/common.go @11994a8c IsValidLabelKey. Before (beb9ad78) none of these entries was refused.
    /// </summary>
    public class TeleportYamlAppKeyTests
    {
        // Line 7 is the entry's "- name: a"; the entry's own lines follow from line 8.
        private const string Head = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n  - name: a\n    uri: mcp+http://127.0.0.1:8/mcp\n";
        private const string Other = "  - name: other\n    uri: mcp+http://127.0.0.1:9/mcp\n    labels: {env: dev}\n";

        [Theory]
        // metadata.labels: block and flow, quoted and plain keys, a flow mapping over lines.
        [InlineData("    labels:\n      env: dev\n      \"a b\": x\n", "invalid label key: \"a b\"", 11, 7)]
        [InlineData("    labels:\n      \"\": x\n", "invalid label key: \"\"", 10, 7)]
        [InlineData("    labels: {\"\": x}\n", "invalid label key: \"\"", 9, 14)]
        [InlineData("    labels: {env: dev, caf\u00E9: x}\n", "invalid label key: \"caf\u00E9\"", 9, 24)]
        [InlineData("    labels: {env: dev,\n      'env=prod': x}\n", "invalid label key: \"env=prod\"", 10, 7)]
        // commands[].name are the app's dynamic labels (the name value is the key); an entry without a name is the label "".
        [InlineData("    commands:\n    - name: arch\n      command: [uname, -p]\n    - name: up time\n      command: [uptime]\n", "app \"a\" invalid label key: \"up time\"", 12, 13)]
        [InlineData("    commands:\n    - {name: 'x/y z', command: [uptime]}\n", "app \"a\" invalid label key: \"x/y z\"", 10, 14)]
        [InlineData("    commands:\n    - command: [uptime]\n      period: 1m\n", "app \"a\" invalid label key: \"\"", 10, 7)]
        // Metadata.CheckAndSetDefaults runs before the dynamic-label check, whatever the file's order.
        [InlineData("    commands:\n    - {name: 'bad key', command: [uptime]}\n    labels: {'bad label': x}\n", "invalid label key: \"bad label\"", 11, 14)]
        // spec.cloud: one of the three constants, case and all.
        [InlineData("    cloud: Oracle\n", "app \"a\" has unexpected Cloud value \"Oracle\"", 9, 12)]
        [InlineData("    cloud: aws\n", "app \"a\" has unexpected Cloud value \"aws\"", 9, 12)]
        // The labels come before the MCP checks of the same NewAppV3.
        [InlineData("    mcp: {command: /bin/true}\n    labels: {'a b': x}\n", "invalid label key: \"a b\"", 10, 14)]
        // Session 46 (helper-322): several refused keys in one Go map (metadata labels; the dynamic labels built from commands
        // by name, a repeated name one key): Teleport names any one ("for key := range", order not fixed), so all are listed
        // at the first in the file (before: the first alone, as if Teleport named it).
        [InlineData("    labels: {'a b': x, env: dev, 'c=d': y}\n", "invalid label key: one of \"a b\" (line 9, column 14), \"c=d\" (line 9, column 34). Teleport checks label keys in Go map order, which is not fixed (api/types/metadata.go Metadata.CheckAndSetDefaults, for key := range), so its error names one of these 2 keys, not always the same one", 9, 14)]
        [InlineData("    commands:\n    - {name: 'up time', command: [uptime]}\n    - {name: arch, command: [uname]}\n    - {name: 'x y', command: [uname]}\n    - {name: 'up time', command: [date]}\n", "app \"a\" invalid label key: one of \"up time\" (line 10, column 14), \"x y\" (line 12, column 14). Teleport checks label keys in Go map order, which is not fixed (api/types/app.go AppV3.CheckAndSetDefaults, for key := range), so its error names one of these 2 keys, not always the same one", 10, 14)]
        [InlineData("    commands:\n    - {name: 'bad key', command: [uptime]}\n    - {name: 'bad 2', command: [uptime]}\n    labels: {'bad label': x}\n", "invalid label key: \"bad label\"", 12, 14)]
        [InlineData("    commands:\n    - {name: 'up time', command: [uptime]}\n    - {name: 'up time', command: [date]}\n", "app \"a\" invalid label key: \"up time\"", 10, 14)]
        public void An_entry_NewAppV3_refuses_stops_the_App_Service_at_its_key_and_the_other_apps_are_read(string entry, string error, int line, int column)
        {
            // An MCP entry is a stdio server (the same line count), so its own checks would refuse it too.
            var head = entry.Contains("mcp:") ? Head.Replace("mcp+http://127.0.0.1:8/mcp", "mcp+stdio://a") : Head;
            var items = ResourceReader.ReadText(head + entry + Other, "h/teleport.yaml").ToList();
            var agent = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single();
            Assert.Equal(error, agent.StartupError);
            var refusal = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic!;
            Assert.Equal("InvalidResource", refusal.Code);
            Assert.Equal(error + ": Teleport does not start the App Service with this teleport.yaml, so host app-1 serves none of its apps", refusal.Message);
            Assert.Equal((line, column), (refusal.Location!.Line, refusal.Location.Column));
            Assert.Equal((line, column), (agent.StartupErrorLocation!.Line, agent.StartupErrorLocation.Column));
            Assert.Equal(new[] { "a", "other" }, items.Select(i => i.Resource).OfType<App>().Select(a => a.Name));
        }

        [Theory]
        [InlineData("    labels: {teleport.dev/origin: x, 'a_b:c.d': y, 'all-objects*': z}\n")]
        [InlineData("    commands:\n    - {name: arch, command: [uname, -p], period: 1h}\n")]
        [InlineData("    cloud: GCP\n")]
        public void An_entry_Teleport_accepts_is_not_refused(string entry)
        {
            var items = ResourceReader.ReadText(Head.Replace("    uri: mcp+http://127.0.0.1:8/mcp\n", entry.Contains("cloud") ? "" : "    uri: mcp+http://127.0.0.1:8/mcp\n") + entry, "h/teleport.yaml").ToList();
            Assert.Null(items.Select(i => i.Resource).OfType<AppServiceAgent>().Single().StartupError);
            Assert.DoesNotContain(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
        }

        // teleport start reads every entry (applyAppsConfig) before the App Service builds any (initApps): a later entry's
        // refusal of the file's reading is what Teleport shows, not an earlier entry's NewAppV3 refusal. Both are reported.
        [Fact]
        public void A_later_entry_the_file_reading_refuses_is_the_error_Teleport_shows()
        {
            var items = ResourceReader.ReadText(Head + "    labels: {'a b': x}\n  - name: Bad_Name\n    uri: http://127.0.0.1:8\n", "h/teleport.yaml").ToList();
            var agent = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single();
            Assert.StartsWith("application name \"Bad_Name\" must be a lower case valid DNS subdomain", agent.StartupError, System.StringComparison.Ordinal);
            Assert.Equal(10, agent.StartupErrorLocation!.Line);
            Assert.Equal(2, items.Count(i => i.Diagnostic?.Level == DiagnosticLevel.Error));
        }
    }
}
