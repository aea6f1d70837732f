using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Rbac;

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

        /// <summary>What Teleport's text does not say: the library's reason under it (a JWKS key go-jose refuses); null when none.</summary>
        public string? Reason { get; internal set; }
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

        /// <summary>The check (Test-TeleportMcpApp) and diagnosis id that says which app_auth_configs the proxy tries for an app.</summary>
        public const string SelectionCheck = "AppAuthConfig";

        /// <summary>
        /// Why the module does not say which app_auth_configs select an app: the auth server verifies a token against the
        /// one config the proxy names (sessions_service.go CreateAppSessionWithJWT: GetAppAuthConfig(req.ConfigName)), and
        /// the proxy code that matches a config's app_labels against an app's labels, orders the configs and picks one is
        /// not in the sources checked (docs/teleport-facts.md, session 34).
        /// </summary>
        public const string SelectionUnknownReason =
            "which of them Teleport's proxy tries for an app is not known: the auth server checks a token only against the config the proxy names, " +
            "and the proxy code that matches spec.app_labels against an app's labels (all labels or any, wildcards, the order of several matches) was not found in Teleport's source";

        /// <summary>The sentence naming the app_auth_configs read and why their selection is Indeterminate; null when none was read.</summary>
        public static string? SelectionUnknown(IReadOnlyCollection<AppAuthConfig>? configs)
        {
            if (configs == null || configs.Count == 0) return null;
            var names = configs.Select(c => GoText.Quote(c.Name)).Distinct().ToList();
            return configs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " app_auth_config(s) read (" +
                   ListText.Join(", ", names.Take(10)) + (names.Count > 10 ? ", ..." : "") + "): " + SelectionUnknownReason;
        }

        /// <summary>
        /// The AppAuthConfig verdict on an MCP app read beside app_auth_configs (<paramref name="selection"/>: <see cref="SelectionUnknown"/>):
        /// Fail for every release, which has no app_auth_config (<see cref="UnreleasedKinds"/>), with the master build's Indeterminate after it.
        /// </summary>
        public static (CheckStatus Status, string Text, string Fix) SelectionVerdict(string selection) =>
            UnreleasedKinds.Verdict(Kind, CheckStatus.Indeterminate, selection, SelectionFix);

        /// <summary>The resource kind, as tctl names it.</summary>
        public const string Kind = "app_auth_config";

        /// <summary>What to do about an Indeterminate selection: compare the labels, and read what Teleport recorded.</summary>
        public const string SelectionFix =
            "Compare each config's app_labels (tctl get app_auth_config) with the app's labels (tctl get app/<name>, including teleport.internal/app-sub-kind: mcp); " +
            "the app_auth_config.verify.success and .failure audit events name the config a client's token was checked with.";

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
        /// <see cref="NeverVerifies"/> and <see cref="KeyWarnings"/> of the config, made once and kept on it (each key of a
        /// static set is decoded once, twice when only a negative serial number refuses it) for as long as its key source is
        /// the one they were made from: the reader and every verify event linked to the config use the same.
        /// </summary>
        public static AppAuthConfigChecks Checks(AppAuthConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            if (config.Checks is { } made && made.IsOf(config)) return made;
            var negativeSerial = new List<(int Index, DocMap Key)>();
            var neverVerifies = NeverVerifies(config, negativeSerial);
            var checks = new AppAuthConfigChecks(config.JwksUrl, config.StaticJwksText, neverVerifies, KeyWarnings(config, neverVerifies, negativeSerial));
            config.Checks = checks;
            return checks;
        }

        /// <summary>
        /// What Teleport accepts on create but fails on at every token check (the verify.failure event's error): the key
        /// source, fetched or parsed each time a client presents a token. Only for a config <see cref="Refusal"/> passes.
        /// negativeSerial: the static set's keys refused only for a negative serial number (<see cref="NegativeSerialOnly"/>), as found.
        /// </summary>
        private static List<AppAuthConfigFinding> NeverVerifies(AppAuthConfig config, List<(int Index, DocMap Key)> negativeSerial)
        {
            var found = new List<AppAuthConfigFinding>();
            if (!string.IsNullOrEmpty(config.JwksUrl))
            {
                // sessions_service.go retrieveJWKSAppAuthConfig: http.NewRequest parses the URL (url.Parse; its url.Error is the
                // whole error), then httpClient.Do's transport refuses a scheme or a missing host.
                var parse = GoUrl.ParseErrorText(config.JwksUrl!);
                if (parse != null)
                    found.Add(new AppAuthConfigFinding("spec.jwt.jwks_url", ListText.Message(parse),
                        "Write the issuer's JWKS address as a URL Go's net/url parses: an https:// URL with a host, no spaces or control characters, and % only before two hex digits."));
                // httpClient.Do returns a url.Error, 'Get "<url>": ' before net/http's text, with the URL as Go's url.String
                // normalises it, which is not reproduced here: only the end is quoted.
                else if (JwksUrlProblem(config.JwksUrl!) is { } url)
                    found.Add(new AppAuthConfigFinding("spec.jwt.jwks_url", "the key set is never fetched, with an error that ends in \"" + url + "\"",
                        "Write the issuer's JWKS address as an https:// URL with a host.", isTeleportText: false));
            }
            else if (config.StaticJwksText != null)
            {
                found.AddRange(StaticJwksProblems(config.StaticJwksText, negativeSerial));
            }
            return found;
        }

        /// <summary>
        /// The error net/http gives for a jwks_url url.Parse takes but it cannot fetch whatever the network does
        /// (net/http/transport.go roundTrip: a scheme other than http or https, no host); null for a URL it would try.
        /// </summary>
        internal static string? JwksUrlProblem(string url)
        {
            string scheme = GoUrl.Scheme(url);
            if (scheme != "http" && scheme != "https") return "unsupported protocol scheme " + GoText.Quote(scheme);
            string rest = url.Substring(url.IndexOf(':') + 1);
            string host = rest.StartsWith("//", StringComparison.Ordinal) ? rest.Substring(2).Split('/', '?', '#')[0] : "";
            int at = host.LastIndexOf('@');
            if (at >= 0) host = host.Substring(at + 1);
            return host.Length == 0 ? "http: no Host in request URL" : null;
        }

        /// <summary>
        /// retrieveJWKSAppAuthConfig on a static key set: encoding/json must decode it into a jose.JSONWebKeySet ("unable to
        /// parse JWKS contents"), which decodes each key with go-jose's JSONWebKey.UnmarshalJSON (<see cref="JoseKeyProblem"/>:
        /// one key it refuses fails the whole set), and hold a key ("empty JWKS contents"); the signature algorithms a token
        /// may use are the keys' alg values, so a set none of whose keys names a JWS signature algorithm verifies nothing.
        /// </summary>
        internal static IEnumerable<AppAuthConfigFinding> StaticJwksProblems(string text) => StaticJwksProblems(text, new List<(int Index, DocMap Key)>());

        // negativeSerial: each key refused only for a negative serial number is added as it is met (all before a key that fails the set).
        private static IEnumerable<AppAuthConfigFinding> StaticJwksProblems(string text, List<(int Index, DocMap Key)> negativeSerial)
        {
            const string Jwks = "spec.jwt.static_jwks";
            // encoding/json (the set): a field name matches in any case, a later key over an earlier one.
            static DocNode? Field(DocMap m, string name) => m.Entries.LastOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var root = Json.JsonParser.TryParse(text, out var error);
            // encoding/json: null decodes to an empty set; anything but an object, or keys that are no list of objects, fails.
            bool isNull = root is DocScalar rs && rs.IsNull;
            var keys = root is DocMap map ? Field(map, "keys") : null;
            bool keysNull = keys == null || keys is DocScalar ks && ks.IsNull;
            const string ParseAction = "Paste the issuer's key set as JSON: an object with a keys list ({\"keys\": [{...}]}), each key as the issuer publishes it.";
            if (root == null || error != null || !(isNull || root is DocMap) || !(keysNull || keys is DocList kl && kl.Items.All(k => k is DocMap)))
            {
                yield return new AppAuthConfigFinding(Jwks, "unable to parse JWKS contents", ParseAction);
                yield break;
            }
            var list = (keys as DocList)?.Items ?? new List<DocNode>();
            string? firstNegativeSerial = null;
            for (int i = 0; i < list.Count; i++)
                if (JoseKeyProblem((DocMap)list[i]) is { } reason)
                {
                    // Refused only for a negative serial number in its x5c chain: under x509negativeserial=1 go-jose takes the
                    // key, and whether Teleport's build or the Auth Service's environment sets it is not known (KeyWarnings).
                    if (NegativeSerialOnly((DocMap)list[i], reason))
                    {
                        negativeSerial.Add((i, (DocMap)list[i]));
                        firstNegativeSerial ??= reason;
                        continue;
                    }
                    // Under Go's default go-jose stops at the first such key, before this one: its text is what Teleport logs then.
                    string first = firstNegativeSerial == null ? ""
                        : " (under Go's default x509negativeserial=0, " + KeyNames(negativeSerial.Take(1).ToList()) + " is refused first, with \"" + firstNegativeSerial +
                          "\", and that is the text Teleport gives; this key's is the one under x509negativeserial=1)";
                    yield return new AppAuthConfigFinding(Jwks, "unable to parse JWKS contents", ParseAction)
                        { Reason = "keys[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]: " + reason + first };
                    yield break;
                }
            if (list.Count == 0)
            {
                yield return new AppAuthConfigFinding(Jwks, "empty JWKS contents", "Put the issuer's signing keys in the keys list.");
                yield break;
            }
            // go-jose signing.go Verify -> jwk.go tryJWKS (v4.0.3 and later): with a key set, the key is the one whose kid is the
            // token header's kid; a token without a kid, or with one no key has, is refused, so keys without a kid verify nothing.
            if (list.All(k => string.IsNullOrEmpty(JoseString((DocMap)k, "kid"))))
                yield return new AppAuthConfigFinding(Jwks,
                    "no key has a kid: go-jose picks the key by the kid in the token's header and refuses a token without one or whose kid no key has (\"go-jose/go-jose: JWK with matching kid not found in JWK Set\"), so every token is refused",
                    "Give each key the kid its issuer writes in the tokens' header (as in the issuer's published JWKS).", isTeleportText: false);
            // go-jose signing.go newVerifier @ v4.1.4: tryJWKS hands over the first key of the token's kid, and only a public key
            // (or an oct secret) verifies; a private JWK (RSA, EC or OKP with d) is "go-jose/go-jose: unsupported key type/format".
            var selectable = SelectableKeys(list);
            if (selectable.Count > 0 && selectable.All(k => IsPrivateKey(k.Key)))
                yield return new AppAuthConfigFinding(Jwks, "go-jose/go-jose: unsupported key type/format", PublicHalfAction)
                    { Reason = "every key a token can pick by its kid is a private key (it has d), and go-jose verifies only with a public key: " + KeyNames(selectable) };
            var algs = list.Select(k => JoseString((DocMap)k, "alg")).ToList();
            if (algs.All(string.IsNullOrEmpty))
                yield return new AppAuthConfigFinding(Jwks,
                    "no key names its alg: Teleport accepts only the signature algorithms the keys name (retrieveJWKSAppAuthConfig), so every token is refused",
                    "Give each key the alg the issuer signs with (RS256, ES256, ...).", isTeleportText: false);
            else if (!algs.Any(a => a != null && Array.IndexOf(JwsAlgorithms, a) >= 0))
                yield return new AppAuthConfigFinding(Jwks,
                    "no key names a JWS signature algorithm (alg " + ListText.Join(", ", algs.Where(a => !string.IsNullOrEmpty(a)).Distinct().Take(5).Select(a => GoText.Quote(Cut(a)))) +
                    "): Teleport accepts only the algorithms the keys name, and go-jose verifies a signature only with " + ListText.Join(", ", JwsAlgorithms) + ", so every token is refused",
                    "Give each key the alg the issuer signs with, spelled as JWS writes it (RS256, ES256, ...).", isTeleportText: false);
        }

        private const string PublicHalfAction = "Put only the public half of each key in static_jwks (leave out d, p, q, dp, dq and qi), as the issuer publishes it.";

        /// <summary>The warning id of a static_jwks key no token can be verified with while other keys of the set may verify.</summary>
        public const string KeyNeverVerifiesCode = "AppAuthConfigKeyNeverVerifies";

        /// <summary>The warning id of a static_jwks key whose use depends on a setting of Teleport's build that is not known.</summary>
        public const string KeyIndeterminateCode = "AppAuthConfigKeyIndeterminate";

        /// <summary>
        /// Keys of a static_jwks set that verify no token although the set as a whole may (only for a config
        /// <see cref="NeverVerifies"/> has nothing against): each with its warning id. A private key (d) never verifies
        /// (go-jose newVerifier); an RSA key under 1024 bits is refused by Go's default for Teleport's go.mod and verifies only
        /// where rsa1024min=0 is in force, which is not known, so such a key is Indeterminate; so is a key refused only for an
        /// x5c certificate's negative serial number, which fails the whole set unless x509negativeserial=1. The caller passes
        /// <see cref="NeverVerifies"/> of the config it already made (it runs Go's Validate on every RSA private key, whose
        /// cost grows with the key's size cubed), and the keys refused only for a negative serial number it found.
        /// </summary>
        private static List<(string Code, AppAuthConfigFinding Finding)> KeyWarnings(AppAuthConfig config, IReadOnlyCollection<AppAuthConfigFinding> neverVerifies,
            List<(int Index, DocMap Key)> negativeSerial)
        {
            var found = new List<(string, AppAuthConfigFinding)>();
            if (!string.IsNullOrEmpty(config.JwksUrl) || config.StaticJwksText == null || neverVerifies.Count > 0) return found;
            var root = Json.JsonParser.TryParse(config.StaticJwksText, out var error);
            var keys = root is DocMap map ? map.Entries.LastOrDefault(e => string.Equals(e.Key, "keys", StringComparison.OrdinalIgnoreCase)).Value as DocList : null;
            if (error != null || keys == null) return found;
            var selectable = SelectableKeys(keys.Items);
            const string Jwks = "spec.jwt.static_jwks";
            var privateKeys = selectable.Where(k => IsPrivateKey(k.Key)).ToList();
            if (privateKeys.Count > 0)
                found.Add((KeyNeverVerifiesCode, new AppAuthConfigFinding(Jwks, "go-jose/go-jose: unsupported key type/format", PublicHalfAction)
                    { Reason = "for a token whose kid picks " + KeyNames(privateKeys) + ": a private key (it has d) is no verification key for go-jose" }));
            // crypto/rsa checkPublicKeySize (Go 1.24 to 1.26, rsa.go): VerifyPKCS1v15 and VerifyPSS refuse a modulus under 1024
            // bits unless rsa1024min=0, the default only below a go.mod `go 1.24` (internal/godebugs/table.go Changed: 24); go-jose's
            // Verify answers ErrCryptoFailure for it (signing.go DetachedVerify). Teleport's go.mod: `go 1.24.0` since PR #52296
            // (2025-02-19), before 18.0.0 (CHANGELOG.md, 07/03/25); a godebug line of a release is not in the sources checked.
            var small = selectable.Where(k => !IsPrivateKey(k.Key) && RsaModulusBits(k.Key) is int bits && bits < 1024).ToList();
            if (small.Count > 0)
            {
                int bits = RsaModulusBits(small[0].Key)!.Value;
                found.Add((KeyIndeterminateCode, new AppAuthConfigFinding(Jwks,
                    KeyNames(small) + (small.Count == 1 ? " is an RSA key" : " are RSA keys") + " under 1024 bits: Go refuses such a key when verifying (\"crypto/rsa: " +
                    bits.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)\", which go-jose reports as \"go-jose/go-jose: error in cryptographic primitive\") " +
                    "in a program whose go.mod says go 1.24 or later, as Teleport's has since before v18 (PR #52296), unless rsa1024min=0 is set; " +
                    BuildGodebugUnknown + ", or GODEBUG=rsa1024min=0 in the Auth Service's environment, would let " +
                    (small.Count == 1 ? "it" : "them") + " verify, so whether tokens signed with " + (small.Count == 1 ? "it" : "them") + " verify is Indeterminate",
                    "Have the issuer sign with an RSA key of 2048 bits or more (or an EC or Ed25519 key), and publish that key.", isTeleportText: false)));
            }
            // jwk.go rsaPrivateKey @ v4.1.4: Validate runs on every RSA private key of the set, and one it refuses fails the set.
            var unfinished = keys.Items.Select((k, i) => (Index: i, Key: k as DocMap)).Where(k => k.Key != null && RsaValidateUndecided(k.Key)).Select(k => (k.Index, k.Key!)).ToList();
            // crypto/x509 parser.go: a negative serial number is refused unless x509negativeserial=1, whose default is 0 for a go.mod
            // go line of 1.23 or later (internal/godebugs/table.go: Changed 23, Old "1"; Teleport's go.mod: go 1.24.0 since PR #52296).
            // NeverVerifies found nothing, so each such key decodes under the setting (StaticJwksProblems went on past it and named it).
            if (negativeSerial.Count > 0)
            {
                found.Add((KeyIndeterminateCode, new AppAuthConfigFinding(Jwks,
                    KeyNames(negativeSerial) + (negativeSerial.Count == 1 ? " has" : " have") + " an x5c certificate with a negative serial number: Go refuses such a certificate (\"" +
                    X509Leaf.NegativeSerialError + "\"), and go-jose with it the key and the whole set (\"unable to parse JWKS contents\" at every token check), " +
                    "in a program whose go.mod says go 1.23 or later, as Teleport's has since before v18 (PR #52296), unless x509negativeserial=1 is set; " +
                    BuildGodebugUnknown + ", or GODEBUG=x509negativeserial=1 in the Auth Service's environment, would let the set be read, so whether tokens verify with it is Indeterminate",
                    "Have the issuer publish a certificate with a positive serial number (RFC 5280 4.1.2.2), or leave x5c out of the key.", isTeleportText: false)));
            }
            if (unfinished.Count > 0)
            {
                found.Add((KeyIndeterminateCode, new AppAuthConfigFinding(Jwks,
                    KeyNames(unfinished) + (unfinished.Count == 1 ? " is an RSA private key" : " are RSA private keys") + " of " +
                    (RsaModulusBits(unfinished[0].Item2) ?? 0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bits or an unbalanced p: go-jose runs Go's rsa.PrivateKey.Validate on it, " +
                    "whose check of the CRT values (q^(p-2) mod p) costs time cubic in the key's size; the module finishes it for keys up to " +
                    GoRsa.MaxModulusBits.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bits, so whether Go refuses " + (unfinished.Count == 1 ? "it" : "them") +
                    ", and with it the whole set (\"unable to parse JWKS contents\"), is Indeterminate",
                    PublicHalfAction, isTeleportText: false)));
            }
            return found;
        }

        /// <summary>
        /// Whether go-jose, which refuses the key under Go's default x509negativeserial=0 with <paramref name="reason"/>
        /// (<see cref="JoseKeyProblem(DocMap)"/>), takes it under x509negativeserial=1: a negative serial number in its x5c
        /// chain is the only thing it is refused for.
        /// </summary>
        private static bool NegativeSerialOnly(DocMap key, string reason) =>
            reason.StartsWith(X5cRefusal + X509Leaf.NegativeSerialError, StringComparison.Ordinal) && JoseKeyProblem(key, x509NegativeSerial: true) == null;

        // jwk.go UnmarshalJSON @ v4.1.4: before Go's text when the x5c chain does not parse.
        private const string X5cRefusal = "go-jose/go-jose: failed to unmarshal x5c field: ";

        /// <summary>
        /// Why the module cannot tell which godebug values a Teleport build runs with: the default follows its go.mod's go line,
        /// and a godebug block of that go.mod, a //go:debug line of the main package or GODEBUG in the environment overrides it.
        /// </summary>
        internal const string BuildGodebugUnknown =
            "a godebug line of the build's go.mod or a //go:debug line of its main package (Teleport's go.mod godebug lines and the Enterprise main package are " +
            "not in the sources checked; the open-source tool/teleport/main.go stored has none)";

        // Whether an RSA private key passes every check of Go's Validate the module makes and is too large for the rest.
        private static bool RsaValidateUndecided(DocMap key)
        {
            if (JoseString(key, "kty") != "RSA" || !IsPrivateKey(key)) return false;
            byte[]? get(string name) => JoseString(key, name) is { } t ? GoBase64.RawUrlDecode(t, out _) : null;
            var (n, e, d, p, q) = (get("n"), get("e"), get("d"), get("p"), get("q"));
            if (n == null || e == null || d == null || p == null || q == null) return false;
            // Undecided only past a size bound; a key within both was validated in full by NeverVerifies already.
            var (dp, dq, qi) = (get("dp"), get("dq"), get("qi"));
            bool precomputed = dp != null && dq != null && qi != null;
            if (GoRsa.BitLength(GoRsa.Unsigned(n)) <= GoRsa.MaxModulusBits && (precomputed || GoRsa.BitLength(GoRsa.Unsigned(p)) <= GoRsa.MaxPrimeBits)) return false;
            GoRsa.ValidateError(n, GoInt(e), d, p, q, dp, dq, qi, GoRelease.Go125, out bool undecided);
            return undecided;
        }

        // jwk.go tryJWKS @ v4.1.4: a token's kid picks the first key with that kid (JSONWebKeySet.Key, keys[0]); keys without
        // a kid, or after another of the same kid, are never picked.
        private static List<(int Index, DocMap Key)> SelectableKeys(IEnumerable<DocNode> keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var selectable = new List<(int, DocMap)>();
            int i = 0;
            foreach (var node in keys)
            {
                if (node is DocMap key && JoseString(key, "kid") is { Length: > 0 } kid && seen.Add(kid)) selectable.Add((i, key));
                i++;
            }
            return selectable;
        }

        // jwk.go UnmarshalJSON @ v4.1.4: an RSA, EC or OKP key with d decodes to an *rsa.PrivateKey, *ecdsa.PrivateKey or
        // ed25519.PrivateKey, none of which newVerifier takes.
        private static bool IsPrivateKey(DocMap key) =>
            JoseMember(key, "d") is DocScalar d && d.IsQuoted && JoseString(key, "kty") is "RSA" or "EC" or "OKP";

        // The bit length of an RSA public key's n (big.Int SetBytes: leading zero bytes do not count); null for another key.
        private static int? RsaModulusBits(DocMap key)
        {
            if (JoseString(key, "kty") != "RSA" || !(JoseString(key, "n") is { } text)) return null;
            var n = GoBase64.RawUrlDecode(text, out _);
            if (n == null) return null;
            int first = Array.FindIndex(n, b => b != 0);
            if (first < 0) return 0;
            int bits = (n.Length - first - 1) * 8;
            for (int b = n[first]; b > 0; b >>= 1) bits++;
            return bits;
        }

        // The keys named in a finding: index and kid, at most five.
        private static string KeyNames(List<(int Index, DocMap Key)> keys) =>
            ListText.Join(", ", keys.Take(5).Select(k => "keys[" + k.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] (kid " +
                                                         GoText.Quote(Cut(JoseString(k.Key, "kid"))) + ")")) + (keys.Count > 5 ? ", ..." : "");

        // go-jose shared.go: the JWS signature algorithms (names compared exactly).
        private static readonly string[] JwsAlgorithms = { "EdDSA", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512" };

        // go-jose's json package matches member names exactly (json/decode.go object: bytes.Equal), unlike encoding/json.
        private static DocNode? JoseMember(DocMap key, string name)
        {
            var node = key.Get(name);
            return node is DocScalar s && s.IsNull ? null : node;
        }

        private static string? JoseString(DocMap key, string name) => JoseMember(key, name) is DocScalar s && s.IsQuoted ? s.Value : null;

        // go-jose jwk.go rawJSONWebKey: its string members, and its key material (*byteBuffer: a string, base64url).
        private static readonly HashSet<string> s_stringMembers = new HashSet<string>(StringComparer.Ordinal) { "use", "kty", "kid", "crv", "alg", "x5u", "x5t", "x5t#S256" };
        private static readonly HashSet<string> s_keyMaterial = new HashSet<string>(StringComparer.Ordinal) { "k", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi" };

        // go-jose v4.1.2 (PRs #191, #195) changed these texts; an earlier v4 says the other (jwk.go @ v4.1.1 99b346ce..., v4.0.x).
        private static string Since412(string text, string before) => text + " (go-jose v4 before v4.1.2: " + before + ")";

        /// <summary>
        /// Why go-jose v4's JSONWebKey.UnmarshalJSON refuses one key of the set, as v4.1.4 does (jwk.go, encoding.go and its
        /// json package @ v4.1.4, 0e598766; texts measured with it): the members in the order written, the first that does
        /// not decode (a member name written twice: go-jose's own json package refuses it; a string member given another JSON type, key material that is not base64url without padding:
        /// Go's own error text), then the x5c chain (each entry standard base64, then crypto/x509's ParseCertificate), then by kty: EC (a curve it takes, x and y of its size, d of its size, the point on the
        /// curve), RSA (n and e; a private key's p and q), oct (k, no certificate chain), OKP Ed25519 (x), any other kty
        /// unsupported; then the leaf certificate's key against the key's own, x5u (url.Parse), the x5t thumbprints' encoding
        /// and size, and the thumbprints against the leaf certificate. Null when it takes the key. Each x5c certificate is read
        /// as <see cref="X509Leaf"/> reads it (all but two extensions' values); an RSA private key as Go's Validate checks it (<see cref="GoRsa"/>).
        /// </summary>
        internal static string? JoseKeyProblem(DocMap key) => JoseKeyProblem(key, x509NegativeSerial: false);

        /// <summary>
        /// <see cref="JoseKeyProblem(DocMap)"/> with x509negativeserial=1 in force when <paramref name="x509NegativeSerial"/>:
        /// an x5c certificate with a negative serial number is read on instead of refused.
        /// </summary>
        internal static string? JoseKeyProblem(DocMap key, bool x509NegativeSerial)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            Json.ParseCounter.Add(Json.ParseCounter.JoseKeyDecodes);
            var material = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in InFileOrder(key))
            {
                // go-jose json/decode.go object: a member name written twice (exactly) stops the decode where it comes again.
                if (!seen.Add(entry.Key)) return "json: duplicate key '" + Whole(entry.Key) + "' in object";
                var node = entry.Value;
                if (node is DocScalar ns && ns.IsNull) continue;
                bool text = node is DocScalar s && s.IsQuoted;
                if (s_stringMembers.Contains(entry.Key) || s_keyMaterial.Contains(entry.Key))
                {
                    if (!text) return "json: cannot unmarshal " + JsonKind(node) + " into Go value of type string (member " + GoText.Quote(entry.Key) + ")";
                    if (!s_keyMaterial.Contains(entry.Key)) continue;
                    // encoding.go byteBuffer.UnmarshalJSON: "" stays an empty value; anything else is RawURLEncoding.
                    var bytes = GoBase64.RawUrlDecode(((DocScalar)node).Value ?? "", out var error);
                    if (bytes == null) return error + " (member " + GoText.Quote(entry.Key) + ")";
                    material[entry.Key] = bytes;
                }
                else if (entry.Key == "x5c")
                {
                    if (!(node is DocList list)) return "json: cannot unmarshal " + JsonKind(node) + " into Go value of type []string (member \"x5c\")";
                    if (list.Items.FirstOrDefault(i => !(i is DocScalar si && (si.IsQuoted || si.IsNull))) is { } item)
                        return "json: cannot unmarshal " + JsonKind(item) + " into Go value of type string (member \"x5c\")";
                }
            }
            // jwk.go @ v4.1.4 UnmarshalJSON: the x5c chain is parsed before the key (shared.go parseCertificateChain).
            if (X5cProblem(JoseMember(key, "x5c") as DocList, x509NegativeSerial, out var leaf, out var unread) is { } chainError)
                return Unread(X5cRefusal + chainError, unread);
            return Unread(KeyProblem(key, material, leaf), unread);
        }

        // A refusal found after a certificate extension whose value is not read: Go may refuse that extension first.
        private static string? Unread(string? problem, string? unread) =>
            problem == null || unread == null ? problem
                : problem + " (unless Go first refuses the certificate's extension " + unread + ", whose value the module does not read)";

        // jwk.go @ v4.1.4 UnmarshalJSON after the x5c chain parsed: the key by kty, the leaf's key, x5u, the thumbprints.
        private static string? KeyProblem(DocMap key, Dictionary<string, byte[]> material, X509Leaf? leaf)
        {
            bool has(string name) => material.ContainsKey(name);
            string kty = JoseString(key, "kty") ?? "";
            string? crv = JoseString(key, "crv");
            bool privateKey = has("d");
            // go-jose's certPub: the leaf's key, nil for a key algorithm Go does not know.
            bool chain = leaf?.Kind != null;
            string? missing(params string[] names) => names.Any(n => !has(n)) ? string.Join(", ", names.Where(n => !has(n)).Select(n => n.ToUpperInvariant())) : null;
            switch (kty)
            {
                case "EC":
                    var curve = NistCurve.Named(crv);
                    if (curve == null) return "go-jose/go-jose: unsupported elliptic curve '" + Whole(crv) + "'";
                    string kind = privateKey ? "private" : "public";
                    if (privateKey && missing("x", "y") is { } lacks) return Since412("go-jose/go-jose: invalid EC private key, missing " + lacks + " value(s)", "go-jose/go-jose: invalid EC private key, missing x/y/d values");
                    if (!has("x") || !has("y")) return "go-jose/go-jose: invalid EC key, missing x/y values";
                    foreach (var axis in new[] { "x", "y" })
                        if (material[axis].Length != curve.CoordinateSize) return "go-jose/go-jose: invalid EC " + kind + " key, wrong length for " + axis;
                    if (privateKey && material["d"].Length != curve.PrivateSize) return "go-jose/go-jose: invalid EC private key, wrong length for d";
                    if (!curve.IsOnCurve(material["x"], material["y"])) return "go-jose/go-jose: invalid EC key, X/Y are not on declared curve";
                    break;
                case "RSA":
                    if (privateKey)
                    {
                        if (missing("n", "e", "p", "q") is { } lacks2)
                            return Since412("go-jose/go-jose: invalid RSA private key, missing " + lacks2 + " value(s)", "go-jose/go-jose: invalid RSA private key, missing " + lacks2.Split(',')[0] + " value(s)");
                        // jwk.go rsaPrivateKey @ v4.1.4: rv.Validate(), whose error is the key's, as master's Go (1.25 or 1.26, X5cProblem) gives it.
                        material.TryGetValue("dp", out var dp);
                        material.TryGetValue("dq", out var dq);
                        material.TryGetValue("qi", out var qi);
                        // A key too large to finish (GoRsa.MaxModulusBits) is no known problem here: KeyWarnings names it.
                        var invalid125 = GoRsa.ValidateError(material["n"], GoInt(material["e"]), material["d"], material["p"], material["q"], dp, dq, qi, GoRelease.Go125, out _);
                        var invalid126 = GoRsa.ValidateError(material["n"], GoInt(material["e"]), material["d"], material["p"], material["q"], dp, dq, qi, GoRelease.Go126, out _);
                        if (invalid125 != null || invalid126 != null)
                            return invalid125 == invalid126 ? invalid125 : GoReleasesDiffer(invalid125, invalid126, "crypto/rsa");
                    }
                    else if (!has("n") || !has("e")) return "go-jose/go-jose: invalid RSA key, missing n/e values";
                    break;
                case "oct":
                    if (chain) return "go-jose/go-jose: invalid JWK, found 'oct' (symmetric) key with cert chain";
                    if (!has("k")) return "go-jose/go-jose: invalid OCT (symmetric) key, missing k value";
                    break;
                case "OKP" when crv == "Ed25519":
                    if (privateKey && !has("x")) return Since412("go-jose/go-jose: invalid Ed25519 private key, missing X value(s)", "go-jose/go-jose: unknown curve 'Ed25519'");
                    if (!has("x")) return Since412("go-jose/go-jose: invalid Ed key, missing x value", "go-jose/go-jose: unknown curve 'Ed25519'");
                    break;
                case "OKP":
                    return Since412("go-jose/go-jose: unsupported key type/format", "go-jose/go-jose: unknown curve '" + Whole(crv) + "'");
                case "":
                    return Since412("go-jose/go-jose: missing json web key type", "go-jose/go-jose: unknown json web key type ''");
                default:
                    return Since412("go-jose/go-jose: unsupported key type/format", "go-jose/go-jose: unknown json web key type '" + Whole(kty) + "'");
            }
            // jwk.go @ v4.1.4: the leaf certificate's public key must be the key's own (reflect.DeepEqual of the two), for the
            // kinds of certificate key X509Leaf reads; Go leaves a key algorithm it does not know without a key, and compares nothing.
            if (leaf?.Kind != null && !SameKey(leaf, kty, crv, material))
                return "go-jose/go-jose: invalid JWK, public keys in key and x5c fields do not match";
            if (JoseString(key, "x5u") is { Length: > 0 } x5u && GoUrl.ParseErrorText(x5u) is { } urlError)
                return ListText.Message("go-jose/go-jose: invalid JWK, x5u header is invalid URL: " + urlError);
            byte[] sha1 = Array.Empty<byte>(), sha256 = Array.Empty<byte>();
            foreach (var (member, hexSize) in new[] { ("x5t", 40), ("x5t#S256", 64) })
            {
                var bytes = GoBase64.RawUrlDecode(JoseString(key, member) ?? "", out _);
                if (bytes == null) return "go-jose/go-jose: invalid JWK, " + member + " header has invalid encoding";
                // jwk.go: a thumbprint of twice the digest size is taken as hex text.
                if (bytes.Length == hexSize)
                {
                    if (HexError(bytes) is { } hexError) return "go-jose/go-jose: invalid JWK, unable to hex decode " + member + ": " + hexError;
                    bytes = HexDecode(bytes);
                }
                if (member == "x5t") sha1 = bytes;
                else sha256 = bytes;
            }
            if (sha1.Length > 0 && sha1.Length != 20) return "go-jose/go-jose: invalid JWK, x5t header is of incorrect size";
            if (sha256.Length > 0 && sha256.Length != 32) return "go-jose/go-jose: invalid JWK, x5t#S256 header is of incorrect size";
            // jwk.go @ v4.1.4: with a chain, each thumbprint given is the SHA-1 / SHA-256 of the leaf certificate's DER (Certificate.Raw).
            if (leaf != null)
            {
                byte[] raw = leaf.Raw;
                if (sha1.Length > 0)
#pragma warning disable CA5350 // not a security use: the x5t member is a SHA-1 thumbprint, compared as go-jose compares it
                    using (var hash = System.Security.Cryptography.SHA1.Create())
#pragma warning restore CA5350
                        if (!hash.ComputeHash(raw).SequenceEqual(sha1)) return "go-jose/go-jose: invalid JWK, x5c thumbprint does not match x5t value";
                if (sha256.Length > 0)
                    using (var hash = System.Security.Cryptography.SHA256.Create())
                        if (!hash.ComputeHash(raw).SequenceEqual(sha256)) return "go-jose/go-jose: invalid JWK, x5c thumbprint does not match x5t#S256 value";
            }
            return null;
        }

        /// <summary>
        /// Whether the JWK's public key is the certificate's, as reflect.DeepEqual finds the two Go keys (jwk.go @ v4.1.4):
        /// RSA the same modulus and exponent (go-jose's exponent: byteBuffer.toInt, the low 64 bits), EC the same curve and
        /// point, Ed25519 the same 32 bytes (go-jose's key: x cut or padded with zeros to 32 bytes); keys of two kinds differ.
        /// Only for a key the switch above took (a private key gives its public half).
        /// </summary>
        private static bool SameKey(X509Leaf leaf, string kty, string? crv, Dictionary<string, byte[]> material)
        {
            switch (kty)
            {
                case "RSA" when leaf.Kind == CertificateKeyKind.Rsa:
                    var e = material["e"];
                    long exponent = e.Skip(Math.Max(0, e.Length - 8)).Aggregate(0L, (v, b) => v << 8 | b);
                    return exponent == leaf.Exponent && material["n"].SkipWhile(b => b == 0).SequenceEqual(leaf.Modulus!);
                case "EC" when leaf.Kind == CertificateKeyKind.Ec:
                    return ReferenceEquals(NistCurve.Named(crv), leaf.Curve) && material["x"].SequenceEqual(leaf.X!) && material["y"].SequenceEqual(leaf.Y!);
                case "OKP" when leaf.Kind == CertificateKeyKind.Ed25519:
                    var x = new byte[32];
                    Array.Copy(material["x"], x, Math.Min(32, material["x"].Length));
                    return x.SequenceEqual(leaf.X!);
                default:
                    return false;
            }
        }

        // go-jose byteBuffer.toInt: big.Int.Int64 of the bytes, the low 64 bits taken as a signed number.
        private static long GoInt(byte[] bigEndian)
        {
            ulong low = 0;
            for (int i = Math.Max(0, bigEndian.Length - 8); i < bigEndian.Length; i++) low = low << 8 | bigEndian[i];
            return unchecked((long)low);
        }

        // A JSON object's members as written, a name written twice each time (the parser keeps the earlier values aside).
        private static IEnumerable<KeyValuePair<string, DocNode>> InFileOrder(DocMap map) =>
            map.Shadowed == null ? map.Entries
                : map.Entries.Concat(map.Shadowed).OrderBy(kv => kv.Value.Location.Line).ThenBy(kv => kv.Value.Location.Column);

        /// <summary>
        /// shared.go @ v4.1.4 parseCertificateChain: each entry is base64.StdEncoding, then x509.ParseCertificate
        /// (<see cref="X509Leaf.Parse"/>), the first refusal deciding. app_auth_config was only on master (PR #61493,
        /// 2025-11-18, to PR #69528, 2026-08-10, which removed it: "never finished, backported, or released"), built with Go
        /// 1.25 or later (versions.mk go1.25.1, then 1.25.7 and 1.25.8) but which one is not known: the chain is read as Go
        /// 1.25 and Go 1.26 do, which take the same chains and differ only in an EC point's text (docs/teleport-facts.md session 41).
        /// leaf: the first certificate; unread: an extension met before the answer whose value is not read.
        /// </summary>
        private static string? X5cProblem(DocList? chain, bool x509NegativeSerial, out X509Leaf? leaf, out string? unread)
        {
            leaf = null;
            unread = null;
            if (chain == null) return null;
            Json.ParseCounter.Add(Json.ParseCounter.X5cChainReads);
            var ders = new List<byte[]>();
            foreach (var item in chain.Items)
            {
                var der = GoBase64.StdDecode(item is DocScalar s && !s.IsNull ? s.Value ?? "" : "", out var error);
                if (der == null) return error;
                ders.Add(der);
            }
            var go125 = ChainProblem(ders, GoRelease.Go125, x509NegativeSerial, out leaf, out unread);
            var go126 = ChainProblem(ders, GoRelease.Go126, x509NegativeSerial, out _, out var unread126);
            unread ??= unread126;
            if (go125 == go126) return go125;
            leaf = null;
            return GoReleasesDiffer(go125, go126, "crypto/x509");
        }

        // Go 1.25's and Go 1.26's answers where they differ (at least one a refusal): master's Go while it held app_auth_config is not known.
        private static string GoReleasesDiffer(string? go125, string? go126, string package)
        {
            const string Decides = "which Go built the cluster decides";
            // The patch releases measured (X509Leaf, GoRsa); others differ in places (SAN parsing in 1.25.2, docs/teleport-facts.md session 41).
            if (go126 == null) return go125 + " (Go 1.25.12's " + package + "; Go 1.26.11's takes it: " + Decides + ")";
            if (go125 == null) return go126 + " (Go 1.26.11's " + package + "; Go 1.25.12's takes it: " + Decides + ")";
            return go125 + " (Go 1.25.12's " + package + "; Go 1.26.11's: " + go126 + ")";
        }

        private static string? ChainProblem(List<byte[]> ders, GoRelease release, bool x509NegativeSerial, out X509Leaf? leaf, out string? unread)
        {
            leaf = null;
            unread = null;
            foreach (var der in ders)
            {
                var cert = X509Leaf.Parse(der, release, out var error, out var certUnread, x509NegativeSerial);
                unread ??= certUnread;
                if (error != null) return error;
                leaf ??= cert;
            }
            return null;
        }

        // encoding/hex DecodeString of text HexError took.
        private static byte[] HexDecode(byte[] text)
        {
            static int Digit(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
            var bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(Digit(text[2 * i]) << 4 | Digit(text[2 * i + 1]));
            return bytes;
        }

        // encoding/hex DecodeString: the first byte that is no hex digit, as InvalidByteError prints it (%#U of the byte).
        private static string? HexError(byte[] text)
        {
            foreach (byte b in text)
            {
                if (b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F') continue;
                // strconv.IsPrint for a rune below U+0100: 0x20..0x7E and 0xA1..0xFF but the soft hyphen 0xAD.
                bool print = b >= 0x20 && b <= 0x7E || b >= 0xA1 && b != 0xAD;
                return "encoding/hex: invalid byte: U+" + b.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + (print ? " '" + (char)b + "'" : "");
            }
            return null;
        }

        // A value written in the key set, in the module's own words: only its start (alg is a name, never key material).
        private static string Cut(string? value) => Platform.BoundedCapture.Cut(value ?? "", 40);

        // A name inside go-jose's own text, which prints it whole (json/decode.go "json: duplicate key '%s' in object",
        // jwk.go "unsupported elliptic curve '%s'"): whole up to the module's message limit, past it shortened with a marker.
        private static string Whole(string? value) => Platform.BoundedCapture.Shorten(value ?? "");

        private static string JsonKind(DocNode node) => node switch
        {
            DocMap _ => "object",
            DocList _ => "array",
            DocScalar s when s.IsQuoted => "string",
            DocScalar s when s.Value == "true" || s.Value == "false" => "bool",
            _ => "number",
        };
    }

    /// <summary>
    /// The checks of an app_auth_config's key source (<see cref="AppAuthConfigRules.Checks"/>): what every token check fails on,
    /// and the warnings of single keys, with the key source they were made from.
    /// </summary>
    public sealed class AppAuthConfigChecks
    {
        private readonly string? _jwksUrl;
        private readonly string? _staticJwksText;

        internal AppAuthConfigChecks(string? jwksUrl, string? staticJwksText, List<AppAuthConfigFinding> neverVerifies, List<(string Code, AppAuthConfigFinding Finding)> keyWarnings)
        {
            _jwksUrl = jwksUrl;
            _staticJwksText = staticJwksText;
            NeverVerifies = neverVerifies;
            KeyWarnings = keyWarnings;
        }

        /// <summary>What Teleport fails every token check on (AppAuthConfigNeverVerifies).</summary>
        public IReadOnlyList<AppAuthConfigFinding> NeverVerifies { get; }

        /// <summary>Keys of a static set that verify no token, or whose use is Indeterminate, with their warning ids (none when NeverVerifies has a finding).</summary>
        public IReadOnlyList<(string Code, AppAuthConfigFinding Finding)> KeyWarnings { get; }

        internal bool IsOf(AppAuthConfig config) =>
            string.Equals(config.JwksUrl, _jwksUrl, StringComparison.Ordinal) && string.Equals(config.StaticJwksText, _staticJwksText, StringComparison.Ordinal);
    }
}
