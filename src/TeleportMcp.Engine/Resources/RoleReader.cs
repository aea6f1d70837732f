using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Serving;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// api/types/role.go: role versions v3..v8 are accepted (R1), and v9 on Teleport master (PR #68736, aimed at
    /// v19.0.0; api/types/appresources_test.go @07f66a7c TestAppResourcesRequireV9); anything else is refused with
    /// Teleport's text.
    /// </summary>
    public static class RoleVersions
    {
        private static readonly string[] Supported = { "v3", "v4", "v5", "v6", "v7", "v8", "v9" };

        // The versions the role designer writes: a v9 role denies HTTP apps by default unless app_resources allows them,
        // and no stored release accepts v9 yet.
        private static readonly string[] Designable = { "v3", "v4", "v5", "v6", "v7", "v8" };

        /// <summary>The version with app_resources and HTTP app default-deny (RFD 0303).</summary>
        public const string V9 = "v9";

        /// <summary>The newest version, which Teleport gives a role whose body names none of the others (setStaticFields).</summary>
        public const string Default = "v8";

        public static bool IsSupported(string? version) => Array.IndexOf(Supported, version ?? "") >= 0;

        /// <summary>Whether the role designer writes this version (v3 to v8).</summary>
        public static bool IsDesignable(string? version) => Array.IndexOf(Designable, version ?? "") >= 0;

        /// <summary>The role versions the designer writes, oldest first (what -Version completes).</summary>
        public static IReadOnlyList<string> All => Designable;

        public static string NotSupportedMessage(string? version) => "role version " + GoText.Quote(version ?? "") + " is not supported";
    }

    internal static class RoleReader
    {

        /// <param name="map">The role, its keys in other case merged as jsoniter decodes the body.</param>
        /// <param name="headerVersion">The version as encoding/json decodes the header (<see cref="CaseVariantMerge.HeaderText"/>); null: the body's.</param>
        public static Role Read(DocMap map, string? headerVersion = null)
        {
            string version = ResourceReader.ReadString(map, "version", "version") ?? "";
            var versionNode = map["version"] ?? map;
            // lib/services/role.go UnmarshalRoleV6 accepts or refuses by the header's version; the body's version is then
            // kept only if it is v3-v7, else set to v8 (api/types/role.go setStaticFields). They differ only when a key in
            // other case sets the version to null after a value.
            string accepted = headerVersion ?? version;
            if (!RoleVersions.IsSupported(accepted))
                throw new TeleportInputException("UnsupportedRoleVersion", RoleVersions.NotSupportedMessage(accepted), versionNode.Location);
            if (headerVersion != null && !RoleVersions.IsSupported(version)) version = RoleVersions.Default;

            string name = ResourceReader.ReadName(map, "role", out var metadata);

            var role = new Role
            {
                Name = name,
                Version = version,
                Location = map.Location,
                LabelMap = ResourceReader.ReadMetadataLabels(metadata),
                Description = ResourceReader.ReadString(metadata, "description", "metadata.description"),
            };
            var spec = map["spec"] as DocMap;
            role.Allow = ReadConditions(spec?["allow"] as DocMap, "spec.allow");
            role.Deny = ReadConditions(spec?["deny"] as DocMap, "spec.deny");
            foreach (var (cond, path) in new[] { (role.Allow, "spec.allow"), (role.Deny, "spec.deny") })
                if (cond.HasAppResourceRules && version != RoleVersions.V9)
                    throw new TeleportInputException("InvalidResource", AppResourceRules.NeedsV9Message(path, version), cond.AppResourcesLocation ?? map.Location);
            return role;
        }

        private static RoleConditions ReadConditions(DocMap? side, string path)
        {
            var c = new RoleConditions();
            if (side == null) return c;
            c.AppLabels = ResourceReader.ReadSelector(side, "app_labels", path + ".app_labels");
            c.AppLabelsExpression = ResourceReader.ReadString(side, "app_labels_expression", path + ".app_labels_expression");
            c.AppLabelsExpressionLocation = side.Get("app_labels_expression")?.Location;
            c.Namespaces = ResourceReader.ReadStringList(side, "namespaces", path + ".namespaces");
            c.AppResources = ReadAppResources(side, path + ".app_resources", out var at);
            c.AppResourcesLocation = at;
            c.AppResourcesExpressions = ResourceReader.ReadStringList(side, "app_resources_expressions", path + ".app_resources_expressions");
            if (c.AppResourcesExpressions != null && c.AppResourcesLocation == null) c.AppResourcesLocation = side.Get("app_resources_expressions")?.Location;
            var mcp = side["mcp"];
            if (mcp is DocMap mcpMap)
            {
                c.HasMcpBlock = true;
                c.McpTools = ResourceReader.ReadStringList(mcpMap, "tools", path + ".mcp.tools", c.McpToolLocations);
            }
            else if (mcp != null && !(mcp is DocScalar s && s.IsNull))
            {
                throw new TeleportInputException("InvalidResource", path + ".mcp must be a mapping with a 'tools' list, found " + ResourceReader.Describe(mcp), mcp.Location);
            }
            return c;
        }

        // Each rule as the fields it sets: a field at its zero value (false, "", an empty list) is unset, as protobuf sends
        // it (api/types/appresources.go IsAllowAllOnly reads the fields that way).
        private static List<string>? ReadAppResources(DocMap side, string path, out SourceLocation? at)
        {
            var n = side.Get("app_resources");
            at = n?.Location;
            if (n == null || (n is DocScalar ns && ns.IsNull)) return null;
            if (!(n is DocList list)) throw new TeleportInputException("InvalidResource", path + " must be a list of rules, found " + ResourceReader.Describe(n), n.Location);
            var rules = new List<string>(list.Items.Count);
            for (int i = 0; i < list.Items.Count; i++)
            {
                var item = list.Items[i];
                if (item is DocScalar empty && empty.IsNull) { rules.Add(""); continue; }
                if (!(item is DocMap rule)) throw new TeleportInputException("InvalidResource", path + "[" + i + "] must be a mapping, found " + ResourceReader.Describe(item), item.Location);
                var set = new List<string>();
                foreach (var kv in rule.Entries)
                {
                    if (kv.Key == AppResourceRules.AllowAll)
                    {
                        if (AppReader.ReadBool(rule, kv.Key, path + "[" + i + "]." + kv.Key)) set.Add(kv.Key);
                        continue;
                    }
                    if (!IsZero(kv.Value)) set.Add(kv.Key);
                }
                rules.Add(string.Join(",", set));
            }
            return rules;
        }

        private static bool IsZero(DocNode node) => node switch
        {
            DocScalar s => s.IsNull || s.Value == "" || (!s.IsQuoted && (s.Value == "false" || s.Value == "0")),
            DocList l => l.Items.Count == 0,
            DocMap m => m.Entries.Count == 0,
            _ => false,
        };
    }

    /// <summary>
    /// Role v9's app_resources as Teleport master reads them (RFD 0303, PR #68736, aimed at v19.0.0). Only the
    /// allow-everything rule is enforced so far: api/types/appresources.go @817d99e6 AppResourcesAllowAll.
    /// </summary>
    public static class AppResourceRules
    {
        /// <summary>The field of the allow-everything rule (tctl's test reads `- allow_all: true`, lib/tctl test @56850292370).</summary>
        public const string AllowAll = "allow_all";

        /// <summary>
        /// api/types/appresources.go @817d99e6: a role's rules grant unrestricted app access only as one allow rule that
        /// sets allow_all and nothing else, with no deny-side rule. The newest agent (lib/srv/app/appresources.go,
        /// decideMinimalV9) also refuses a role that sets app_resources_expressions.
        /// </summary>
        public static bool IsPureAllowAll(RoleConditions allow, RoleConditions deny) =>
            allow.AppResources != null && allow.AppResources.Count == 1 && allow.AppResources[0] == AllowAll &&
            (allow.AppResourcesExpressions == null || allow.AppResourcesExpressions.Count == 0) && !deny.HasAppResourceRules;

        /// <summary>
        /// api/types/role.go CheckAndSetDefaults refuses app_resources and app_resources_expressions below v9, on
        /// either side (api/types/appresources_test.go @07f66a7c: the error contains "requires role version").
        /// </summary>
        public static string NeedsV9Message(string path, string version) =>
            path + ".app_resources and " + path + ".app_resources_expressions need role version " + GoText.Quote(RoleVersions.V9) + ", not " + GoText.Quote(version) +
            "; Teleport refuses the role (its error says the fields require role version v9)";
    }

    internal static class UserReader
    {
        public static User Read(DocMap map, List<ResourceReadItem> diagnostics)
        {
            string version = ResourceReader.ReadVersionAndName(map, "user", "v2", noneExpected: false, "UnexpectedUserVersion", diagnostics, out string name, out var metadata);
            var spec = map["spec"] as DocMap;
            var user = new User
            {
                Name = name,
                Version = version,
                Location = map.Location,
                LabelMap = ResourceReader.ReadMetadataLabels(metadata),
                Roles = ResourceReader.ReadStringList(spec, "roles", "spec.roles") ?? new List<string>(),
            };
            var traits = spec?["traits"];
            if (traits is DocMap tm)
            {
                foreach (var kv in tm.Entries)
                {
                    List<string> values;
                    switch (kv.Value)
                    {
                        case DocList _:
                            values = ResourceReader.ReadStringList(tm, kv.Key, "spec.traits." + kv.Key)!; // a list node always reads as a list
                            break;
                        case DocScalar s when s.IsNull:
                            values = new List<string>();
                            break;
                        default:
                            throw new TeleportInputException("InvalidResource", "spec.traits." + kv.Key + " must be a list of strings, found " + ResourceReader.Describe(kv.Value), kv.Value.Location);
                    }
                    user.SetTrait(kv.Key, values);
                }
            }
            else if (traits != null && !(traits is DocScalar ts && ts.IsNull))
            {
                throw new TeleportInputException("InvalidResource", "spec.traits must be a mapping of trait to values, found " + ResourceReader.Describe(traits), traits.Location);
            }
            return user;
        }
    }

    internal static class AppReader
    {
        public static App ReadAppResource(DocMap map, List<ResourceReadItem> diagnostics)
        {
            string version = ResourceReader.ReadVersionAndName(map, "app", "v3", noneExpected: true, "UnexpectedAppVersion", diagnostics, out string name, out var metadata);
            var spec = map["spec"] as DocMap;
            var app = new App
            {
                Name = name,
                Version = version,
                Location = map.Location,
                LabelMap = ResourceReader.ReadMetadataLabels(metadata),
                Description = ResourceReader.ReadString(metadata, "description", "metadata.description"),
                Uri = ResourceReader.ReadString(spec, "uri", "spec.uri") ?? "",
                PublicAddr = ResourceReader.ReadString(spec, "public_addr", "spec.public_addr"),
                Origin = AppOrigin.App,
            };
            if (spec?["dynamic_labels"] is DocMap dyn)
            {
                LabelKeys.Check(dyn, name);
                foreach (var kv in dyn.Entries)
                {
                    var cmd = ResourceReader.ReadStringList(kv.Value as DocMap, "command", "spec.dynamic_labels." + kv.Key + ".command");
                    app.DynamicLabelMap[kv.Key] = cmd == null ? "" : string.Join(" ", cmd);
                    // api/types/app.go GetLabel: the current result (tctl get apps/app_servers carries it) wins.
                    if ((kv.Value as DocMap)?.Get("result") is DocScalar res && !res.IsNull)
                        app.DynamicLabelResultMap[kv.Key] = ResourceReader.ReadString(kv.Value as DocMap, "result", "spec.dynamic_labels." + kv.Key + ".result") ?? "";
                }
            }
            ReadMcp(spec?["mcp"], app, "spec.mcp");
            // lib/appresource/app_test.go @8ed6a8e4 TestGovernsApp: types.NewAppV3 takes an app with spec.llm and no URI.
            app.HasLlmSpec = spec?["llm"] is DocMap;
            app.Rewrite = ReadRewrite(spec?["rewrite"], "spec.rewrite");
            app.InsecureSkipVerify = ReadBool(spec, "insecure_skip_verify", "spec.insecure_skip_verify");
            if (spec?["tls"] is DocMap tls)
            {
                app.TlsMode = ResourceReader.ReadString(tls, "mode", "spec.tls.mode") ?? "";
                app.TlsServerName = ResourceReader.ReadString(tls, "server_name", "spec.tls.server_name");
                app.TlsServerSpiffeId = ResourceReader.ReadString(tls, "server_spiffe_id", "spec.tls.server_spiffe_id");
                app.TlsAllowedCas = ResourceReader.ReadStringList(tls, "allowed_cas", "spec.tls.allowed_cas");
                app.TlsClientCertMode = ResourceReader.ReadString(tls, "client_cert_mode", "spec.tls.client_cert_mode");
            }
            var perms = map["permissions"]?["mcp"]?["tools"] as DocMap;
            if (perms != null)
            {
                app.PermittedTools = ResourceReader.ReadStringList(perms, "allowed", "permissions.mcp.tools.allowed") ?? new List<string>();
                app.DeniedTools = ResourceReader.ReadStringList(perms, "denied", "permissions.mcp.tools.denied") ?? new List<string>();
            }
            app.Transport = McpTransportRules.FromUri(app.Uri, !string.IsNullOrEmpty(app.Command));
            return app;
        }

        internal static bool ReadBool(DocMap? map, string key, string path)
        {
            var n = map?.Get(key);
            if (n == null || (n is DocScalar ns && ns.IsNull)) return false;
            var b = (n as DocScalar)?.AsBool();
            if (b == null) throw new TeleportInputException("InvalidResource", path + " must be true or false, found " + ResourceReader.Describe(n), n.Location);
            return b.Value;
        }

        /// <summary>
        /// rewrite.headers in either shape (2:H2): "Name: value" strings (teleport.yaml) or {name, value} maps (the app
        /// resource); each entry keeps its own parse error so one bad entry does not hide the others.
        /// </summary>
        internal static AppRewrite? ReadRewrite(DocNode? node, string path)
        {
            if (node == null || (node is DocScalar s && s.IsNull)) return null;
            if (!(node is DocMap m)) throw new TeleportInputException("InvalidResource", path + " must be a mapping, found " + ResourceReader.Describe(node), node.Location);
            var rewrite = new AppRewrite
            {
                JwtClaims = ResourceReader.ReadString(m, "jwt_claims", path + ".jwt_claims") ?? "",
                JwtClaimsLocation = m.Get("jwt_claims")?.Location,
            };
            var headers = m.Get("headers");
            if (headers == null || (headers is DocScalar hs && hs.IsNull)) return rewrite;
            if (!(headers is DocList list)) throw new TeleportInputException("InvalidResource", path + ".headers must be a list, found " + ResourceReader.Describe(headers), headers.Location);
            foreach (var item in list.Items)
            {
                switch (item)
                {
                    case DocScalar str when !str.IsNull:
                        rewrite.Headers.Add(HeaderRules.ParseStringForm(str.Value, item.Location));
                        break;
                    case DocMap hm:
                    {
                        var name = ResourceReader.ReadString(hm, "name", path + ".headers[].name");
                        var value = ResourceReader.ReadString(hm, "value", path + ".headers[].value") ?? "";
                        rewrite.Headers.Add(HeaderRules.Check(new RewriteHeader(name ?? "", value) { Location = item.Location }));
                        break;
                    }
                    default:
                        throw new TeleportInputException("InvalidResource", path + ".headers entries must be \"Name: value\" strings or {name, value} mappings, found " + ResourceReader.Describe(item), item.Location);
                }
            }
            return rewrite;
        }

        internal static void ReadMcp(DocNode? mcp, App app, string path)
        {
            if (mcp == null || (mcp is DocScalar s && s.IsNull)) return;
            if (!(mcp is DocMap m)) throw new TeleportInputException("InvalidResource", path + " must be a mapping, found " + ResourceReader.Describe(mcp), mcp.Location);
            app.HasMcpSpec = true;
            app.Command = ResourceReader.ReadString(m, "command", path + ".command");
            app.Args = ResourceReader.ReadStringList(m, "args", path + ".args") ?? new List<string>();
            app.RunAsHostUser = ResourceReader.ReadString(m, "run_as_host_user", path + ".run_as_host_user");
        }
    }

    /// <summary>teleport.yaml: the App Service's apps and the built-in demo MCP server.</summary>
    internal static class TeleportConfigReader
    {
        // lib/srv/mcp/demo.go, reference.mdx: the demo server's name, URI and label.
        public const string DemoAppName = "teleport-mcp-demo";
        public const string DemoAppUri = "mcp+stdio://teleport-mcp-demo";
        public const string DemoLabelKey = "teleport.internal/resource-type";
        public const string DemoLabelValue = "demo";

        private const int MaxRefusalsNamed = 10;

        private static readonly string[] ConfigKeys = { "teleport", "app_service", "auth_service", "proxy_service", "ssh_service", "db_service", "kubernetes_service", "windows_desktop_service" };

        public static bool LooksLikeConfig(DocMap map)
        {
            foreach (var k in ConfigKeys) if (map.ContainsKey(k)) return true;
            return false;
        }

        public static void ReadApps(DocMap config, List<ResourceReadItem> items)
        {
            // Merged mappings ('<<') and the keys beside them decode into Teleport's structs in turn, not as one replacing the other.
            var refused = new List<ConfigDecodeRefusal>();
            config = (DocMap)ConfigFieldShape.FileConfig.Decode(config, refused);
            if (refused.Count > 0)
            {
                // lib/config/fileconf.go ReadConfig: yaml.UnmarshalStrict fails, so Teleport does not start with the file.
                foreach (var r in refused.Take(MaxRefusalsNamed))
                    items.Add(ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, r.Code,
                        r.Text + ": Teleport reads its configuration strictly and refuses to start with it (\"failed parsing the config file\"), so none of its apps is served. The configuration was not read.",
                        r.Location) { RecommendedAction = "Write the value once (without the merge) in teleport.yaml and restart Teleport." }));
                return;
            }
            var appService = config["app_service"] as DocMap;
            if (appService == null)
            {
                items.Add(ResourceReader.Diag(DiagnosticLevel.Verbose, "NoAppService", "teleport.yaml has no app_service section: no apps to read", config.Location));
                return;
            }
            bool enabled = ReadServiceEnabled(appService, items);
            var agent = ReadAgent(config, appService, enabled, items);

            if (appService["apps"] is DocList apps)
            {
                foreach (var entry in apps.Items)
                {
                    try
                    {
                        if (!(entry is DocMap a)) throw ResourceReader.Invalid(entry, "app_service.apps entries must be mappings, found " + ResourceReader.Describe(entry));
                        var app = ReadConfigApp(a);
                        agent.StaticApps.Add(app.Name!); // ReadConfigApp refuses an app without a name
                        items.Add(ResourceReadItem.Of(app));
                        var refusal = StaticAppRules.StartupRefusal(app, out var at, out bool atServiceStart);
                        if (refusal != null) RefuseStart(agent, refusal, at, items, atServiceStart);
                        else if (StaticAppRules.TakesLlmUri(app))
                            items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, StaticAppRules.LlmEntryCode, StaticAppRules.LlmEntryText(app.Name!), a.Location));
                    }
                    catch (TeleportInputException e)
                    {
                        items.Add(ResourceReader.Diag(DiagnosticLevel.Error, e.Code, e.Detail, e.Location));
                        // Read without throwing: a name of the wrong kind is the error just reported.
                        if (entry is DocMap unnamed && (unnamed["name"] == null || unnamed["name"] is DocScalar n && string.IsNullOrEmpty(n.Value)))
                        {
                            // Teleport parses the headers before it asks for the name (applyAppsConfig).
                            var header = UnnamedEntryHeader(unnamed);
                            if (header != null) RefuseStart(agent, StaticAppRules.UnparsedHeader("", header.ParseError!), header.Location ?? entry.Location, items);
                            else RefuseStart(agent, "missing application name", entry.Location, null);
                        }
                    }
                }
            }
            if ((appService["mcp_demo_server"] as DocScalar)?.AsBool() == true)
            {
                var demo = new App
                {
                    Name = DemoAppName,
                    Version = "v3",
                    Uri = DemoAppUri,
                    Transport = McpTransport.Stdio,
                    Origin = AppOrigin.McpDemoServer,
                    Description = "Teleport's built-in demo MCP server",
                    Location = appService["mcp_demo_server"]?.Location,
                };
                demo.LabelMap[DemoLabelKey] = DemoLabelValue;
                agent.StaticApps.Add(demo.Name);
                items.Add(ResourceReadItem.Of(demo));
            }
            items.Add(ResourceReadItem.Of(agent));
        }

        // lib/config/fileconf.go Service.Enabled: "enabled" is a string; unset it is the service's default, which
        // CheckAndSetDefaults turns on for auth, proxy, ssh and debug only; a value api/utils ParseBool does not know is off.
        private static bool ReadServiceEnabled(DocMap appService, List<ResourceReadItem> items)
        {
            var node = appService["enabled"];
            if (node != null && !(node is DocScalar))
            {
                items.Add(ResourceReader.Diag(DiagnosticLevel.Error, "InvalidResource",
                    "app_service.enabled must be yes or no, found " + ResourceReader.Describe(node) + ": Teleport refuses a configuration with it, so none of these apps is served", node.Location));
                return false;
            }
            string flag = (node as DocScalar)?.Value ?? "";
            if (flag.Length == 0)
            {
                items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, "AppServiceNotEnabled",
                    "app_service does not say 'enabled: yes': Teleport's App Service is off unless it is enabled (only the auth, proxy and ssh services are on by default), so it serves none of these apps",
                    node?.Location ?? appService.Location));
                return false;
            }
            switch (flag.ToLowerInvariant())
            {
                case "yes": case "yeah": case "y": case "true": case "1": case "on":
                    return true;
                case "no": case "nope": case "n": case "false": case "0": case "off":
                    items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, "AppServiceDisabled", "app_service.enabled is " + flag + ": Teleport serves none of these apps", node!.Location));
                    return false;
                default:
                    items.Add(ResourceReader.Diag(DiagnosticLevel.Warning, "AppServiceDisabled",
                        "app_service.enabled is " + GoText.Quote(flag) + ", which Teleport reads as neither yes nor no and so as off: it serves none of these apps", node!.Location));
                    return false;
            }
        }

        // lib/config/fileconf.go: app_service.resources is a list of {labels: map of key to string or list}; the host
        // name is teleport.nodename (the OS host name when unset, which a file alone cannot tell: the folder name stands in).
        private static AppServiceAgent ReadAgent(DocMap config, DocMap appService, bool enabled, List<ResourceReadItem> items)
        {
            var agent = new AppServiceAgent { Enabled = enabled, Version = "v3", Location = appService.Location };
            string? nodename = ResourceReader.ReadString(config["teleport"] as DocMap, "nodename", "teleport.nodename");
            if (!string.IsNullOrEmpty(nodename))
            {
                agent.HostName = nodename;
                agent.HostNameSource = "teleport.nodename";
            }
            else
            {
                agent.HostName = FolderName(config.Location?.Path);
                agent.HostNameSource = "folder";
            }
            ReadTargetHostPolicy(agent, appService, items);
            var resources = appService["resources"];
            if (resources is DocList list)
            {
                for (int i = 0; i < list.Items.Count; i++)
                {
                    var entry = list.Items[i];
                    try
                    {
                        if (!(entry is DocMap m)) throw ResourceReader.Invalid(entry, "app_service.resources entries must be mappings, found " + ResourceReader.Describe(entry));
                        agent.ResourceSelectors.Add(new ResourceSelectorEntry(i, ResourceReader.ReadSelector(m, "labels", "app_service.resources[" + i + "].labels"), m.Location));
                        // lib/config/configuration.go applyAppsConfig: trace.NotImplemented, and Teleport does not start.
                        if (!string.IsNullOrEmpty(ResourceReader.ReadString(m["aws"] as DocMap, "assume_role_arn", "app_service.resources[" + i + "].aws.assume_role_arn")))
                            RefuseStart(agent, "assume_role_arn is not supported for app resource matchers", m["aws"]?.Location ?? m.Location, items);
                    }
                    catch (TeleportInputException e)
                    {
                        items.Add(ResourceReader.Diag(DiagnosticLevel.Error, e.Code, e.Detail, e.Location));
                    }
                }
            }
            else if (resources != null && !(resources is DocScalar rs && rs.IsNull))
            {
                items.Add(ResourceReader.Diag(DiagnosticLevel.Error, "InvalidResource", "app_service.resources must be a list, found " + ResourceReader.Describe(resources), resources.Location));
            }
            return agent;
        }

        // lib/config/fileconf.go Apps.AllowedHosts/DeniedHosts, lib/config/configuration.go applyAppsConfig,
        // lib/service/servicecfg/app.go ParseTargetHostPrefixes: a bad list stops the App Service.
        private static void ReadTargetHostPolicy(AppServiceAgent agent, DocMap appService, List<ResourceReadItem> items)
        {
            List<string>? allowed, denied;
            var allowedAt = new List<SourceLocation>();
            var deniedAt = new List<SourceLocation>();
            try
            {
                allowed = ResourceReader.ReadStringList(appService, "allowed_hosts", "app_service.allowed_hosts", allowedAt);
                denied = ResourceReader.ReadStringList(appService, "denied_hosts", "app_service.denied_hosts", deniedAt);
            }
            catch (TeleportInputException e)
            {
                items.Add(ResourceReader.Diag(DiagnosticLevel.Error, e.Code, e.Detail, e.Location));
                RefuseStart(agent, e.Detail, e.Location, null);
                return;
            }
            agent.AllowedHosts = allowed?.ToArray();
            agent.DeniedHosts = denied?.ToArray();
            agent.TargetPolicy = TargetHostPolicy.Parse(allowed, denied, out var error, out int list, out int index);
            if (error == null) return;
            var at = list == 0 ? allowedAt : deniedAt;
            var location = index >= 0 && index < at.Count ? at[index] : appService[list == 0 ? "allowed_hosts" : "denied_hosts"]?.Location ?? appService.Location;
            RefuseStart(agent, error, location, items);
        }

        // The first rewrite.headers entry Teleport cannot parse in an entry without a name. A rewrite block of another shape
        // gives none: go-yaml's strict decoding (fileconf.go ReadConfig) refuses that file before any header is parsed.
        private static RewriteHeader? UnnamedEntryHeader(DocMap entry)
        {
            try
            {
                return StaticAppRules.FirstUnparsedHeader(new App { Rewrite = AppReader.ReadRewrite(entry["rewrite"], "rewrite") });
            }
            catch (TeleportInputException)
            {
                return null;
            }
        }

        // lib/config/configuration.go applyAppsConfig returns the first error and 'teleport start' ends with it; the App
        // Service's types.NewAppV3 of a static app ends that service the same way. The first refusal is the one Teleport shows.
        // teleport start reads every entry (applyAppsConfig) before the App Service builds any (initApps), so a refusal of
        // the file's reading is the one shown even when an earlier entry would end the App Service.
        private static void RefuseStart(AppServiceAgent agent, string error, SourceLocation? location, List<ResourceReadItem>? items, bool atServiceStart = false)
        {
            if (!agent.Enabled) return; // applyAppsConfig runs only for an enabled app_service
            if (agent.StartupError == null || (agent.StartupErrorAtServiceStart && !atServiceStart))
            {
                agent.StartupError = error;
                agent.StartupErrorLocation = location;
                agent.StartupErrorAtServiceStart = atServiceStart;
            }
            items?.Add(ResourceReader.Diag(DiagnosticLevel.Error, "InvalidResource",
                error + ": Teleport does not start the App Service with this teleport.yaml, so host " + agent.HostName + " serves none of its apps", location));
        }

        private static string FolderName(string? path)
        {
            if (string.IsNullOrEmpty(path) || path == SourceLocation.Pipeline) return "(unknown host)";
            string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            string? name = string.IsNullOrEmpty(dir) ? null : System.IO.Path.GetFileName(dir.TrimEnd('/', '\\'));
            return name == null || name.Length == 0 ? "(unknown host)" : name;
        }

        private static App ReadConfigApp(DocMap a)
        {
            string? name = ResourceReader.ReadString(a, "name", "app_service.apps[].name");
            if (string.IsNullOrEmpty(name)) throw ResourceReader.Invalid(a, "app_service.apps entry has no name");
            var app = new App
            {
                Name = name,
                Version = "v3",
                Location = a.Location,
                Origin = AppOrigin.TeleportYaml,
                Uri = ResourceReader.ReadString(a, "uri", "uri") ?? "",
                Description = ResourceReader.ReadString(a, "description", "description"),
                PublicAddr = ResourceReader.ReadString(a, "public_addr", "public_addr"),
                LabelMap = ResourceReader.ReadStringMap(a, "labels", "labels"),
            };
            // lib/service/service.go initApps builds the App Service's app with types.NewAppV3(Metadata{Labels: labels},
            // AppSpecV3{DynamicLabels: commands by name}); api/types/app.go AppV3.CheckAndSetDefaults refuses a key outside
            // IsValidLabelKey, the static labels first (Metadata.CheckAndSetDefaults), and that error ends the App Service.
            // Each check ranges over a Go map (Metadata.Labels, then Spec.DynamicLabels built from commands by name): with
            // several refused keys in one, Teleport names any one of them (LabelKeys.Refusal lists them all).
            app.LabelKeyRefusal = LabelKeys.Refused(a["labels"] as DocMap);
            var refused = new List<KeyValuePair<string, SourceLocation?>>();
            if (a["commands"] is DocList cmds)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in cmds.Items)
                {
                    if (!(c is DocMap cm)) continue;
                    // lib/config/fileconf.go CommandLabel.Name is a string: an entry without one is the label "" to Teleport.
                    var labelName = ResourceReader.ReadString(cm, "name", "commands[].name") ?? "";
                    // Two commands of one name are one key of the map (the later one's command kept), named once here.
                    if (!LabelKeys.IsValid(labelName) && seen.Add(labelName))
                        refused.Add(new KeyValuePair<string, SourceLocation?>(labelName, cm["name"]?.Location ?? cm.Location));
                    if (labelName.Length == 0) continue;
                    var command = ResourceReader.ReadStringList(cm, "command", "commands[].command");
                    app.DynamicLabelMap[labelName] = command == null ? "" : string.Join(" ", command);
                }
            }
            app.LabelKeyRefusal ??= LabelKeys.Refusal(refused, name);
            AppReader.ReadMcp(a["mcp"], app, "mcp");
            app.HasLlmSpec = a["llm"] is DocMap;
            app.Rewrite = AppReader.ReadRewrite(a["rewrite"], "rewrite");
            app.InsecureSkipVerify = AppReader.ReadBool(a, "insecure_skip_verify", "insecure_skip_verify");
            // lib/service/servicecfg/app.go App.CheckAndSetDefaults: an entry without a URI for a cloud ("cloud: AWS") gets cloud://<cloud>.
            var cloud = ResourceReader.ReadString(a, "cloud", "cloud");
            app.Cloud = cloud;
            app.CloudLocation = a["cloud"]?.Location;
            if (app.Uri.Length == 0 && !string.IsNullOrEmpty(cloud)) app.Uri = "cloud://" + cloud;
            app.Transport = McpTransportRules.FromUri(app.Uri, !string.IsNullOrEmpty(app.Command));
            return app;
        }
    }
}
