using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// One app, many copies: the app resource and each agent's app_server heartbeat (2:S7, one app_server per agent) carry
    /// one definition, tested once with all its agents; copies that differ are each tested and say how they differ.
    /// </summary>
    public class AppDefinitionsTests
    {
        private static string Server(string name, string host, string version, string uri, string extraSpec = "") =>
            "kind: app_server\nversion: v3\nmetadata:\n  name: " + name + "\nspec:\n  hostname: " + host + "\n  host_id: id-" + host + "\n" +
            (version == null ? "" : "  version: " + version + "\n") +
            "  app:\n    kind: app\n    sub_kind: mcp\n    version: v3\n    metadata:\n      name: " + name + "\n      description: as " + host + " has it\n" +
            "    spec:\n      uri: " + uri + "\n" + extraSpec;

        private static string Resource(string name, string uri) =>
            "kind: app\nsub_kind: mcp\nversion: v3\nmetadata:\n  name: " + name + "\nspec:\n  uri: " + uri + "\n";

        private static List<App> Read(params string[] documents) =>
            ResourceReader.ReadText(string.Join("---\n", documents), "apps.yaml").Select(i => i.Resource).OfType<App>().ToList();

        public static IEnumerable<object[]> Groupings()
        {
            const string Uri = "mcp+http://127.0.0.1:9/mcp";
            // The resource and two agents' heartbeats of one definition: one test, both agents.
            yield return new object[] { new[] { Server("web", "agent-a", "18.4.0", Uri), Server("web", "agent-b", "18.2.0", Uri), Resource("web", Uri) }, 1, "" };
            // An agent still serving an older URI: its own test, naming the field.
            yield return new object[] { new[] { Server("web", "agent-a", "18.4.0", Uri), Server("web", "agent-b", "18.4.0", "mcp+http://127.0.0.1:9/old"), Resource("web", Uri) }, 2, "spec.uri" };
            // What each agent computes or publishes about itself is not the definition: releases, descriptions, dynamic label results.
            yield return new object[] { new[] { Server("web", "agent-a", "18.4.0", Uri, "      dynamic_labels:\n        zone:\n          command: [hostname]\n          result: a\n"),
                                                Server("web", "agent-b", "17.1.0", Uri, "      dynamic_labels:\n        zone:\n          command: [hostname]\n          result: b\n") }, 1, "" };
            // The command of a dynamic label is the definition.
            yield return new object[] { new[] { Server("web", "agent-a", "18.4.0", Uri, "      dynamic_labels:\n        zone:\n          command: [hostname]\n"),
                                                Server("web", "agent-b", "18.4.0", Uri, "      dynamic_labels:\n        zone:\n          command: [uname]\n") }, 2, "spec.dynamic_labels" };
            // A header whose value differs (a rotated credential one agent has not seen) is another definition.
            yield return new object[] { new[] { Server("web", "agent-a", "18.4.0", Uri, "      rewrite:\n        headers:\n        - name: Authorization\n          value: Bearer s3cr3t-one-value\n"),
                                                Server("web", "agent-b", "18.4.0", Uri, "      rewrite:\n        headers:\n        - name: Authorization\n          value: Bearer s3cr3t-two-value\n") }, 2, "spec.rewrite.headers" };
            // Arguments are compared item by item: [a, b] is not [ab] nor [a, b, ""], and the same list is one definition.
            const string Stdio = "mcp+stdio://";
            string Args(string list) => "      mcp:\n        command: /bin/s\n        args: " + list + "\n        run_as_host_user: u\n";
            yield return new object[] { new[] { Server("s", "agent-a", "18.4.0", Stdio, Args("[a, b]")), Server("s", "agent-b", "18.4.0", Stdio, Args("[ab]")) }, 2, "spec.mcp.args" };
            yield return new object[] { new[] { Server("s", "agent-a", "18.4.0", Stdio, Args("[a, b]")), Server("s", "agent-b", "18.4.0", Stdio, Args("[a, b, '']")) }, 2, "spec.mcp.args" };
            yield return new object[] { new[] { Server("s", "agent-a", "18.4.0", Stdio, Args("[a, b]")), Server("s", "agent-b", "18.4.0", Stdio, Args("[a, b]")) }, 1, "" };
            // Two apps of other names are two definitions, and never compared.
            yield return new object[] { new[] { Resource("one", Uri), Resource("two", Uri) }, 2, "" };
        }

        [Theory]
        [MemberData(nameof(Groupings))]
        public void Copies_of_one_definition_are_one_test(string[] documents, int definitions, string differsIn)
        {
            var apps = Read(documents);
            var groups = AppDefinitions.Of(apps);
            Assert.Equal(definitions, groups.Count);
            Assert.Equal(apps.Count, groups.Sum(g => g.Copies.Count));
            // The definition as written (the resource) is the copy tested when given, else the first heartbeat; in the order given.
            Assert.Same(apps.FirstOrDefault(a => a.Origin != AppOrigin.AppServer && a.Name == apps[0].Name) ?? apps[0], groups[0].App);
            Assert.Empty(groups[0].DiffersIn);
            var later = groups.Skip(1).Where(g => g.App.Name == groups[0].App.Name).ToList();
            Assert.Equal(differsIn, string.Join(", ", later.SelectMany(g => g.DiffersIn).Distinct()));
            foreach (var g in later) Assert.Equal(groups[0].App.Source, g.ComparedWith);
        }

        [Fact]
        public void The_agents_of_a_definition_are_its_app_server_copies_once_each()
        {
            const string Uri = "mcp+http://127.0.0.1:9/mcp";
            var groups = AppDefinitions.Of(Read(Resource("web", Uri), Server("web", "agent-a", "18.4.0", Uri), Server("web", "agent-b", "18.2.0", Uri), Server("web", "agent-a", "18.4.0", Uri)));
            var only = Assert.Single(groups);
            Assert.Equal(new[] { "agent-a", "agent-b" }, only.ServedBy);
            Assert.Equal(3, only.Servers.Count);
            Assert.Equal(AppOrigin.App, only.App.Origin);
        }

        // lib/srv/app/watcher.go setAppPublicAddr: an agent fills an empty public_addr with <name>.<proxy host> in the copy it
        // serves, so a real export's resource and heartbeats differ there; the heartbeat read first still joins its resource.
        [Fact]
        public void A_heartbeat_read_before_its_resource_with_the_public_addr_its_agent_filled_in_is_the_same_definition()
        {
            const string Uri = "mcp+http://127.0.0.1:9/mcp";
            var apps = Read(Server("web", "agent-a", "18.4.0", Uri, "      public_addr: web.teleport.example.com\n"), Resource("web", Uri));
            var only = Assert.Single(AppDefinitions.Of(apps));
            Assert.Same(apps[1], only.App);
            Assert.Equal(new[] { "agent-a" }, only.ServedBy);
        }

        // lib/service/servicecfg/app.go: an agent labels the apps of its teleport.yaml teleport.dev/origin: config-file; the
        // heartbeat carries the entry ("Name: value" headers become name/value pairs), and the entry is the copy tested.
        [Fact]
        public void A_teleport_yaml_entry_and_its_agents_heartbeat_are_one_definition()
        {
            var yaml = "version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: web\n    uri: mcp+http://127.0.0.1:9/mcp\n    labels:\n      env: prod\n" +
                       "    rewrite:\n      headers:\n      - \"X-Team: platform\"\n";
            var entry = ResourceReader.ReadText(yaml, "teleport.yaml").Select(i => i.Resource).OfType<App>().Single();
            var heartbeat = Read("kind: app_server\nversion: v3\nmetadata:\n  name: web\nspec:\n  hostname: agent-a\n  version: 18.4.0\n  app:\n    kind: app\n    version: v3\n" +
                                 "    metadata:\n      name: web\n      labels:\n        env: prod\n        teleport.dev/origin: config-file\n" +
                                 "    spec:\n      uri: mcp+http://127.0.0.1:9/mcp\n      public_addr: web.teleport.example.com\n      rewrite:\n        headers:\n        - name: X-Team\n          value: platform\n").Single();
            var only = Assert.Single(AppDefinitions.Of(new[] { heartbeat, entry }));
            Assert.Same(entry, only.App);
            Assert.Equal(new[] { "agent-a" }, only.ServedBy);
            // A heartbeat of a teleport.yaml entry that differs from an app resource of the name says both differences.
            heartbeat.Uri = "mcp+http://127.0.0.1:9/old";
            var two = AppDefinitions.Of(Read(Resource("web", "mcp+http://127.0.0.1:9/mcp")).Append(heartbeat));
            Assert.Equal(2, two.Count);
            Assert.Equal(new[] { "origin (teleport.yaml entry or app resource)", "metadata.labels", "spec.uri", "spec.rewrite.headers" }, two[1].DiffersIn);
        }

        // api/types/app.go CheckAndSetDefaults (A2): a stdio entry written without a URI is heartbeated with mcp+stdio://.
        [Fact]
        public void A_stdio_entry_without_a_uri_and_its_heartbeat_are_one_definition()
        {
            var yaml = "version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: files\n    mcp:\n      command: /usr/local/bin/fs\n      args: [\"/srv\"]\n      run_as_host_user: docs\n";
            var entry = ResourceReader.ReadText(yaml, "teleport.yaml").Select(i => i.Resource).OfType<App>().Single();
            var heartbeat = Read("kind: app_server\nversion: v3\nmetadata:\n  name: files\nspec:\n  hostname: agent-a\n  version: 18.4.0\n  app:\n    kind: app\n    sub_kind: mcp\n    version: v3\n" +
                                 "    metadata:\n      name: files\n      labels:\n        teleport.dev/origin: config-file\n    spec:\n      uri: mcp+stdio://\n" +
                                 "      mcp:\n        command: /usr/local/bin/fs\n        args: [\"/srv\"]\n        run_as_host_user: docs\n").Single();
            var only = Assert.Single(AppDefinitions.Of(new[] { heartbeat, entry }));
            Assert.Same(entry, only.App);
        }

        [Fact]
        public void A_teleport_yaml_entry_and_an_app_resource_of_one_name_are_two_definitions()
        {
            var yaml = "version: v3\napp_service:\n  enabled: true\n  apps:\n  - name: web\n    uri: mcp+http://127.0.0.1:9/mcp\n";
            var apps = ResourceReader.ReadText(yaml, "teleport.yaml").Select(i => i.Resource).OfType<App>()
                .Concat(Read(Resource("web", "mcp+http://127.0.0.1:9/mcp"))).ToList();
            var groups = AppDefinitions.Of(apps);
            Assert.Equal(2, groups.Count);
            Assert.Contains("origin (teleport.yaml entry or app resource)", groups[1].DiffersIn);
        }

        // Every public property of App is decided: part of the definition, or not (where it was read, the agent, a user's view).
        [Fact]
        public void Every_property_of_an_app_is_either_definition_or_not()
        {
            var all = typeof(App).GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var decided = AppDefinitions.DefinitionProperties.Concat(AppDefinitions.NotDefinitionProperties).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(all, decided);
        }

        [Fact]
        public void The_checks_say_where_the_definition_was_read_and_who_serves_it_and_how_a_second_one_differs()
        {
            var apps = Read(Server("web", "agent-a", "18.4.0", "mcp+http://127.0.0.1:9/mcp", "      rewrite:\n        headers:\n        - name: Authorization\n          value: Bearer s3cr3t-one-value\n"),
                            Server("web", "agent-b", "18.4.0", "mcp+http://127.0.0.1:9/mcp", "      rewrite:\n        headers:\n        - name: Authorization\n          value: Bearer s3cr3t-two-value\n"));
            var groups = AppDefinitions.Of(apps);
            var first = AppTest.Run(groups[0].App, new AppTestOptions { CheckReachable = false, Definition = groups[0] }, CancellationToken.None);
            var second = AppTest.Run(groups[1].App, new AppTestOptions { CheckReachable = false, Definition = groups[1] }, CancellationToken.None);
            Assert.DoesNotContain(first.Checks, c => c.Check == "Definition");
            Assert.All(first.Checks, c => Assert.Equal(new[] { "agent-a" }, c.ServedBy));
            Assert.All(first.Checks, c => Assert.Equal(apps[0].Source, c.Source));
            var definition = second.Checks[0];
            Assert.Equal("Definition", definition.Check);
            Assert.Equal(TeleportMcp.CheckStatus.Warn, definition.Status);
            Assert.Contains("served by agent-b", definition.Message, StringComparison.Ordinal);
            Assert.Contains("spec.rewrite.headers", definition.Message, StringComparison.Ordinal);
            Assert.Contains(apps[0].Source, definition.Message, StringComparison.Ordinal);
            // The credentials that differ are named as a field, never shown.
            Assert.DoesNotContain(second.Checks, c => c.Message.Contains("s3cr3t", StringComparison.Ordinal));
        }

        [Fact]
        public void A_web_app_given_twice_differently_has_nothing_to_check_and_no_definition_warning()
        {
            var groups = AppDefinitions.Of(Read(Resource("site", "http://127.0.0.1:9/"), Resource("site", "http://127.0.0.1:9/other")));
            var second = AppTest.Run(groups[1].App, new AppTestOptions { CheckReachable = false, Definition = groups[1] }, CancellationToken.None);
            Assert.False(second.Examined);
            Assert.DoesNotContain(second.Checks, c => c.Check == "Definition");
        }

        // 2:H1 and lib/web/app/match.go (2:S11): every agent's release counts; the proxy picks an agent per connection.
        [Theory]
        [InlineData("18.2.0", "18.4.0", "ServerRelease", TeleportMcp.CheckStatus.Fail, "agent-b (18.4.0) serves it too")]
        [InlineData("18.2.0", "17.0.1", "ServerRelease", TeleportMcp.CheckStatus.Fail, "releases 18.2.0 (agent-a), 17.0.1 (agent-b)")]
        [InlineData("18.4.0", "18.5.0", "ServerRelease", null, null)]
        public void Every_agent_of_a_remote_app_needs_18_3_0(string a, string b, string check, TeleportMcp.CheckStatus? status, string phrase)
        {
            const string Uri = "mcp+https://10.0.0.5:8443/mcp";
            var only = Assert.Single(AppDefinitions.Of(Read(Server("web", "agent-a", a, Uri), Server("web", "agent-b", b, Uri))));
            var outcome = AppTest.Run(only.App, new AppTestOptions { CheckReachable = false, Definition = only }, CancellationToken.None);
            var c = outcome.Checks.SingleOrDefault(x => x.Check == check);
            Assert.Equal(status, c?.Status);
            if (phrase != null) Assert.Contains(phrase, c.Message, StringComparison.Ordinal);
        }

        // 2:H19: 18.3.0 to 18.9.2 dial mcp+sse+https over http; with one such agent among others the app fails some of the time.
        [Theory]
        [InlineData("18.5.0", "19.0.0", TeleportMcp.CheckStatus.Fail, "agent-b (19.0.0) serves it too")]
        [InlineData("19.0.0", "19.1.0", TeleportMcp.CheckStatus.Indeterminate, "agent-a 19.0.0, agent-b 19.1.0")]
        public void Every_agent_of_an_sse_https_app_is_weighed(string a, string b, TeleportMcp.CheckStatus status, string phrase)
        {
            const string Uri = "mcp+sse+https://10.0.0.5:8443/sse";
            var only = Assert.Single(AppDefinitions.Of(Read(Server("web", "agent-a", a, Uri), Server("web", "agent-b", b, Uri))));
            var outcome = AppTest.Run(only.App, new AppTestOptions { CheckReachable = false, Definition = only }, CancellationToken.None);
            var c = outcome.Checks.Single(x => x.Check == "SseHttps");
            Assert.Equal(status, c.Status);
            Assert.Contains(phrase, c.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Test_TeleportMcpApp_tests_each_definition_once()
        {
            const string Uri = "mcp+http://127.0.0.1:9/mcp";
            var run = new AppTestRun();
            foreach (var app in Read(Server("web", "agent-a", "18.4.0", Uri), Server("web", "agent-b", "18.4.0", Uri), Resource("web", Uri), Resource("other", Uri)))
                run.AddApp(app);
            var cases = run.Cases();
            Assert.Equal(new[] { "web", "other" }, cases.Select(c => c.App.Name));
            Assert.Equal(3, cases[0].Definition.Copies.Count);
        }
    }
}
