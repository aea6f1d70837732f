using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Serving
{
    public class ServingMapTests
    {
        internal static List<TeleportResource> Read(params (string Path, string Text)[] files)
        {
            var list = new List<TeleportResource>();
            foreach (var (path, text) in files)
                list.AddRange(ResourceReader.ReadText(text, path).Where(i => i.Resource != null).Select(i => i.Resource));
            return list;
        }

        private static string Config(string nodename, string resources, string apps = "") =>
            "version: v3\n" + (nodename == null ? "" : "teleport:\n  nodename: " + nodename + "\n") +
            "app_service:\n  enabled: true\n" + resources + apps;

        private static string App(string name, string uri, string labels) =>
            "kind: app\nversion: v3\nmetadata:\n  name: " + name + "\n  labels:\n" + labels + "spec:\n  uri: " + uri + "\n";

        private static string AppServer(string name, string host, string uri = "mcp+http://127.0.0.1:9/mcp") =>
            "kind: app_server\nversion: v3\nmetadata:\n  name: " + name + "\nspec:\n  hostname: " + host + "\n  host_id: id-" + host +
            "\n  app:\n    kind: app\n    version: v3\n    metadata:\n      name: " + name + "\n    spec:\n      uri: " + uri + "\n";

        // 2:S1: host name from teleport.nodename, else the folder; static apps belong to that host.
        [Fact]
        public void ReadsTheAgentFromTeleportYaml()
        {
            var path = Path.Combine("hosts", "app-2", "teleport.yaml");
            var agents = Read((path, Config(null, "  resources:\n  - labels:\n      env: [dev, staging]\n  - labels: {}\n", "  apps:\n  - name: a\n    uri: mcp+http://x/mcp\n")))
                .OfType<AppServiceAgent>().ToList();
            var agent = Assert.Single(agents);
            Assert.Equal("app-2", agent.HostName);
            Assert.Equal("folder", agent.HostNameSource);
            Assert.Equal(new[] { "a" }, agent.StaticApps);
            Assert.Equal(2, agent.ResourceSelectors.Count);
            Assert.Equal(new[] { "dev", "staging" }, agent.ResourceSelectors[0].Labels.Entries.Single().Value);
            Assert.Equal(0, agent.ResourceSelectors[1].Labels.Count);

            var named = Read(("teleport.yaml", Config("mcp-07", ""))).OfType<AppServiceAgent>().Single();
            Assert.Equal("mcp-07", named.HostName);
            Assert.Equal("teleport.nodename", named.HostNameSource);
        }

        // 2:S3: items ORed, keys ANDed, values ORed; globs and ^regex$ as in MatchLabels.
        [Theory]
        [InlineData("  - labels:\n      env: dev\n", "    env: dev\n", true)]
        [InlineData("  - labels:\n      env: prod\n  - labels:\n      team: ai\n", "    env: dev\n    team: ai\n", true)]
        [InlineData("  - labels:\n      env: dev\n      team: ai\n", "    env: dev\n    team: web\n", false)]
        [InlineData("  - labels:\n      env: [prod, dev]\n", "    env: dev\n", true)]
        [InlineData("  - labels:\n      env: 'd*'\n", "    env: dev\n", true)]
        [InlineData("  - labels:\n      env: '^(dev|qa)$'\n", "    env: qa\n", true)]
        [InlineData("  - labels:\n      env: '^(dev|qa)$'\n", "    env: qab\n", false)]
        [InlineData("  - labels:\n      Env: dev\n", "    env: dev\n", false)]
        [InlineData("  - labels:\n      env: '*'\n", "    team: x\n", false)]
        [InlineData("  - labels:\n      '*': '*'\n", "    team: x\n", true)]       // 2:S5
        [InlineData("  - labels: {}\n  - labels:\n      env: dev\n", "    env: dev\n", false)] // 2:S4
        [InlineData("  - labels:\n      env: dev\n  - labels: {}\n", "    env: dev\n", true)]
        [InlineData("  - labels:\n      env: '^($'\n  - labels:\n      env: dev\n", "    env: dev\n", false)] // 2:S4 error stops
        public void SelectsDynamicAppsAsMatchResourceLabels(string resources, string labels, bool served)
        {
            var r = Read(("h1/teleport.yaml", Config("h1", "  resources:\n" + resources)), ("apps.yaml", App("x", "mcp+http://127.0.0.1:1/mcp", labels)));
            var row = ServingMap.Build(r).Single(a => a.App == "x");
            Assert.Equal(served ? ServingStatus.Served : ServingStatus.NotServed, row.Status);
            if (served) Assert.Equal("h1", row.Hosts.Single().Host);
        }

        [Fact]
        public void ExplainsTheEmptyItemTrap()
        {
            var r = Read(("h1/teleport.yaml", Config("h1", "  resources:\n  - labels: {}\n  - labels:\n      env: dev\n")), ("apps.yaml", App("x", "mcp+http://h/mcp", "    env: dev\n")));
            var row = ServingMap.Build(r).Single();
            Assert.Equal(ServingStatus.NotServed, row.Status);
            Assert.Contains("resources[0] has no labels", row.Message, StringComparison.Ordinal);
            Assert.Contains("2:S4", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NamesTheClosestSelectorAndTheLabelThatDiffers()
        {
            var r = Read(
                ("a/teleport.yaml", Config("app-1", "  resources:\n  - labels:\n      env: prod\n      team: data\n")),
                ("b/teleport.yaml", Config("app-2", "  resources:\n  - labels:\n      env: dev\n      team: ai\n")),
                ("apps.yaml", App("notes", "mcp+http://h/mcp", "    env: dev\n    team: web\n")));
            var row = ServingMap.Build(r).Single();
            Assert.Equal(ServingStatus.NotServed, row.Status);
            Assert.Equal("host app-2 app_service.resources[0] labels {env: dev, team: ai}", row.ClosestSelector);
            Assert.Equal("team - the app has \"web\", the selector wants \"ai\"", row.DifferingLabel);
            Assert.Contains("tsh mcp connect notes", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void StaticAppsAreServedByTheirHostOnly()
        {
            var r = Read(
                ("a/teleport.yaml", Config("app-1", "", "  mcp_demo_server: true\n  apps:\n  - name: files\n    mcp:\n      command: /bin/true\n      run_as_host_user: docs\n")),
                ("b/teleport.yaml", Config("app-2", "  resources:\n  - labels:\n      '*': '*'\n")));
            var rows = ServingMap.Build(r);
            var files = rows.Single(a => a.App == "files");
            Assert.Equal(ServingStatus.Served, files.Status);
            Assert.Equal(new[] { "app-1" }, files.HostNames);
            Assert.Equal(ServingReason.StaticEntry, files.Hosts.Single().Reason);
            Assert.Equal(ServingReason.DemoServer, rows.Single(a => a.App == "teleport-mcp-demo").Hosts.Single().Reason);
        }

        // lib/config/configuration.go applyAppsConfig (servicecfg/app.go App.CheckAndSetDefaults on each entry; trace.NotImplemented
        // for a selector's assume_role_arn) and the App Service's types.NewAppV3 (api/types/app.go checkMCPStdio): the first
        // error ends the start, so the host serves no app, neither its static entries nor the dynamic apps it selects.
        [Theory]
        [InlineData("  - name: bad\n    uri: mcp+stdio://\n    mcp: {command: /bin/true}\n", "MCP server \"bad\" is missing 'run_as_host_user' which specifies a valid host user to execute the command")]
        [InlineData("  - name: bad\n    mcp: {run_as_host_user: docs}\n", "missing application \"bad\" URI")]
        [InlineData("  - name: bad\n    uri: mcp+stdio://\n", "MCP server \"bad\" is missing 'mcp' spec")]
        [InlineData("  - name: Bad_Name\n    uri: http://127.0.0.1:8\n", "application name \"Bad_Name\" must be a lower case valid DNS subdomain: https://goteleport.com/docs/enroll-resources/application-access/guides/connecting-apps/#application-name")]
        [InlineData("  - name: 9lives\n    uri: http://127.0.0.1:8\n", "application name \"9lives\" must be a lower case valid DNS subdomain: https://goteleport.com/docs/enroll-resources/application-access/guides/connecting-apps/#application-name")]
        [InlineData("  - name: bad\n    uri: http://127.0.0.1:8\n    public_addr: bad.example.com:443\n", "application \"bad\" public_addr \"bad.example.com:443\" can not contain a port, applications will be available on the same port as the web proxy")]
        [InlineData("  - name: bad\n    uri: http://127.0.0.1:8\n    public_addr: 10.1.2.3\n", "application \"bad\" public_addr \"10.1.2.3\" can not be an IP address, Teleport Application Access uses DNS names for routing")]
        [InlineData("  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: ['x-forwarded-for: 1.2.3.4']\n", "invalid application \"bad\" header rewrite configuration: header \"X-Forwarded-For\" is reserved and can't be rewritten")]
        [InlineData("  - name: bad\n    mcp: {command: /bin/true, run_as_host_user: docs}\n  resources:\n  - labels: {'*': '*'}\n    aws: {assume_role_arn: 'arn:aws:iam::1:role/x'}\n", "assume_role_arn is not supported for app resource matchers")]
        // applyAppsConfig's servicecfg.ParseHeaders, before CheckAndSetDefaults; the entries of lib/service/servicecfg/config_test.go
        // @12c77543 TestParseHeaders. The first entry it cannot parse is the error, whatever the transport, and before a bad name.
        [InlineData("  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: ['X-Header']\n", "failed to parse headers rewrite configuration for app \"bad\": failed to parse \"X-Header\" as http header")]
        [InlineData("  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: [': missing']\n", "failed to parse headers rewrite configuration for app \"bad\": invalid http header name: \": missing\"")]
        [InlineData("  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: ['X-Ok: 1', 'X Space: space', 'X-Header']\n", "failed to parse headers rewrite configuration for app \"bad\": invalid http header name: \"X Space: space\"")]
        [InlineData("  - name: bad\n    mcp: {command: /bin/true, run_as_host_user: docs}\n    rewrite:\n      headers: [\"X-Note: a\\x01b\"]\n", "failed to parse headers rewrite configuration for app \"bad\": invalid http header value: \"X-Note: a\\x01b\"")]
        [InlineData("  - name: Bad_Name\n    uri: http://127.0.0.1:8\n    rewrite:\n      headers: ['x-forwarded-for 1.2.3.4']\n", "failed to parse headers rewrite configuration for app \"Bad_Name\": failed to parse \"x-forwarded-for 1.2.3.4\" as http header")]
        [InlineData("  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: ['Authorization Bearer plainsecret123']\n", "failed to parse headers rewrite configuration for app \"bad\": failed to parse \"Authorization Bearer ***\" as http header")]
        [InlineData("  - name: good\n    uri: mcp+http://127.0.0.1:8/mcp\n    rewrite:\n      headers: ['Host: example.com    ', 'X-Env  : {{external.env}}', 'X-Env: env:prod', 'X-Empty:']\n", null)]
        [InlineData("  - name: good\n    mcp: {command: /bin/true, run_as_host_user: docs}\n    public_addr: good.example.com\n", null)]
        // servicecfg/app.go App.CheckAndSetDefaults: an entry for a cloud needs no URI (it becomes cloud://<cloud>).
        [InlineData("  - name: azure-cli\n    cloud: Azure\n", null)]
        // The App Service builds each entry with types.NewAppV3, whose AppV3.CheckAndSetDefaults refuses an unknown jwt_claims.
        [InlineData("  - name: bad\n    uri: http://127.0.0.1:8\n    rewrite:\n      jwt_claims: everything\n", "app \"bad\" has unexpected JWT rewrite value \"everything\"")]
        [InlineData("  - name: good\n    uri: http://127.0.0.1:8\n    rewrite:\n      jwt_claims: roles\n", null)]
        // servicecfg/app.go: url.Parse after the name check ("application %q URI invalid: %v").
        [InlineData("  - name: bad\n    uri: 'mcp+http://exa mple.com/mcp'\n", "application \"bad\" URI invalid: parse \"mcp+http://exa mple.com/mcp\": invalid character \" \" in host name")]
        [InlineData("  - name: bad\n    uri: 'mcp+http://host:abc/mcp'\n", "application \"bad\" URI invalid: parse \"mcp+http://host:abc/mcp\": invalid port \":abc\" after host")]
        [InlineData("  - name: azure-cli\n    cloud: Azure Cloud\n", "application \"azure-cli\" URI invalid: parse \"cloud://Azure Cloud\": invalid character \" \" in host name")]
        [InlineData("  - name: Bad_Name\n    uri: 'mcp+http://exa mple.com/mcp'\n", "application name \"Bad_Name\" must be a lower case valid DNS subdomain: https://goteleport.com/docs/enroll-resources/application-access/guides/connecting-apps/#application-name")]
        [InlineData("  - name: bad\n    uri: 'mcp+http://exa mple.com/mcp'\n    public_addr: bad.example.com:443\n", "application \"bad\" URI invalid: parse \"mcp+http://exa mple.com/mcp\": invalid character \" \" in host name")]
        [InlineData("  - name: good\n    uri: mcp+sse+http://127.0.0.1:8/sse\n    public_addr: '::1x'\n", null)]
        public void AHostWhoseTeleportYamlTeleportRefusesServesNothing(string apps, string error)
        {
            var config = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n" + apps +
                         (apps.Contains("resources:") ? "" : "  resources:\n  - labels: {'*': '*'}\n");
            var items = ResourceReader.ReadText(config, "a/teleport.yaml");
            var refusals = items.Select(i => i.Diagnostic).Where(d => d != null && d.Level == DiagnosticLevel.Error).ToList();
            var agent = items.Select(i => i.Resource).OfType<AppServiceAgent>().Single();
            Assert.Equal(error, agent.StartupError);
            var rows = ServingMap.Build(Read(("a/teleport.yaml", config), ("apps.yaml", App("dyn", "mcp+http://10.0.0.5:8080/mcp", "    env: dev\n"))));
            var dynamic = rows.Single(r => r.App == "dyn");
            if (error == null)
            {
                Assert.Empty(refusals);
                Assert.Equal(ServingStatus.Served, dynamic.Status);
                return;
            }
            var refusal = Assert.Single(refusals);
            Assert.Equal("InvalidResource", refusal.Code);
            Assert.Equal(error + ": Teleport does not start the App Service with this teleport.yaml, so host app-1 serves none of its apps", refusal.Message);
            Assert.Equal(ServingStatus.NotServed, dynamic.Status);
            Assert.StartsWith("host app-1 selects it (app_service.resources[0] labels", dynamic.Message, System.StringComparison.Ordinal);
            Assert.Contains("but Teleport does not start the App Service with that host's teleport.yaml: " + error, dynamic.Message, StringComparison.Ordinal);
            foreach (var listed in rows.Where(r => r.Origin == AppOrigin.TeleportYaml))
            {
                Assert.Equal(ServingStatus.NotServed, listed.Status);
                Assert.Contains("host app-1 lists it, but Teleport does not start the App Service", listed.Message, StringComparison.Ordinal);
            }
        }

        // lib/config/configuration.go applyAppsConfig: the refusal is reported at the header entry Teleport cannot parse.
        [Fact]
        public void AnUnparsableRewriteHeaderIsRefusedAtItsEntry()
        {
            var config = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n  - name: bad\n    uri: mcp+http://127.0.0.1:8/mcp\n" +
                         "    rewrite:\n      headers:\n      - 'X-Ok: 1'\n      - 'X Space: space'\n  - name: other\n    uri: mcp+http://127.0.0.1:9/mcp\n";
            var items = ResourceReader.ReadText(config, "a/teleport.yaml");
            var refusal = Assert.Single(items.Select(i => i.Diagnostic), d => d != null && d.Level == DiagnosticLevel.Error);
            Assert.Equal("InvalidResource", refusal.Code);
            Assert.Equal((12, 9), (refusal.Location.Line, refusal.Location.Column));
            var rows = ServingMap.Build(Read(("a/teleport.yaml", config)));
            Assert.All(rows, r => Assert.Equal(ServingStatus.NotServed, r.Status));
            Assert.All(rows, r => Assert.Contains("failed to parse headers rewrite configuration for app \"bad\": invalid http header name: \"X Space: space\" (a/teleport.yaml:12:9)", r.Message, StringComparison.Ordinal));
        }

        // applyAppsConfig parses the headers before CheckAndSetDefaults asks for the name.
        [Theory]
        [InlineData("    rewrite:\n      headers: ['X-Header']\n", "failed to parse headers rewrite configuration for app \"\": failed to parse \"X-Header\" as http header")]
        [InlineData("    rewrite:\n      headers: ['X-Ok: 1']\n", "missing application name")]
        [InlineData("    rewrite: [1]\n", "missing application name")]
        public void AnEntryWithoutANameIsRefusedForItsHeadersFirst(string rewrite, string error)
        {
            var config = "version: v3\nteleport:\n  nodename: app-1\napp_service:\n  enabled: true\n  apps:\n  - uri: mcp+http://127.0.0.1:8/mcp\n" + rewrite;
            var items = ResourceReader.ReadText(config, "a/teleport.yaml");
            Assert.Equal(error, items.Select(i => i.Resource).OfType<AppServiceAgent>().Single().StartupError);
            Assert.Contains(items, i => i.Diagnostic?.Message == "app_service.apps entry has no name");
        }

        [Fact]
        public void AnEntryWhoseNameIsNotTextIsOneErrorAndTheOthersAreRead()
        {
            var config = "version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: {a: 1}\n    uri: http://x\n  - name: ok\n    uri: mcp+http://127.0.0.1:1/mcp\n";
            var items = ResourceReader.ReadText(config, "a/teleport.yaml").ToList();
            var error = Assert.Single(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error).Diagnostic;
            Assert.Equal("app_service.apps[].name must be a string, found a mapping", error.Message);
            Assert.Equal("ok", Assert.Single(items.Select(i => i.Resource).OfType<App>()).Name);
        }

        [Fact]
        public void AStaticAppWithoutANameIsNeverServedByDefault()
        {
            // A piped object can lack its name; its row is finished like any other, never left at the first status.
            var row = ServingMap.Build(new TeleportResource[] { new App { Origin = AppOrigin.TeleportYaml, Uri = "mcp+http://h/mcp", Transport = McpTransport.Http } }).Single();
            Assert.Equal(ServingStatus.Indeterminate, row.Status);
        }

        [Fact]
        public void ADisabledAppServiceRefusesNothing()
        {
            // applyAppsConfig runs only for an enabled app_service.
            var config = "version: v3\napp_service:\n  enabled: no\n  apps:\n  - name: Bad_Name\n    uri: http://127.0.0.1:8\n";
            var items = ResourceReader.ReadText(config, "a/teleport.yaml");
            Assert.Null(items.Select(i => i.Resource).OfType<AppServiceAgent>().Single().StartupError);
            Assert.DoesNotContain(items, i => i.Diagnostic?.Level == DiagnosticLevel.Error);
        }

        // lib/srv/app watcher.go: every agent matches dynamic apps against its own selectors; a host's reconciler keeps its
        // own static app over a dynamic one of that name, so the other hosts that select the dynamic app serve it.
        [Fact]
        public void ADynamicAppNamedLikeAStaticEntryIsServedByTheOtherHostsThatSelectIt()
        {
            var staticEntry = "  resources:\n  - labels:\n      '*': '*'\n  apps:\n  - name: shared\n    uri: mcp+http://127.0.0.1:7/mcp\n";
            var r = Read(
                ("a/teleport.yaml", Config("app-1", staticEntry)),
                ("b/teleport.yaml", Config("app-2", "  resources:\n  - labels:\n      team: x\n")),
                ("c/teleport.yaml", Config("app-3", "  resources:\n  - labels:\n      team: y\n")),
                ("apps.yaml", App("shared", "mcp+http://10.0.0.5:8080/mcp", "    team: x\n")));
            var row = ServingMap.Build(r).Single(a => a.App == "shared");
            Assert.Equal(ServingStatus.Served, row.Status);
            Assert.Equal(new[] { "app-1", "app-2" }, row.HostNames);
            Assert.Equal(new[] { ServingReason.StaticEntry, ServingReason.Selector }, row.Hosts.Select(h => h.Reason));
            Assert.Equal("mcp+http://127.0.0.1:7/mcp", row.Uri);
            Assert.Contains("a static entry and a dynamic app share this name: app-2 serves the dynamic one (URI \"mcp+http://10.0.0.5:8080/mcp\"), the others the static one, and tsh connects to whichever app_server it picks", row.Message, StringComparison.Ordinal);
            Assert.Equal("Give the static entry or the dynamic app another name, so one name means one MCP server.", row.Fix);

            // Only the host with the static entry selects it: the static app is all there is.
            var alone = ServingMap.Build(Read(("a/teleport.yaml", Config("app-1", staticEntry)), ("apps.yaml", App("shared", "mcp+http://10.0.0.5:8080/mcp", "    team: x\n")))).Single();
            Assert.Equal(new[] { "app-1" }, alone.HostNames);
            Assert.Contains("no host without the static entry selects the dynamic app", alone.Message, StringComparison.Ordinal);
            Assert.Null(alone.Fix);
        }

        // 2:S7: each serving agent publishes an app_server; a configured host without one is reported.
        [Fact]
        public void ReportsHostsWhoseHeartbeatIsMissing()
        {
            var r = Read(
                ("a/teleport.yaml", Config("app-1", "  resources:\n  - labels:\n      env: dev\n")),
                ("b/teleport.yaml", Config("app-2", "  resources:\n  - labels:\n      env: dev\n")),
                ("apps.yaml", App("x", "mcp+http://h/mcp", "    env: dev\n")),
                ("app_servers.yaml", AppServer("x", "app-1")));
            var row = ServingMap.Build(r).Single();
            Assert.Equal(ServingStatus.NoHeartbeat, row.Status);
            Assert.Contains("1 of 2 configured hosts do not heartbeat it: app-2", row.Message, StringComparison.Ordinal);
            Assert.True(row.Hosts.Single(h => h.Host == "app-1").Heartbeat);
            Assert.False(row.Hosts.Single(h => h.Host == "app-2").Heartbeat);
        }

        [Fact]
        public void HeartbeatsAloneShowWhoServes()
        {
            var r = Read(("apps.yaml", App("x", "mcp+http://h/mcp", "    env: dev\n") + "---\n" + App("y", "mcp+http://h/mcp", "    env: dev\n")),
                ("app_servers.yaml", AppServer("x", "app-9")));
            var rows = ServingMap.Build(r);
            var x = rows.Single(a => a.App == "x");
            Assert.Equal(ServingStatus.Served, x.Status);
            Assert.Equal(ServingReason.HeartbeatOnly, x.Hosts.Single().Reason);
            Assert.Equal(ServingStatus.NotServed, rows.Single(a => a.App == "y").Status);
        }

        // lib/srv/app watcher.go matcher: MatchResourceLabels on app.GetAllLabels() of the stored app; CombineLabels gives a
        // dynamic label its stored result, "" without one (the App Service runs the command for its heartbeat only).
        [Theory]
        [InlineData("      env: prod\n", "", ServingStatus.NotServed)]
        [InlineData("      env: prod\n", "      result: prod\n", ServingStatus.Served)]
        [InlineData("      env: dev\n", "      result: prod\n", ServingStatus.NotServed)]
        [InlineData("      '*': '*'\n", "", ServingStatus.Served)]
        [InlineData("      team: x\n", "", ServingStatus.Served)]
        public void ADynamicLabelMatchesWithItsStoredResult(string selector, string result, ServingStatus status)
        {
            var app = "kind: app\nversion: v3\nmetadata:\n  name: dyn\n  labels:\n    team: x\nspec:\n  uri: mcp+http://h/mcp\n  dynamic_labels:\n    env:\n      period: 1m\n      command: [hostname]\n" + result.Replace("      ", "      ");
            var config = Config("app-1", "  resources:\n  - labels:\n" + selector);
            var row = ServingMap.Build(Read(("a/teleport.yaml", config), ("apps.yaml", app))).Single();
            Assert.Equal(status, row.Status);
            if (status == ServingStatus.NotServed && result.Length == 0)
                Assert.Contains("its dynamic label \"env\" carries no stored result, and the App Service matches the app as stored, where it is empty", row.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NothingKnownIsIndeterminateNotNotServed()
        {
            var rows = ServingMap.Build(Read(("apps.yaml", App("x", "mcp+http://h/mcp", "    env: dev\n"))));
            Assert.Equal(ServingStatus.Indeterminate, rows.Single().Status);
        }

        // lib/config/fileconf.go Service.Enabled: "enabled" unset is the default (on for auth, proxy, ssh and debug only,
        // CheckAndSetDefaults), a value api/utils ParseBool does not know is off.
        [Theory]
        [InlineData("  enabled: false\n", false, "AppServiceDisabled", "app_service.enabled is false: Teleport serves none of these apps")]
        [InlineData("  enabled: \"no\"\n", false, "AppServiceDisabled", "app_service.enabled is no: Teleport serves none of these apps")]
        [InlineData("  enabled: maybe\n", false, "AppServiceDisabled", "app_service.enabled is \"maybe\", which Teleport reads as neither yes nor no and so as off: it serves none of these apps")]
        [InlineData("", false, "AppServiceNotEnabled", "app_service does not say 'enabled: yes': Teleport's App Service is off unless it is enabled (only the auth, proxy and ssh services are on by default), so it serves none of these apps")]
        [InlineData("  enabled:\n", false, "AppServiceNotEnabled", null)]
        [InlineData("  enabled: {a: 1}\n", false, "InvalidResource", "app_service.enabled must be yes or no, found a mapping: Teleport refuses a configuration with it, so none of these apps is served")]
        [InlineData("  enabled: yes\n", true, null, null)]
        [InlineData("  enabled: \"Yeah\"\n", true, null, null)]
        [InlineData("  enabled: 1\n", true, null, null)]
        [InlineData("  enabled: on\n", true, null, null)]
        public void AppServiceServesOnlyWhenEnabledSaysSo(string enabled, bool served, string code, string message)
        {
            var text = "version: v3\nteleport:\n  nodename: h\napp_service:\n" + enabled + "  resources:\n  - labels:\n      '*': '*'\n";
            var items = ResourceReader.ReadText(text, "t.yaml");
            var diagnostic = items.Select(i => i.Diagnostic).SingleOrDefault(d => d != null && d.Level != DiagnosticLevel.Verbose);
            Assert.Equal(code, diagnostic?.Code);
            if (message != null) Assert.Equal(message, diagnostic.Message);
            var rows = ServingMap.Build(Read(("t.yaml", text), ("apps.yaml", App("x", "mcp+http://h/mcp", "    env: dev\n"))));
            Assert.Equal(served ? ServingStatus.Served : ServingStatus.NotServed, rows.Single().Status);
        }

        // 2:S10: Kubernetes discovery registered MCP Services as plain web apps.
        [Theory]
        [InlineData("mcp-notes", "http://notes.default.svc:8080/", true)]
        [InlineData("notes", "http://notes.default.svc:8080/mcp", true)]
        [InlineData("notes", "http://notes.default.svc:8080/", false)]
        public void FlagsDiscoveredAppsThatLookLikeMcp(string name, string uri, bool flagged)
        {
            var rows = ServingMap.Build(Read(("apps.yaml", App(name, uri, "    teleport.dev/origin: discovery-kubernetes\n    teleport.dev/discovery-type: app\n"))));
            if (flagged) Assert.Equal(ServingStatus.RegisteredWithoutMcp, rows.Single().Status);
            else Assert.Empty(rows);
        }

        [Fact]
        public void PlainWebAppsAreNotListed()
        {
            Assert.Empty(ServingMap.Build(Read(("apps.yaml", App("mcp-wiki", "http://wiki/", "    env: dev\n")))));
        }
    }
}
