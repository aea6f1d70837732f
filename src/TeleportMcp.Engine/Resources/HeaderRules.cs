using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>How Teleport reads and validates one rewrite.headers entry.</summary>
    public static class HeaderRules
    {
        // lib/srv/app/common/header.go @c4e50bbc ReservedHeaders (2:H4; older lib/utils/app/app.go @9952c291): teleport.AppJWTHeader,
        // X-Forwarded-Ssl, the four X-Teleport-* headers, plus reverseproxy.XHeaders (lib/httplib/reverseproxy, newest stored and
        // @01264f3e: X-Forwarded-Proto/-For/-Host/-Port/-Server, X-Real-Ip); compared by http.CanonicalHeaderKey: the full list.
        public static readonly IReadOnlyCollection<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "teleport-jwt-assertion", "X-Forwarded-Ssl", "X-Teleport-Api-Error", "X-Teleport-Api-Info",
            "X-Teleport-Aws-Assumed-Role", "X-Teleport-Aws-Assumed-Role-Authorization",
            "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Server", "X-Forwarded-Port", "X-Real-Ip",
        };

        public static bool IsReserved(string? name) => name != null && Reserved.Contains(name.Trim());

        /// <summary>
        /// The teleport.yaml form: ParseHeader splits on the first ':' and trims both halves, and each of its errors quotes
        /// the whole entry (lib/service/servicecfg/app.go @f0923e72 ParseHeader, 2:H2/2:H3), masked here where it holds a credential.
        /// </summary>
        public static RewriteHeader ParseStringForm(string raw, SourceLocation? location)
        {
            var h = RewriteHeader.FromRaw(raw, location);
            int colon = raw.IndexOf(':');
            if (colon < 0)
            {
                h.ParseError = "failed to parse " + GoText.Quote(Redactor.RedactUnparsedHeader(raw)) + " as http header";
                return h;
            }
            string name = raw.Substring(0, colon).Trim(), value = raw.Substring(colon + 1).Trim();
            h.SetParsed(name, value);
            if (!ValidName(name)) h.ParseError = "invalid http header name: " + GoText.Quote(Redactor.RedactHeader(raw, null));
            else if (!ValidValue(value)) h.ParseError = "invalid http header value: " + GoText.Quote(Redactor.RedactHeader(raw, null));
            return h;
        }

        /// <summary>The {name, value} form: name and value validity (httpguts.ValidHeaderFieldName / ValidHeaderFieldValue, 2:H3).</summary>
        public static RewriteHeader Check(RewriteHeader h)
        {
            if (!ValidName(h.Name)) h.ParseError = "invalid http header name: " + GoText.Quote(h.Name ?? "");
            else if (!ValidValue(h.RealValue())) h.ParseError = "invalid http header value: " + GoText.Quote(h.Value ?? "");
            return h;
        }

        // RFC 7230 token characters.
        public static bool ValidName([NotNullWhen(true)] string? name)
        {
            if (name == null || name.Length == 0) return false;
            foreach (char c in name)
            {
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') continue;
                if ("!#$%&'*+-.^_`|~".IndexOf(c) >= 0) continue;
                return false;
            }
            return true;
        }

        // No control characters other than horizontal tab (httpguts.ValidHeaderFieldValue works on bytes: CTLs are below 0x20
        // and DEL; obs-text 0x80-0xFF passes, so no character from U+0080 on is refused, its UTF-8 bytes being 0x80 or more).
        public static bool ValidValue(string? value)
        {
            if (value == null) return true;
            foreach (char c in value)
                if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
            return true;
        }

        /// <summary>A header line in tsh's -H form ("Name: value"); tsh answers malformed header %q without a colon (2:H21).</summary>
        public static bool TryParseClientHeader(string? raw, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
        {
            name = value = error = null;
            int colon = raw?.IndexOf(':') ?? -1;
            if (raw == null || colon < 0)
            {
                error = "malformed header " + GoText.Quote(Redactor.RedactUnparsedHeader(raw ?? ""));
                return false;
            }
            name = raw.Substring(0, colon).Trim();
            value = raw.Substring(colon + 1).Trim();
            if (!ValidName(name)) error = "invalid http header name: " + GoText.Quote(name);
            else if (!ValidValue(value)) error = "invalid http header value: " + GoText.Quote(Redactor.RedactHeaderValue(name, value));
            return error == null;
        }
    }
}
