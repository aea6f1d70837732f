using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Reads kind: app_auth_config as tctl does (tool/tctl/common/resources/appauthconfig.go createAppAuthConfig:
    /// services.UnmarshalProtoResource with DisallowUnknown, that is protojson), then Teleport's create checks
    /// (<see cref="AppAuthConfigRules"/>): a config Teleport refuses is an error and is left out, one Teleport keeps but
    /// can never verify a token with is a warning.
    /// </summary>
    internal static class AppAuthConfigReader
    {
        // The proto's fields (api/proto/teleport/appauthconfig/v1/appauthconfig.proto, teleport/header/v1/metadata.proto,
        // teleport.label.v1.Label's name and values): protojson takes each by its proto name or its lowerCamel JSON name.
        private static readonly string[] s_top = { "kind", "sub_kind", "version", "metadata", "spec" };
        private static readonly string[] s_metadata = { "name", "namespace", "description", "labels", "expires", "id", "revision" };
        private static readonly string[] s_spec = { "app_labels", "jwt" };
        private static readonly string[] s_jwt = { "issuer", "audience", "username_claim", "jwks_url", "static_jwks" };
        private static readonly string[] s_label = { "name", "values" };

        private const string KeysSourceOneof = "teleport.appauthconfig.v1.AppAuthConfigJWTSpec.keys_source";

        /// <summary>The config, or null when Teleport refuses it (the error is in <paramref name="diagnostics"/>).</summary>
        /// <param name="json">Whether the document came as JSON: tctl passes its keys to protojson as written; YAML reaches it as JSON with sorted keys.</param>
        public static AppAuthConfig? Read(DocMap map, bool json, List<ResourceReadItem> diagnostics)
        {
            var config = new AppAuthConfig { Location = map.Location };
            var decode = FirstDecodeError(map, json, s_top, "");
            if (decode != null) return Refuse(config, decode.Value.Finding, diagnostics, decode.Value.At);

            config.SubKind = ReadField(map, config, "sub_kind", "sub_kind");
            config.Version = ReadField(map, config, "version", "version");
            var metadata = Get(map, "metadata");
            config.HasMetadata = metadata != null && !IsNull(metadata);
            if (metadata != null && !(metadata is DocMap) && !IsNull(metadata))
                throw ResourceReader.Invalid(metadata, "metadata must be a mapping, found " + ResourceReader.Describe(metadata));
            var meta = metadata as DocMap;
            config.Name = ReadField(meta, config, "name", "metadata.name");
            config.LabelMap = ResourceReader.ReadStringMap(meta, "labels", "metadata.labels");
            if (meta != null) Note(config, "metadata", meta);

            var specNode = Get(map, "spec");
            config.HasSpec = specNode != null && !IsNull(specNode);
            if (specNode != null && !(specNode is DocMap) && !IsNull(specNode))
                throw ResourceReader.Invalid(specNode, "spec must be a mapping, found " + ResourceReader.Describe(specNode));
            var spec = specNode as DocMap;
            if (spec != null) Note(config, "spec", spec);
            ReadLabels(spec, config);

            var jwtNode = spec == null ? null : Get(spec, "jwt");
            if (jwtNode != null && !(jwtNode is DocMap) && !IsNull(jwtNode))
                throw ResourceReader.Invalid(jwtNode, "spec.jwt must be a mapping, found " + ResourceReader.Describe(jwtNode));
            // protojson: a null message leaves the oneof unset.
            if (jwtNode is DocMap jwt)
            {
                config.HasJwtSpec = true;
                Note(config, "spec.jwt", jwt);
                config.Issuer = ReadField(jwt, config, "issuer", "spec.jwt.issuer");
                config.Audience = ReadField(jwt, config, "audience", "spec.jwt.audience");
                config.UsernameClaim = ReadField(jwt, config, "username_claim", "spec.jwt.username_claim");
                config.JwksUrl = ReadField(jwt, config, "jwks_url", "spec.jwt.jwks_url");
                config.StaticJwksText = ReadField(jwt, config, "static_jwks", "spec.jwt.static_jwks");
                // protojson: a null member leaves the oneof as the other member set it
                config.KeySource = IsSet(Get(jwt, "jwks_url")) ? AppAuthKeySource.JwksUrl : IsSet(Get(jwt, "static_jwks")) ? AppAuthKeySource.StaticJwks : AppAuthKeySource.None;
            }

            var refusal = AppAuthConfigRules.Refusal(config);
            if (refusal != null) return Refuse(config, refusal, diagnostics);
            var checks = AppAuthConfigRules.Checks(config);
            foreach (var finding in checks.NeverVerifies)
                diagnostics.Add(ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, AppAuthConfigRules.NeverVerifiesCode,
                    "app_auth_config " + GoText.Quote(config.Name) + ": Teleport accepts " + finding.Field + " as written, but fails every token check on it" +
                    (finding.IsTeleportText ? " with \"" + finding.Text + "\"" : ": " + finding.Text) +
                    (finding.Reason == null ? "" : " (" + finding.Reason + ")") + " (app_auth_config.verify.failure), so no client can sign in with this config", config.At(finding.Field)) { RecommendedAction = finding.Action }));
            foreach (var (code, finding) in checks.KeyWarnings)
                diagnostics.Add(ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Warning, code,
                    "app_auth_config " + GoText.Quote(config.Name) + ": " + (finding.IsTeleportText
                        ? "Teleport fails the token check with \"" + finding.Text + "\" (app_auth_config.verify.failure) " + finding.Reason
                        : finding.Field + ": " + finding.Text), config.At(finding.Field)) { RecommendedAction = finding.Action }));
            return config;
        }

        private static AppAuthConfig? Refuse(AppAuthConfig config, AppAuthConfigFinding finding, List<ResourceReadItem> diagnostics, SourceLocation? at = null)
        {
            diagnostics.Add(ResourceReadItem.Of(new ResourceDiagnostic(DiagnosticLevel.Error, AppAuthConfigRules.RefusedCode,
                "app_auth_config" + (string.IsNullOrEmpty(config.Name) ? "" : " " + GoText.Quote(config.Name)) + " is refused by Teleport" +
                (finding.IsTeleportText ? " (tctl create): \"" + finding.Text + "\"" : ": " + finding.Text) + "; it was left out",
                at ?? config.At(finding.Field)) { RecommendedAction = finding.Action }));
            return null;
        }

        /// <summary>
        /// The first error protojson's unmarshalMessage meets, in its order: it reads the keys in turn and a message field
        /// whole before the next key, and for each key refuses, in this order, a field the message does not have ("unknown
        /// field"), a field already read under either of its names ("duplicate field"), then, unless the value is null (which
        /// it skips), a second member of the keys_source oneof. Null when it reads the document.
        /// </summary>
        private static (AppAuthConfigFinding Finding, SourceLocation At)? FirstDecodeError(DocMap map, bool json, string[] known, string prefix)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool oneofSet = false;
            foreach (var e in Ordered(map, json))
            {
                var field = known.FirstOrDefault(k => e.Key == k || e.Key == Camel(k));
                if (field == null)
                    return (new AppAuthConfigFinding(prefix + e.Key, "unknown field " + GoText.Quote(e.Key),
                        "Remove " + prefix + e.Key + ": Teleport's app_auth_config has no such field" +
                        (e.Key == "authorization_header" ? " (RFD 0030e proposed it; the resource as built has none)" : "") + "."), e.Value.Location);
                if (!seen.Add(field))
                    return (new AppAuthConfigFinding(prefix + field, "duplicate field " + GoText.Quote(e.Key),
                        "Write " + prefix + field + " once" + (Camel(field) == field ? "" : " (" + field + " and " + Camel(field) + " name the same field)") + "."), e.Value.Location);
                if (IsNull(e.Value)) continue;
                if (prefix == "spec.jwt." && (field == "jwks_url" || field == "static_jwks"))
                {
                    if (oneofSet)
                        return (new AppAuthConfigFinding(prefix + field, "error parsing " + GoText.Quote(e.Key) + ", oneof " + KeysSourceOneof + " is already set",
                            "Keep one of jwks_url and static_jwks: a config takes its keys from one source."), e.Value.Location);
                    oneofSet = true;
                }
                if (TypedValue(prefix, field, e.Value, json) is { } typed) return typed;
                var inner = FieldsOf(prefix + field);
                if (inner != null && e.Value is DocMap message && FirstDecodeError(message, json, inner, prefix + field + ".") is { } u) return u;
                if (prefix + field == "spec.app_labels" && e.Value is DocList labels)
                    for (int i = 0; i < labels.Items.Count; i++)
                        if (labels.Items[i] is DocMap label && FirstDecodeError(label, json, s_label, "spec.app_labels[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].") is { } l)
                            return l;
            }
            return null;
        }

        // The proto's string fields (a label's name too); its lists of strings and maps to strings are spec.app_labels[].values and metadata.labels.
        private static readonly HashSet<string> s_stringFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "kind", "sub_kind", "version", "metadata.name", "metadata.namespace", "metadata.description", "metadata.revision",
            "spec.jwt.issuer", "spec.jwt.audience", "spec.jwt.username_claim", "spec.jwt.jwks_url", "spec.jwt.static_jwks",
        };

        /// <summary>
        /// protojson's unmarshalScalar on a string field given something other than a JSON string: "invalid value for string
        /// field &lt;JSON name&gt;: &lt;the JSON token&gt;" (a list item and a map value too, where null is such a token; a
        /// field's own null is skipped before). tctl turns YAML into JSON with go-yaml v2's types (sigs.k8s.io/yaml, no
        /// typed target: tctl decodes into services.UnknownResource), so an unquoted yes, on or 123 reaches it as true or 123.
        /// </summary>
        private static (AppAuthConfigFinding Finding, SourceLocation At)? TypedValue(string prefix, string field, DocNode value, bool json)
        {
            string path = prefix + field;
            if (s_stringFields.Contains(path) || (prefix.StartsWith("spec.app_labels[", StringComparison.Ordinal) && field == "name"))
                return value is DocScalar s ? NotAString(s, path, Camel(field), json) : null;
            if (prefix.StartsWith("spec.app_labels[", StringComparison.Ordinal) && field == "values" && value is DocList list)
            {
                for (int i = 0; i < list.Items.Count; i++)
                    if (list.Items[i] is DocScalar item && NotAString(item, path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", "values", json) is { } bad)
                        return bad;
                return null;
            }
            if (path == "metadata.labels" && value is DocMap labels)
                foreach (var label in Ordered(labels, json))
                    if (label.Value is DocScalar v && NotAString(v, "metadata.labels." + Platform.BoundedCapture.Cut(label.Key, 40), "value", json) is { } bad)
                        return bad;
            return null;
        }

        private static (AppAuthConfigFinding Finding, SourceLocation At)? NotAString(DocScalar s, string path, string jsonName, bool json)
        {
            if (s.IsQuoted) return null;
            // JSON: any unquoted value is a number or a boolean; YAML: a plain value go-yaml v2 resolves to one.
            if (!s.IsNull && !json && !GoYamlV2Scalar.IsTyped(GoYamlV2Scalar.Kind(s.Value!))) return null;
            string written = Platform.BoundedCapture.Cut(s.Value ?? "null", 80);
            string action = s.IsNull
                ? "Give " + path + " a value, or leave the item out: a list or map of strings takes no null."
                : "Quote the value (" + (json ? GoText.Quote(written) : "'" + written + "'") + "): " + (json ? "JSON" : "unquoted YAML 1.1, as tctl reads it,") + " makes it a " +
                  (GoYamlV2Scalar.Kind(s.Value!) == PlainScalarKind.Boolean ? "boolean" : "number") + ", and the field takes only text.";
            string? token = s.IsNull ? "null" : json ? s.Value : GoYamlV2Scalar.JsonValueText(s.Value!);
            if (token == null)
                return (new AppAuthConfigFinding(path, written + " is a number JSON cannot hold (json.Marshal refuses infinity and NaN), so tctl cannot turn the document into JSON",
                    action, isTeleportText: false), s.Location);
            return (new AppAuthConfigFinding(path, "invalid value for string field " + jsonName + ": " + Platform.BoundedCapture.Cut(token, 80), action), s.Location);
        }

        // The message fields whose keys protojson checks in turn (metadata.labels is a map: its keys are data).
        private static string[]? FieldsOf(string path) =>
            path == "metadata" ? s_metadata : path == "spec" ? s_spec : path == "spec.jwt" ? s_jwt : null;

        // tctl turns YAML into JSON through a Go map, whose keys come out sorted; JSON reaches protojson as written.
        private static IEnumerable<KeyValuePair<string, DocNode>> Ordered(DocMap map, bool json) =>
            json ? map.Entries : map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal);

        private static void ReadLabels(DocMap? spec, AppAuthConfig config)
        {
            var node = spec == null ? null : Get(spec, "app_labels");
            if (node == null || IsNull(node)) return;
            Note(config, "spec.app_labels", node);
            if (!(node is DocList list))
                throw new TeleportInputException(AppAuthConfigRules.RefusedCode,
                    "spec.app_labels must be a list of labels, each with name and values (teleport.label.v1.Label), found " + ResourceReader.Describe(node) +
                    ": tctl refuses it (protojson: unexpected token). The mapping form (key: value) is the role's app_labels, not this resource's", node.Location);
            for (int i = 0; i < list.Items.Count; i++)
            {
                string path = "spec.app_labels[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                if (!(list.Items[i] is DocMap item))
                    throw ResourceReader.Invalid(list.Items[i], path + " must be a mapping with name and values, found " + ResourceReader.Describe(list.Items[i]));
                string name = ResourceReader.ReadString(item, Written(item, "name"), path + ".name") ?? "";
                var values = ResourceReader.ReadStringList(item, Written(item, "values"), path + ".values") ?? new List<string>();
                config.AppLabels.Add(new AppAuthLabel(name, values) { Location = item.Location });
                Note(config, path, item);
            }
        }

        private static string? ReadField(DocMap? map, AppAuthConfig config, string key, string path)
        {
            if (map == null) return null;
            var node = Get(map, key);
            if (node == null) return null;
            Note(config, path, node);
            return ResourceReader.ReadString(map, Written(map, key), path);
        }

        private static void Note(AppAuthConfig config, string path, DocNode node) => config.FieldLocations[path] = node.Location;

        // The proto name or, where the document uses it, the lowerCamel JSON name protojson also takes.
        private static DocNode? Get(DocMap map, string key) => map.Get(key) ?? map.Get(Camel(key));

        private static string Written(DocMap map, string key) => map.Get(key) != null ? key : Camel(key);

        private static bool IsNull(DocNode node) => node is DocScalar s && s.IsNull;

        private static bool IsSet(DocNode? node) => node != null && !IsNull(node);

        private static string Camel(string protoName)
        {
            var parts = protoName.Split('_');
            return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? "" : char.ToUpperInvariant(p[0]) + p.Substring(1)));
        }
    }
}
