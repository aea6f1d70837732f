using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// What Teleport refuses in an app_service.apps entry of teleport.yaml: lib/config/configuration.go applyAppsConfig
    /// parses each entry's rewrite.headers (servicecfg.ParseHeaders), then runs servicecfg App.CheckAndSetDefaults, and
    /// stops Teleport's start on the first error; the App Service builds each entry with types.NewAppV3, whose MCP checks
    /// (api/types/app.go checkMCPStdio) end its start too.
    /// </summary>
    public static class StaticAppRules
    {
        // k8s.io/apimachinery validation.IsDNS1035Label: a lower-case letter, then letters, digits or '-', ending in a letter or digit; 63 at most.
        private static readonly Regex Dns1035Label = new Regex(@"\A[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        private static readonly Regex DottedQuad = new Regex(@"\A(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        // api/types/app.go (fork @77295d71) checkMCPStdio, the texts of 2:A4 / first sheet A4.
        public static string MissingMcpSpec(string name) => "MCP server " + GoText.Quote(name) + " is missing 'mcp' spec";
        public static string MissingCommand(string name) => "MCP server " + GoText.Quote(name) + " is missing 'command' which specifies the executable to launch the MCP server. Arguments should be specified through the 'args' field";
        public static string MissingRunAsHostUser(string name) => "MCP server " + GoText.Quote(name) + " is missing 'run_as_host_user' which specifies a valid host user to execute the command";

        /// <summary>
        /// Teleport's error for this static app, in the order Teleport checks, or null when Teleport starts with it;
        /// <paramref name="at"/> is where the error lies: the header entry for a header Teleport cannot parse, else the app.
        /// </summary>
        public static string? StartupRefusal(App app, out SourceLocation? at) => StartupRefusal(app, out at, out _);

        /// <summary>
        /// As <see cref="StartupRefusal(App, out SourceLocation?)"/>; <paramref name="atServiceStart"/> says the refusal is the
        /// App Service's (types.NewAppV3 when it starts), not teleport start's reading of the file (applyAppsConfig), which
        /// checks every entry before the App Service builds any.
        /// </summary>
        public static string? StartupRefusal(App app, out SourceLocation? at, out bool atServiceStart)
        {
            atServiceStart = false;
            var refusal = ConfigRefusal(app, out at);
            if (refusal != null) return refusal;
            atServiceStart = true;
            return ServiceRefusal(app, out at);
        }

        // lib/config/configuration.go applyAppsConfig: ParseHeaders, then lib/service/servicecfg/app.go App.CheckAndSetDefaults.
        private static string? ConfigRefusal(App app, out SourceLocation? at)
        {
            string name = app.Name ?? "";
            at = app.Location;
            var unparsed = FirstUnparsedHeader(app);
            if (unparsed != null)
            {
                at = unparsed.Location ?? app.Location;
                return UnparsedHeader(name, unparsed.ParseError!);
            }
            // lib/service/servicecfg/app.go App.CheckAndSetDefaults.
            if (name.Length == 0) return "missing application name";
            if (string.IsNullOrEmpty(app.Uri) && !(app.HasMcpSpec && !string.IsNullOrEmpty(app.Command)) && !app.HasLlmSpec)
                return "missing application " + GoText.Quote(name) + " URI";
            if (!Dns1035Label.IsMatch(name))
                return "application name " + GoText.Quote(name) + " must be a lower case valid DNS subdomain: https://goteleport.com/docs/enroll-resources/application-access/guides/connecting-apps/#application-name";
            // The URI as the defaults left it (an MCP command without one is mcp+stdio://, which parses).
            // Go's error quotes the URI: a huge one is cut from its pieces, not copied.
            var uriError = string.IsNullOrEmpty(app.Uri) ? null : GoUrl.ParseErrorText(app.Uri);
            if (uriError != null) return ListText.Message("application " + GoText.Quote(name) + " URI invalid: " + uriError);
            string publicAddr = app.PublicAddr ?? "";
            if (publicAddr.Length > 0)
            {
                if (HasPort(publicAddr))
                    return "application " + GoText.Quote(name) + " public_addr " + GoText.Quote(publicAddr) + " can not contain a port, applications will be available on the same port as the web proxy";
                if (IsIp(publicAddr))
                    return "application " + GoText.Quote(name) + " public_addr " + GoText.Quote(publicAddr) + " can not be an IP address, Teleport Application Access uses DNS names for routing";
            }
            if (app.Rewrite != null)
                foreach (var h in app.Rewrite.Headers)
                    if (HeaderRules.IsReserved(h.Name))
                        return ReservedHeader(name, h.Name ?? "");
            return null;
        }

        // lib/service/service.go initApps: types.NewAppV3 of each static app when the App Service starts; its error ends that service.
        private static string? ServiceRefusal(App app, out SourceLocation? at)
        {
            string name = app.Name ?? "";
            at = app.Location;
            // api/types/app.go AppV3.CheckAndSetDefaults (search-index id 127154666) runs Metadata.CheckAndSetDefaults first
            // (labels: "invalid label key: %q"), then checks spec.dynamic_labels (teleport.yaml commands[].name).
            if (app.LabelKeyRefusal != null)
            {
                at = app.LabelKeyRefusal.Location ?? app.Location;
                return app.LabelKeyRefusal.Detail;
            }
            // Same function, after the URI: spec.cloud is empty or one of api/types constants.go CloudAWS, CloudAzure, CloudGCP.
            if (Array.IndexOf(CloudValues, app.Cloud ?? "") < 0)
            {
                at = app.CloudLocation ?? app.Location;
                return "app " + GoText.Quote(name) + " has unexpected Cloud value " + GoText.Quote(app.Cloud);
            }
            // api/types/app.go AppV3.CheckAndSetDefaults: an empty URI with an MCP command is mcp+stdio://.
            if (app.Transport == McpTransport.Stdio)
            {
                if (!app.HasMcpSpec) return MissingMcpSpec(name);
                if (string.IsNullOrEmpty(app.Command)) return MissingCommand(name);
                if (string.IsNullOrEmpty(app.RunAsHostUser)) return MissingRunAsHostUser(name);
            }
            // The same types.NewAppV3 (AppV3.CheckAndSetDefaults) refuses a jwt_claims value it does not know.
            if (app.Rewrite != null && !IsJwtClaimsValue(app.Rewrite.JwtClaims))
            {
                at = app.Rewrite.JwtClaimsLocation ?? app.Location;
                return "app " + GoText.Quote(name) + " has unexpected JWT rewrite value " + GoText.Quote(app.Rewrite.JwtClaims);
            }
            return null;
        }

        /// <summary>A teleport.yaml entry without a URI that servicecfg gives the LLM endpoint scheme (an llm block, no MCP command).</summary>
        public const string LlmEntryCode = "LlmAppEntry";

        // lib/service/servicecfg/app.go @0adf5ba0 App.CheckAndSetDefaults: without a URI, a cloud app gets cloud://<cloud>, an
        // MCP command mcp+stdio://, an LLM block types.SchemeLLMEndpoint + "://" (the constant's text is not in the stored source).
        public static bool TakesLlmUri(App app) =>
            app.HasLlmSpec && string.IsNullOrEmpty(app.Uri) && !(app.HasMcpSpec && !string.IsNullOrEmpty(app.Command));

        // The file's key for that block is not in the stored lib/config/fileconf.go, which Teleport reads strictly: a key it
        // does not know stops its start.
        public static string LlmEntryText(string name) =>
            "application " + GoText.Quote(name) + " has no uri and an llm block: Teleport gives such an app the LLM endpoint scheme as its URI (lib/service/servicecfg/app.go) and serves it as an LLM app, not an MCP server, " +
            "provided this release's teleport.yaml reader knows the llm key (the stored lib/config/fileconf.go does not show it; a key it does not know stops Teleport's start)";

        // api/types/constants.go CloudAWS, CloudAzure, CloudGCP (search-index ids 2403678500, 41100142); empty is no cloud.
        private static readonly string[] CloudValues = { "", "AWS", "Azure", "GCP" };

        // api/types/app.go AppV3.CheckAndSetDefaults: rewrite.jwt_claims is empty (roles-and-traits) or one of these.
        private static readonly string[] JwtClaimsValues = { "", "roles-and-traits", "roles", "traits", "none" };

        public static bool IsJwtClaimsValue(string? value) => Array.IndexOf(JwtClaimsValues, value ?? "") >= 0;

        // lib/config/configuration.go applyAppsConfig (@82315e5b; fork @5bde6391 with MCP): ParseHeaders stops at the first entry
        // ParseHeader refuses, before CheckAndSetDefaults, and the error is wrapped with the app's name.
        public static RewriteHeader? FirstUnparsedHeader(App app) => app.Rewrite?.Headers.FirstOrDefault(h => h.ParseError != null);

        public static string UnparsedHeader(string app, string parseError) =>
            "failed to parse headers rewrite configuration for app " + GoText.Quote(app) + ": " + parseError;

        public static string ReservedHeader(string app, string header) =>
            "invalid application " + GoText.Quote(app) + " header rewrite configuration: header " + GoText.Quote(CanonicalHeaderKey(header)) + " is reserved and can't be rewritten";

        // Go net/http CanonicalHeaderKey: the first letter and each letter after '-' upper case, the rest lower case.
        private static string CanonicalHeaderKey(string name)
        {
            var chars = name.Trim().ToCharArray();
            bool upper = true;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c == ' ' || c > 127) return name.Trim();
                chars[i] = upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
                upper = c == '-';
            }
            return new string(chars);
        }

        // Go net.SplitHostPort succeeds: "host:port" with one colon, or "[host]:port".
        private static bool HasPort(string s)
        {
            if (s.StartsWith("[", StringComparison.Ordinal))
            {
                int close = s.IndexOf(']');
                return close > 0 && close + 1 < s.Length && s[close + 1] == ':' && s.IndexOf(']', close + 1) < 0 && s.IndexOf('[', 1) < 0;
            }
            int first = s.IndexOf(':');
            return first >= 0 && first == s.LastIndexOf(':') && s.IndexOf('[') < 0 && s.IndexOf(']') < 0;
        }

        // Go net.ParseIP: a dotted quad without leading zeros, or an IPv6 address without a zone.
        private static bool IsIp(string s)
        {
            if (DottedQuad.IsMatch(s))
            {
                foreach (var part in s.Split('.'))
                    if (int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255) return false;
                return true;
            }
            return s.IndexOf(':') >= 0 && s.IndexOf('%') < 0 && System.Net.IPAddress.TryParse(s, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
    }
}
