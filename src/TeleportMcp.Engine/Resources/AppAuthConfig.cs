using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp
{
    /// <summary>Where an app_auth_config takes the keys that sign the tokens it accepts (the proto's oneof keys_source).</summary>
    public enum AppAuthKeySource
    {
        /// <summary>Neither jwks_url nor static_jwks: Teleport refuses the resource.</summary>
        None = 0,
        /// <summary>spec.jwt.jwks_url: fetched on every token check.</summary>
        JwksUrl,
        /// <summary>spec.jwt.static_jwks: the key set written into the resource.</summary>
        StaticJwks,
    }

    /// <summary>One entry of spec.app_labels (teleport.label.v1.Label): a label name and the values it accepts.</summary>
    public sealed class AppAuthLabel
    {
        public AppAuthLabel(string name, IEnumerable<string> values)
        {
            Name = name ?? "";
            Values = (values ?? Enumerable.Empty<string>()).ToList();
        }

        public string Name { get; }
        public List<string> Values { get; }

        internal SourceLocation? Location { get; set; }

        public override string ToString() => Name + ": " + (Values.Count == 1 ? Values[0] : "[" + string.Join(", ", Values) + "]");
    }

    /// <summary>
    /// A Teleport app_auth_config (teleport.appauthconfig.v1.AppAuthConfig): lets a remote MCP client present a JWT from
    /// another issuer instead of a Teleport certificate, for the apps its app_labels select. Type name TeleportMcp.AppAuthConfig.
    /// </summary>
    public sealed class AppAuthConfig : TeleportResource
    {
        /// <summary>The claim Teleport reads the user name from when username_claim is empty (sessions_service.go defaultUsernameClaim).</summary>
        public const string DefaultUsernameClaim = "email";

        internal override string Kind => Engine.Resources.AppAuthConfigRules.Kind;

        public string? SubKind { get; set; }

        /// <summary>Whether the resource has metadata and spec at all (Teleport names their absence apart from empty fields).</summary>
        internal bool HasMetadata { get; set; } = true;
        internal bool HasSpec { get; set; } = true;

        /// <summary>spec.app_labels in the order written.</summary>
        public List<AppAuthLabel> AppLabels { get; set; } = new List<AppAuthLabel>();

        /// <summary>Whether spec.jwt is set: the only sub-kind spec Teleport has.</summary>
        public bool HasJwtSpec { get; set; }

        public string? Issuer { get; set; }
        public string? Audience { get; set; }

        /// <summary>spec.jwt.username_claim as written; null when not set.</summary>
        public string? UsernameClaim { get; set; }

        /// <summary>The claim whose value names the Teleport user: username_claim, or email when it is empty.</summary>
        public string UsernameClaimInEffect => string.IsNullOrEmpty(UsernameClaim) ? DefaultUsernameClaim : UsernameClaim!;

        public string? JwksUrl { get; set; }

        /// <summary>
        /// spec.jwt.static_jwks as written. Kept off the output: a key set pasted into a resource may carry private
        /// parts, and the module shows no key material (HasStaticJwks says whether it is there).
        /// </summary>
        internal string? StaticJwksText { get; set; }

        public bool HasStaticJwks => StaticJwksText != null;

        /// <summary>The key source written (the reader refuses both, as tctl does).</summary>
        public AppAuthKeySource KeySource { get; set; }

        /// <summary>AppAuthConfigRules.Checks of this config, kept with the key source they were made from.</summary>
        internal AppAuthConfigChecks? Checks { get; set; }

        /// <summary>Where each field was written, by its path (spec.jwt.issuer): a finding points at the field.</summary>
        internal Dictionary<string, SourceLocation> FieldLocations { get; } = new Dictionary<string, SourceLocation>(System.StringComparer.Ordinal);

        /// <summary>Where <paramref name="path"/> was written; when it was not, where the nearest field holding it was, else the resource.</summary>
        internal SourceLocation? At(string path)
        {
            for (var p = path; p.Length > 0; p = p.Substring(0, System.Math.Max(0, p.LastIndexOfAny(new[] { '.', '[' }))))
                if (FieldLocations.TryGetValue(p, out var at)) return at;
            return Location;
        }
    }
}
