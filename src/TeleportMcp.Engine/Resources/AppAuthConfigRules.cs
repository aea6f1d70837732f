using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>One thing wrong with an app_auth_config: Teleport's text, the field it is about, and what to do.</summary>
    public sealed class AppAuthConfigFinding
    {
        internal AppAuthConfigFinding(string field, string text, string action, bool isTeleportText = true)
        {
            Field = field;
            Text = text;
            Action = action;
            IsTeleportText = isTeleportText;
        }

        /// <summary>The field the finding is about, as Teleport names it (spec.jwt.issuer).</summary>
        public string Field { get; }

        /// <summary>The error Teleport gives, word for word; where Teleport gives none of its own, what happens (<see cref="IsTeleportText"/>).</summary>
        public string Text { get; }

        /// <summary>Whether <see cref="Text"/> is Teleport's own error text.</summary>
        public bool IsTeleportText { get; }

        public string Action { get; }
    }

    /// <summary>
    /// What Teleport does with an app_auth_config: the checks that refuse it on create (lib/services/appauthconfig.go
    /// ValidateAppAuthConfig, first failure only, in its order) and the settings it accepts but on which every token
    /// check fails (lib/auth/appauthconfig/appauthconfigv1/sessions_service.go retrieveJWKSAppAuthConfig).
    /// </summary>
    public static class AppAuthConfigRules
    {
        /// <summary>The error id of an app_auth_config Teleport refuses: it is left out of what was read.</summary>
        public const string RefusedCode = "InvalidAppAuthConfig";

        /// <summary>The warning id of an app_auth_config Teleport keeps but with which no token is ever accepted.</summary>
        public const string NeverVerifiesCode = "AppAuthConfigNeverVerifies";

        /// <summary>The only version ValidateAppAuthConfig accepts (types.V1).</summary>
        public const string Version = "v1";

        private sealed class Rule
        {
            public Rule(string field, Func<AppAuthConfig, bool> fails, Func<AppAuthConfig, string> text, string action, bool isTeleportText = true)
                : this(_ => field, fails, text, action, isTeleportText)
            {
            }

            public Rule(Func<AppAuthConfig, string> field, Func<AppAuthConfig, bool> fails, Func<AppAuthConfig, string> text, string action, bool isTeleportText = true)
            {
                Field = field;
                Fails = fails;
                Text = text;
                Action = action;
                IsTeleportText = isTeleportText;
            }

            public bool IsTeleportText { get; }

            public Func<AppAuthConfig, string> Field { get; }
            public Func<AppAuthConfig, bool> Fails { get; }
            public Func<AppAuthConfig, string> Text { get; }
            public string Action { get; }
        }

        // ValidateAppAuthConfig and validateJWTAppAuthConfig, in their order: Teleport reports the first that fails.
        // The kind check cannot fail here (the reader dispatched on it); a nil config is no document.
        private static readonly Rule[] s_create =
        {
            new Rule("version", c => c.Version != Version,
                c => "app auth config only supports version " + GoText.Quote(Version) + ", got " + GoText.Quote(c.Version),
                "Set version: v1."),
            new Rule("metadata", c => !c.HasMetadata, _ => "app auth config metadata is missing", "Add metadata with a name."),
            new Rule("metadata.name", c => string.IsNullOrEmpty(c.Name), _ => "app auth config metadata.name is missing", "Give the resource a metadata.name."),
            new Rule("spec", c => !c.HasSpec, _ => "app auth config spec is missing", "Add a spec with app_labels and jwt."),
            new Rule("spec.app_labels", c => c.AppLabels.Count == 0,
                _ => "app auth config spec.app_labels must at least contain a single label, otherwise this config won't be effective",
                "List the labels of the apps the config is for (name: teleport.internal/app-sub-kind, values: [mcp] selects every MCP server)."),
            // lib/services/health_check_config.go validateLabel, on each label in turn: the first label it refuses decides. A
            // wildcard name takes only the wildcard value. Its message prints the first value, so a wildcard name with no value
            // at all fails on reading that value (an index out of range in Go): what the auth server then answers is not
            // Teleport's text, and is not given as such.
            new Rule(c => LabelField(c), c => FirstBadLabel(c) is { Values.Count: 0 },
                _ => "the wildcard label name '*' has no value: Teleport's check (validateLabel) prints the first value of such a label and has none to print, so the request fails without a validation message",
                "Write the wildcard label as name: '*' with values: ['*'], or name the label key.", isTeleportText: false),
            new Rule(c => LabelField(c), c => FirstBadLabel(c) != null,
                c => "invalid app auth config spec.app_labels: selector *:" + FirstBadLabel(c)!.Values[0] +
                     " is not supported, a wildcard label key may only be used with a wildcard label value",
                "Write the wildcard label as name: '*' with values: ['*'], or name the label key."),
            new Rule("spec.jwt", c => !c.HasJwtSpec, _ => "unsupported app auth config type", "Add spec.jwt: it is the only kind of app auth config Teleport has."),
            new Rule("spec.jwt.audience", c => string.IsNullOrEmpty(c.Audience), _ => "app auth config spec.jwt.audience cannot be empty",
                "Set audience to the aud claim the issuer puts in tokens for Teleport (usually the OAuth client id issued for Teleport)."),
            new Rule("spec.jwt.issuer", c => string.IsNullOrEmpty(c.Issuer), _ => "app auth config spec.jwt.issuer cannot be empty",
                "Set issuer to the iss claim of the tokens, exactly as the identity provider writes it."),
            new Rule("spec.jwt", c => string.IsNullOrEmpty(c.JwksUrl) && string.IsNullOrEmpty(c.StaticJwksText),
                _ => "app auth config spec.jwt.jwks_url or spec.jwt.static_jwks must be provided",
                "Set jwks_url to the issuer's JWKS address, or static_jwks to its key set."),
        };

        // The label a rule is about, as the reader names its place (spec.app_labels[1]).
        private static string LabelField(AppAuthConfig c) =>
            "spec.app_labels[" + c.AppLabels.FindIndex(IsRefusedLabel).ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

        private static AppAuthLabel? FirstBadLabel(AppAuthConfig c) => c.AppLabels.Find(IsRefusedLabel);

        private static bool IsRefusedLabel(AppAuthLabel l) => l.Name == "*" && (l.Values.Count != 1 || l.Values[0] != "*");

        /// <summary>The check Teleport refuses the resource with on create or update; null when it accepts it.</summary>
        public static AppAuthConfigFinding? Refusal(AppAuthConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            var rule = s_create.FirstOrDefault(r => r.Fails(config));
            return rule == null ? null : new AppAuthConfigFinding(rule.Field(config), rule.Text(config), rule.Action, rule.IsTeleportText);
        }

        /// <summary>
        /// What Teleport accepts on create but fails on at every token check (the verify.failure event's error): the key
        /// source, fetched or parsed each time a client presents a token. Only for a config <see cref="Refusal"/> passes.
        /// </summary>
        public static List<AppAuthConfigFinding> NeverVerifies(AppAuthConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            var found = new List<AppAuthConfigFinding>();
            if (!string.IsNullOrEmpty(config.JwksUrl))
            {
                var url = JwksUrlProblem(config.JwksUrl!);
                // sessions_service.go retrieveJWKSAppAuthConfig: httpClient.Do returns a url.Error, 'Get "<url>": ' before net/http's
                // text, with the URL as Go's url.String normalises it, which is not reproduced here: only the end is quoted.
                if (url != null) found.Add(new AppAuthConfigFinding("spec.jwt.jwks_url", "the key set is never fetched, with an error that ends in \"" + url + "\"",
                    "Write the issuer's JWKS address as an https:// URL with a host.", isTeleportText: false));
            }
            else if (config.StaticJwksText != null)
            {
                found.AddRange(StaticJwksProblems(config.StaticJwksText));
            }
            return found;
        }

        /// <summary>
        /// The error net/http gives for a jwks_url it cannot fetch whatever the network does (net/http/transport.go
        /// roundTrip: a scheme other than http or https, no host); null for a URL it would try.
        /// </summary>
        internal static string? JwksUrlProblem(string url)
        {
            // url.Parse: a scheme is letters, digits, + - . after a first letter, ended by ':'; it is read in lower case.
            int colon = url.IndexOf(':');
            string scheme = "";
            if (colon > 0 && char.IsLetter(url[0]) && url.Take(colon).All(ch => ch < 0x80 && (char.IsLetterOrDigit(ch) || ch == '+' || ch == '-' || ch == '.')))
                scheme = url.Substring(0, colon).ToLowerInvariant();
            if (scheme != "http" && scheme != "https") return "unsupported protocol scheme " + GoText.Quote(scheme);
            string rest = url.Substring(colon + 1);
            string host = rest.StartsWith("//", StringComparison.Ordinal) ? rest.Substring(2).Split('/', '?', '#')[0] : "";
            int at = host.LastIndexOf('@');
            if (at >= 0) host = host.Substring(at + 1);
            return host.Length == 0 ? "http: no Host in request URL" : null;
        }

        /// <summary>
        /// retrieveJWKSAppAuthConfig on a static key set: it must decode as a JWKS ("unable to parse JWKS contents") and
        /// hold a key ("empty JWKS contents"); the signature algorithms a token may use are the keys' alg values, so a key
        /// without alg allows none. go-jose's own checks of each key are not repeated here.
        /// </summary>
        internal static IEnumerable<AppAuthConfigFinding> StaticJwksProblems(string text)
        {
            const string Jwks = "spec.jwt.static_jwks";
            // encoding/json matches a field name in any case, a later key over an earlier one.
            static DocNode? Field(DocMap m, string name) => m.Entries.LastOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var root = Json.JsonParser.TryParse(text, out var error);
            // encoding/json: null decodes to an empty set; anything but an object, or keys that are no list of objects, fails.
            bool isNull = root is DocScalar rs && rs.IsNull;
            var keys = root is DocMap map ? Field(map, "keys") : null;
            bool keysNull = keys == null || keys is DocScalar ks && ks.IsNull;
            if (root == null || error != null || !(isNull || root is DocMap) || !(keysNull || keys is DocList kl && kl.Items.All(k => k is DocMap)))
            {
                yield return new AppAuthConfigFinding(Jwks, "unable to parse JWKS contents",
                    "Paste the issuer's key set as JSON: an object with a keys list ({\"keys\": [{...}]}).");
                yield break;
            }
            var list = (keys as DocList)?.Items ?? new List<DocNode>();
            if (list.Count == 0)
            {
                yield return new AppAuthConfigFinding(Jwks, "empty JWKS contents", "Put the issuer's signing keys in the keys list.");
                yield break;
            }
            if (list.All(k => string.IsNullOrEmpty(Field((DocMap)k, "alg")?.AsString())))
                yield return new AppAuthConfigFinding(Jwks,
                    "no key names its alg: Teleport accepts only the signature algorithms the keys name (retrieveJWKSAppAuthConfig), so every token is refused",
                    "Give each key the alg the issuer signs with (RS256, ES256, ...).", isTeleportText: false);
        }
    }
}
