using System;
using System.Text.RegularExpressions;

namespace TeleportMcp
{
    /// <summary>A known MCP failure found in a log record. Type name TeleportMcp.Finding.</summary>
    public sealed class Finding
    {
        /// <summary>Stable catalog id, e.g. TMCP-LOG-002.</summary>
        public string Id { get; set; }
        public Severity Severity { get; set; }
        public string Title { get; set; }
        public string Cause { get; set; }
        /// <summary>The next step, with the app, user and command from the log filled in.</summary>
        public string Fix { get; set; }
        /// <summary>The file the line is in, or "pipeline".</summary>
        public string Source { get; set; }
        /// <summary>1-based line of the record's first (stamped) line.</summary>
        public long LineNumber { get; set; }
        /// <summary>The time the line carries (UTC when the log gives a zone); null when it carries none.</summary>
        public DateTime? Time { get; set; }
        public string App { get; set; }
        public string User { get; set; }
        /// <summary>The host user of a stdio app (run_as_host_user), when the log names it.</summary>
        public string HostUser { get; set; }
        public string Command { get; set; }
        /// <summary>The line, plus the error lines of its ERROR REPORT or the stderr lines after it; secrets redacted.</summary>
        public string Evidence { get; set; }
        /// <summary>The kind of log the line came from: teleport, tsh, claude-desktop, vscode, cursor, claude-code or plain.</summary>
        public string LogFormat { get; set; }
        /// <summary>Documentation link for the failure.</summary>
        public string HelpUri { get; set; }

        public override string ToString() => Id + " " + Title;
    }

    /// <summary>Findings of one id and app, counted. Type name TeleportMcp.FindingSummary.</summary>
    public sealed class FindingSummary
    {
        public string Id { get; set; }
        public Severity Severity { get; set; }
        public string Title { get; set; }
        public string App { get; set; }
        public int Count { get; set; }
        public DateTime? FirstSeen { get; set; }
        public DateTime? LastSeen { get; set; }
        public string Fix { get; set; }
        /// <summary>The files (or "pipeline") the findings came from.</summary>
        public string[] Sources { get; set; }

        public override string ToString() => Id + " x" + Count;
    }
}

namespace TeleportMcp.Engine.Logs
{
    /// <summary>Removes secrets from evidence text before it leaves the engine.</summary>
    public static class Redactor
    {
        private const string Mask = "<redacted>";
        private static readonly RegexOptions Opts = RegexOptions.CultureInvariant;

        private static readonly Regex[] Rules =
        {
            // PEM private keys
            new Regex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", Opts),
            // JWTs (Teleport app JWTs, ID tokens): header.payload.signature, base64url
            new Regex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", Opts),
            // AWS access key ids
            new Regex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b", Opts),
            // GitHub, Slack, OpenAI/Anthropic style tokens
            new Regex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-(?:ant-)?[A-Za-z0-9_-]{16,})", Opts),
        };

        // Keep the name, hide the value.
        private static readonly Regex Bearer = new Regex(@"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9\-._~+/=]{6,}", Opts);
        private static readonly Regex KeyValue = new Regex(
            @"(?i)(?<k>[""']?\b(?:[a-z0-9_-]*(?:token|password|passwd|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|session[_-]?id|cookie|authorization|credential)s?)[""']?)(?<sep>\s*[=:]\s*)(?<q>\\?[""']?)(?<v>[^\s""'&,;}\]\\]+)",
            Opts);
        private static readonly Regex UrlUserInfo = new Regex(@"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@""']+):([^\s/@""']+)@", Opts);

        // ---- HTTP header values (app rewrite.headers, -Header) ---------------------------------------------

        /// <summary>What an HTTP header value's secret part is replaced by: "Authorization: Bearer ***".</summary>
        public const string HeaderMask = "***";

        // Header names whose value is a credential, as case-insensitive regular expressions on the whole name.
        private static readonly Regex[] SecretHeaderNames = Compile(new[]
        {
            @"authorization", @"proxy-authorization", @"cookie", @"set-cookie",
            @".*api[-_]?key.*", @".*access[-_]?key.*", @".*token.*", @".*secret.*", @".*passw(or)?d.*",
            @".*credential.*", @".*signature.*", @".*session[-_]?id.*", @"x-.*-key", @".*-auth",
        });

        // Authentication schemes kept in front of the mask (RFC 9110 section 11; the IANA registry plus common API-key words).
        private static readonly Regex SchemeWord = new Regex(
            @"\A(?i:bearer|basic|digest|token|apikey|api-key|key|dsn|hmac|hmac-sha256|aws4-hmac-sha256|negotiate|ntlm|sso-key|otr|splunk)\s+",
            Opts);

        private static Regex[] Compile(string[] patterns)
        {
            var list = new Regex[patterns.Length];
            for (int i = 0; i < patterns.Length; i++) list[i] = new Regex(@"\A(?:" + patterns[i] + @")\z", Opts | RegexOptions.IgnoreCase);
            return list;
        }

        /// <summary>True when a header of this name carries a credential whatever its value looks like.</summary>
        public static bool IsSecretHeaderName(string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            foreach (var r in SecretHeaderNames) if (r.IsMatch(name.Trim())) return true;
            return false;
        }

        /// <summary>
        /// The part of a header value written as plain text that is a credential (null when none): the whole value after an
        /// authentication scheme for a secret-named header, or a token a redaction rule recognises. Template expressions
        /// ({{internal.jwt}}, {{external.api_key}}) are not secrets: Teleport fills them in per request.
        /// </summary>
        public static string PlaintextSecret(string name, string value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            string literal = System.Text.RegularExpressions.Regex.Replace(value, @"\{\{[^{}]*\}\}", "").Trim();
            var scheme = SchemeWord.Match(literal);
            string rest = scheme.Success ? literal.Substring(scheme.Length).Trim() : literal;
            if (IsSecretHeaderName(name) && rest.Length > 0 && !SchemeWord.IsMatch(rest + " ")) return rest;
            if (Redact(literal) != literal || Redact(name + ": " + literal) != name + ": " + literal) return rest.Length > 0 ? rest : literal;
            return null;
        }

        /// <summary>"Name: value" with the credential part of the value masked; templates stay readable.</summary>
        public static string RedactHeader(string name, string value)
        {
            if (value == null)
            {
                // A raw "Name: value" entry (string form that did not parse): split where Teleport would.
                if (string.IsNullOrEmpty(name)) return name;
                int colon = name.IndexOf(':');
                return colon < 0 ? Redact(name) : RedactHeader(name.Substring(0, colon).Trim(), name.Substring(colon + 1).Trim());
            }
            return name + ": " + RedactHeaderValue(name, value);
        }

        public static string RedactHeaderValue(string name, string value)
        {
            if (string.IsNullOrEmpty(value)) return value;
            if (IsSecretHeaderName(name))
            {
                var templates = System.Text.RegularExpressions.Regex.Matches(value, @"\{\{[^{}]*\}\}");
                var scheme = SchemeWord.Match(value.TrimStart());
                string prefix = scheme.Success ? scheme.Value : "";
                string rest = value.TrimStart().Substring(prefix.Length);
                if (templates.Count > 0 && System.Text.RegularExpressions.Regex.Replace(rest, @"\{\{[^{}]*\}\}", "").Trim().Length == 0) return value;
                if (rest.Trim().Length == 0) return value;
                if (templates.Count == 0) return prefix + HeaderMask;
                var sb = new System.Text.StringBuilder(prefix);
                foreach (var piece in System.Text.RegularExpressions.Regex.Split(rest, @"(\{\{[^{}]*\}\})"))
                    sb.Append(piece.StartsWith("{{", StringComparison.Ordinal) ? piece : System.Text.RegularExpressions.Regex.Replace(piece, @"\S+", HeaderMask));
                return sb.ToString();
            }
            var redacted = Redact(value);
            return redacted == value ? value : redacted.Replace(Mask, HeaderMask);
        }

        public static string Redact(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            text = Bearer.Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
            foreach (var r in Rules) text = r.Replace(text, Mask);
            text = KeyValue.Replace(text, m =>
            {
                string v = m.Groups["v"].Value;
                if (v.Length == 0 || v.StartsWith(Mask, StringComparison.Ordinal) || string.Equals(v, "Bearer", StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(v, "Basic", StringComparison.OrdinalIgnoreCase)) return m.Value;
                return m.Groups["k"].Value + m.Groups["sep"].Value + m.Groups["q"].Value + Mask;
            });
            text = UrlUserInfo.Replace(text, m => m.Groups[1].Value + ":" + Mask + "@");
            return text;
        }
    }
}
