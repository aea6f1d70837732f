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
    
        /// <summary>The id of a -Header item that cannot be sent (malformed, a bad name or value, a value that is no text).</summary>
        public const string InvalidHeaderCode = "InvalidHeader";

        /// <summary>
        /// -Header as given, each item on its own (the module's per-item rule, <see cref="InputPolicy.IsBlank"/>): a "Name: value"
        /// text (tsh's -H form, 2:H21), or a dictionary (a PowerShell hashtable) of name to value, each entry one header. A blank
        /// item is <see cref="InputPolicy.BlankItemCode"/>, a malformed one <see cref="InvalidHeaderCode"/>, both naming the item's
        /// place (-Header[1]); any other object, and a dictionary value that is null or not one scalar, is InvalidHeader naming
        /// what was given (never its ToString, "System.Collections.Hashtable"). The good headers are returned in order.
        /// A later header whose name equals an earlier one's ignoring case is sent too and noted through <paramref name="note"/>:
        /// HTTP header names are case-insensitive (Go's http.Header canonicalises both spellings to one key with
        /// textproto.CanonicalMIMEHeaderKey, and Teleport deletes a rewritten header by that key, 2:H5), so the server gets two
        /// values of one header and one that reads a single value reads the first.
        /// </summary>
        public static List<KeyValuePair<string, string>> SuppliedHeaders(IReadOnlyList<object?> values, Action<TeleportInputException> refused, Action<string> note)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            if (refused == null) throw new ArgumentNullException(nameof(refused));
            if (note == null) throw new ArgumentNullException(nameof(note));
            const string parameter = "-Header";
            var result = new List<KeyValuePair<string, string>>();
            var places = new List<string>();
            bool many = values.Count > 1;
            for (int i = 0; i < values.Count; i++)
            {
                // The error record puts the place first (-Header[1]: ...); a lone item's message names the parameter itself.
                var at = Choice.ItemOf(parameter, i, values.Count);
                string where = at ?? parameter;
                var v = values[i];
                TeleportArgumentException Refusal(string code, string text, string action) => new TeleportArgumentException(code, (at == null ? parameter + ": " : "") + text)
                {
                    Item = at,
                    TargetObject = where,
                    RecommendedAction = action + (many ? InputPolicy.OthersUsed : "."),
                };
                if (v == null || v is string blank && InputPolicy.IsBlank(blank))
                {
                    refused(Refusal(InputPolicy.BlankItemCode, "got " + (v == null ? "null" : ((string)v).Length == 0 ? "an empty header" : "a header of white space only") + ", which names nothing.",
                        "Remove the item or write the header it was meant to hold as 'Name: value'"));
                    continue;
                }
                if (v is string text)
                {
                    if (TryParseClientHeader(text, out var name, out var value, out var error)) Add(name, value, where);
                    else refused(Refusal(InvalidHeaderCode, error, "Write each header as 'Name: value'"));
                    continue;
                }
                if (v is System.Collections.IDictionary map)
                {
                    if (map.Count == 0)
                        refused(Refusal(InputPolicy.BlankItemCode, "got an empty hashtable, which names nothing.", "Remove the item or give @{ Name = 'value' }"));
                    foreach (System.Collections.DictionaryEntry e in map)
                    {
                        string key = e.Key as string ?? Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        string shownKey = GoText.Quote(OutputText.SafeName(key.Trim()) ?? "");
                        string? scalar = e.Value is string s ? s : e.Value is IConvertible c && !(e.Value is System.Collections.IEnumerable) ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                        if (!ValidName(key.Trim()))
                            refused(Refusal(InvalidHeaderCode, "invalid http header name: " + shownKey, "Give each hashtable key as a header name"));
                        else if (scalar == null)
                            refused(Refusal(InvalidHeaderCode, "the value of " + shownKey + " is " + (e.Value == null ? "null" : "a " + e.Value.GetType().FullName) + ", not one text value.",
                                "Give each header one text value (a header sent twice is two items 'Name: value')"));
                        else if (!ValidValue(scalar.Trim()))
                            refused(Refusal(InvalidHeaderCode, "invalid http header value: " + GoText.Quote(Redactor.RedactHeaderValue(key.Trim(), scalar.Trim())), "Remove the control characters from the value"));
                        else Add(key.Trim(), scalar.Trim(), where + "[" + shownKey + "]");
                    }
                    continue;
                }
                refused(Refusal(InvalidHeaderCode, "got a " + v.GetType().FullName + ", which is neither 'Name: value' nor a hashtable of name to value.",
                    "Write each header as 'Name: value' or @{ Name = 'value' }"));
            }
            return result;

            void Add(string name, string value, string place)
            {
                for (int j = 0; j < result.Count; j++)
                {
                    if (!string.Equals(result[j].Key, name, StringComparison.OrdinalIgnoreCase)) continue;
                    note(place + " names the header " + GoText.Quote(OutputText.SafeName(name) ?? "") + " again, as " + places[j] + " did (" + GoText.Quote(OutputText.SafeName(result[j].Key) ?? "") +
                         "): header names ignore case, so both values are sent as one header's two values, and a server that reads one value reads the first.");
                    break;
                }
                result.Add(new KeyValuePair<string, string>(name, value));
                places.Add(place);
            }
        }

        /// <summary>A supplied header as tsh's -H text ("Name: value"), which <see cref="TryParseClientHeader"/> reads back unchanged.</summary>
        public static string ClientText(KeyValuePair<string, string> header) => header.Key + ": " + header.Value;
}
}
