using System;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    /// <summary>HTTP header values (app rewrite.headers, -Header): which are credentials, and their masked form.</summary>
    public static partial class Redactor
    {
        private const RegexOptions HeaderOpts = RegexOptions.CultureInvariant;

        // ---- HTTP header values (app rewrite.headers, -Header) ---------------------------------------------

        /// <summary>What an HTTP header value's secret part is replaced by: "Authorization: Bearer ***".</summary>
        public const string HeaderMask = "***";

        // The header expressions are built when a header is first looked at, not with the redaction catalog: most
        // commands never show a header, and building them was part of every first output.
        private static class HeaderPatterns
        {
            // Header names whose value is a credential, as case-insensitive regular expressions on the whole name. Any name with
            // "key" as one of its words counts (X-Key, DD-API-KEY, DD-APPLICATION-KEY, Ocp-Apim-Subscription-Key): vendors name
            // their API-key headers that way, and masking a harmless value costs less than showing a key.
            internal static readonly Regex[] SecretHeaderNames = Compile(new[]
            {
                @"authorization", @"proxy-authorization", @"cookie", @"set-cookie",
                @".*api[-_]?key.*", @".*access[-_]?key.*", @".*token.*", @".*secret.*", @".*passw(or)?d.*",
                @".*credential.*", @".*signature.*", @".*session[-_]?id.*", @"(?:.*[-_])?key(?:[-_].*)?", @".*-auth", @"x-auth(?:[-_].*)?",
            });

            // Authentication schemes kept in front of the mask (RFC 9110 section 11; the IANA registry plus common API-key words).
            internal static readonly Regex SchemeWord = new Regex(
                @"\A(?i:bearer|basic|digest|token|apikey|api-key|key|dsn|hmac|hmac-sha256|aws4-hmac-sha256|negotiate|ntlm|sso-key|otr|splunk)\s+",
                HeaderOpts);

            private static Regex[] Compile(string[] patterns)
            {
                var list = new Regex[patterns.Length];
                for (int i = 0; i < patterns.Length; i++) list[i] = new Regex(@"\A(?:" + patterns[i] + @")\z", HeaderOpts | RegexOptions.IgnoreCase);
                return list;
            }
        }

        /// <summary>True when a header of this name carries a credential whatever its value looks like.</summary>
        public static bool IsSecretHeaderName(string? name)
        {
            if (name == null || name.Length == 0) return false;
            foreach (var r in HeaderPatterns.SecretHeaderNames) if (r.IsMatch(name.Trim())) return true;
            return false;
        }

        /// <summary>
        /// The part of a header value written as plain text that is a credential (null when none): the whole value after an
        /// authentication scheme for a secret-named header, or a token a redaction rule recognises. Template expressions
        /// ({{internal.jwt}}, {{external.api_key}}) are not secrets: Teleport fills them in per request.
        /// </summary>
        public static string? PlaintextSecret(string? name, string? value)
        {
            if (StringChecks.IsNullOrEmpty(value)) return null;
            string literal = Template.Replace(value, "").Trim();
            var scheme = HeaderPatterns.SchemeWord.Match(literal);
            string rest = scheme.Success ? literal.Substring(scheme.Length).Trim() : literal;
            if (IsSecretHeaderName(name) && rest.Length > 0 && !HeaderPatterns.SchemeWord.IsMatch(rest + " ")) return rest;
            if (Redact(literal) != literal || Redact(name + ": " + literal) != name + ": " + literal) return rest.Length > 0 ? rest : literal;
            return null;
        }

        /// <summary>
        /// "Name: value" with the credential part of the value masked; templates stay readable. With no value, the name is
        /// a raw "Name: value" entry, masked in place: split where Teleport splits it, its spacing kept.
        /// </summary>
        public static string RedactHeader(string name, string? value)
        {
            if (value == null)
            {
                if (string.IsNullOrEmpty(name)) return name;
                int colon = name.IndexOf(':');
                if (colon < 0) return RedactUnparsedHeader(name);
                string rest = name.Substring(colon + 1);
                string trimmed = rest.Trim();
                int lead = rest.Length - rest.TrimStart().Length;
                return Redact(name.Substring(0, colon + 1)) + rest.Substring(0, lead) + RedactHeaderValue(name.Substring(0, colon).Trim(), trimmed) + rest.Substring(lead + trimmed.Length);
            }
            return name + ": " + RedactHeaderValue(name, value);
        }

        /// <summary>
        /// An entry without a colon ("X-Api-Key abc123", a slip for "X-Api-Key: abc123"): when its first word names a
        /// credential header, the rest is taken as the value and masked.
        /// </summary>
        public static string RedactUnparsedHeader(string raw)
        {
            var m = Regex.Match(raw ?? "", @"\A(\s*)([^\s=]+)([\s=]+)(\S[\s\S]*)\z", HeaderOpts);
            if (m.Success && IsSecretHeaderName(m.Groups[2].Value))
                return m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + RedactHeaderValue(m.Groups[2].Value, m.Groups[4].Value);
            return Redact(raw ?? "");
        }

        /// <summary>
        /// The value masked whatever it looks like, an authentication scheme in front kept ("Bearer ***"): for a credential
        /// header, and for a value a template filled from a trait whose name is a secret's.
        /// </summary>
        public static string MaskHeaderValue(string value)
        {
            if (string.IsNullOrEmpty(value)) return value;
            var scheme = HeaderPatterns.SchemeWord.Match(value.TrimStart());
            string prefix = scheme.Success ? scheme.Value : "";
            return value.TrimStart().Substring(prefix.Length).Trim().Length == 0 ? value : prefix + HeaderMask;
        }

        public static string RedactHeaderValue(string? name, string value)
        {
            if (string.IsNullOrEmpty(value)) return value;
            if (IsSecretHeaderName(name))
            {
                var scheme = HeaderPatterns.SchemeWord.Match(value.TrimStart());
                string prefix = scheme.Success ? scheme.Value : "";
                string rest = value.TrimStart().Substring(prefix.Length);
                if (rest.Trim().Length == 0) return value;
                // Templates stay readable, the literal text around them is masked ("Bearer *** {{internal.jwt}}").
                string shown = MaskOutsideTemplates(rest, HeaderMask);
                return shown == rest ? value : prefix + shown;
            }
            var redacted = Redact(value);
            return redacted == value ? value : redacted.Replace(Mask, HeaderMask);
        }

    }
}
