using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>One entry of audit-failures.catalog.yaml.</summary>
    public sealed class AuditFailureEntry
    {
        public string Id { get; set; } = "";
        public Severity Severity { get; set; }
        public string Title { get; set; } = "";
        public string? Cause { get; set; }
        public string? Fix { get; set; }
        public string? Doc { get; set; }
        public List<string> Codes { get; set; } = new List<string>();
        public AuditOutcome? Outcome { get; set; }
        public List<string>? Methods { get; set; }
        public Regex? Error { get; set; }

        /// <summary>The transports of the event's app_uri it applies to (None: no app_uri); null: any.</summary>
        public List<McpTransport>? Transports { get; set; }

        /// <summary>A catch-all: it records that something failed and points at another log for the why.</summary>
        public bool Generic { get; set; }

        /// <summary>The app_auth_config setting a verify failure is about (spec.jwt.issuer; "keys": the key source); null when none.</summary>
        public string? ConfigField { get; set; }

        // Teleport's error texts are short and say what they are at their start (after a "Get \"<url>\": " at most): a
        // hostile 10 MB error is matched on its first 64 Ki characters, and a match that still runs out of time is none
        // (the generic entry reports the event).
        private const int ErrorMatchChars = 64 * 1024;

        private bool ErrorMatches(string error)
        {
            try
            {
                return Error!.IsMatch(error.Length <= ErrorMatchChars ? error : error.Substring(0, ErrorMatchChars));
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        public bool Matches(AuditEvent e)
        {
            if (!e.IsFailure) return false;
            if (Codes.Count > 0 && !Codes.Contains(e.Code ?? "")) return false;
            if (Outcome.HasValue && e.Outcome != Outcome.Value) return false;
            if (Methods != null && !Methods.Contains(e.Method ?? "")) return false;
            if (Error != null && (e.Error == null || !ErrorMatches(e.Error))) return false;
            if (Transports != null && !Transports.Contains(e.Transport)) return false;
            return true;
        }
    }

    /// <summary>Failed audit events as findings, from the embedded audit failure catalog (data, not code).</summary>
    public static class AuditFindings
    {
        public const string EmbeddedName = "audit-failures.catalog.yaml";
        public const string Format = "audit";
        private static List<AuditFailureEntry>? s_entries;
        private static readonly object Gate = new object();

        public static IReadOnlyList<AuditFailureEntry> Entries
        {
            get
            {
                lock (Gate) return s_entries ?? (s_entries = Parse(ReadEmbedded(), "embedded:" + EmbeddedName));
            }
        }

        /// <summary>The finding for a failed event, or null for a successful one.</summary>
        public static Finding? ToFinding(AuditEvent e)
        {
            if (!e.IsFailure) return null;
            var entry = Entries.FirstOrDefault(x => x.Matches(e));
            if (entry == null) return null;
            return new Finding
            {
                Id = entry.Id,
                Severity = entry.Severity,
                Title = entry.Title,
                Cause = e.Kind == AuditEventKind.AppAuthConfigVerify ? UnreleasedKinds.EventCause(AppAuthConfigRules.Kind, Fill(entry.Cause, e)) : Fill(entry.Cause, e),
                Fix = Fill(entry.Fix, e),
                HelpUri = entry.Doc,
                Source = e.Source,
                LogFormat = Format,
                LineNumber = e.Line,
                Time = e.Time,
                App = e.App,
                User = e.User,
                Tool = e.Tool,
                SessionId = e.SessionId,
                Evidence = Evidence(e),
                AppAuthConfig = e.AppAuthConfig,
                AppAuthConfigField = entry.ConfigField,
            };
        }

        /// <summary>The event in one line (not the raw JSON: an invalid HTTP request's headers and body are stored unredacted, 2:A8).</summary>
        public static string Evidence(AuditEvent e)
        {
            var parts = new List<string?> { e.Time.HasValue ? e.Time.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "(no time)", e.Code, e.Type };
            if (e.User != null) parts.Add("user=" + e.User);
            if (e.App != null) parts.Add("app=" + e.App);
            if (e.AppAuthConfig != null) parts.Add("app_auth_config=" + e.AppAuthConfig);
            if (e.Method != null) parts.Add("method=" + e.Method);
            if (e.Tool != null) parts.Add("tool=" + e.Tool);
            if (e.HttpMethod != null) parts.Add("http=" + e.HttpMethod + " " + e.HttpPath);
            if (e.SessionId != null) parts.Add("sid=" + e.SessionId);
            if (e.Error != null) parts.Add("error=" + Common.GoText.Quote(e.Error));
            return string.Join(" ", parts);
        }

        /// <summary>
        /// A line sink that reads audit events and also hands every line that is not one to the log scanner (as an
        /// empty line, so the scanner's line numbers stay right and no log entry matches the event a second time).
        /// </summary>
        public static ILineSink WithLogScanner(ILineSink logScanner, string source, Action<Finding> emit, out AuditReadSummary audit) =>
            WithLogScanner(logScanner, source, emit, out audit, out _);

        /// <summary>As above, with the audit reader itself (to number lines that were not given, <see cref="AuditEventReader.NotGiven"/>).</summary>
        public static ILineSink WithLogScanner(ILineSink logScanner, string source, Action<Finding> emit, out AuditReadSummary audit, out AuditEventReader reader)
        {
            reader = new AuditEventReader(source, new AuditEventFilter { FailedOnly = true }, e =>
            {
                var f = ToFinding(e);
                if (f != null) emit(f);
            });
            audit = reader.Summary;
            return new Tee(reader, logScanner);
        }

        private sealed class Tee : ILongLineSink
        {
            private static readonly char[] Empty = Array.Empty<char>();
            private readonly AuditEventReader _audit;
            private readonly ILineSink _log;
            // The long line being read goes to the log scanner (its start was no audit event).
            private ILongLineSink? _longLog;

            public Tee(AuditEventReader audit, ILineSink log)
            {
                _audit = audit;
                _log = log;
            }

            public void FeedLine(char[] buf, int start, int length)
            {
                long before = _audit.Summary.Events;
                _audit.FeedLine(buf, start, length);
                if (_audit.Summary.Events == before) _log.FeedLine(buf, start, length);
                else _log.FeedLine(Empty, 0, 0);
            }

            public void LongLineStart(char[] buf, int start, int length, int cut)
            {
                long before = _audit.Summary.Events;
                _audit.FeedLine(buf, start, cut);
                _audit.LineCut();
                _longLog = _audit.Summary.Events == before ? _log as ILongLineSink : null;
                if (_longLog != null) _longLog.LongLineStart(buf, start, length, cut);
                else if (_audit.Summary.Events == before) _log.FeedLine(buf, start, cut);
                else _log.FeedLine(Empty, 0, 0);
            }

            public void LongLineRest(char[] buf, int start, int length) => _longLog?.LongLineRest(buf, start, length);

            public void LongLineEnd()
            {
                _longLog?.LongLineEnd();
                _longLog = null;
            }

            public void Flush()
            {
                _audit.Flush();
                _log.Flush();
            }
        }

        [return: NotNullIfNotNull("text")]
        private static string? Fill(string? text, AuditEvent e)
        {
            if (text == null) return null;
            // The log catalog's placeholders, {ps:user} included; what the event does not say stays a <placeholder>.
            var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["error"] = e.Error ?? "(no error text)", ["code"] = e.Code ?? "" };
            if (e.User != null) values["user"] = e.User;
            if (e.App != null) values["app"] = e.App;
            if (e.Tool != null) values["tool"] = e.Tool;
            if (e.AppAuthConfig != null) values["config"] = e.AppAuthConfig;
            if (e.AppUri != null) values["app_uri"] = e.AppUri;
            if (e.Method != null) values["method"] = e.Method;
            values["http_method"] = e.HttpMethod ?? "<method>";
            values["http_path"] = e.HttpPath ?? "<path>";
            return LogScanner.Fill(text, values)!;
        }

        private static string ReadEmbedded()
        {
            var asm = typeof(AuditFindings).Assembly;
            foreach (var name in asm.GetManifestResourceNames())
            {
                if (!name.EndsWith(EmbeddedName, StringComparison.Ordinal)) continue;
                using (var s = asm.GetManifestResourceStream(name))
                using (var r = new StreamReader(s)) return r.ReadToEnd();
            }
            throw new InvalidOperationException("The embedded resource " + EmbeddedName + " is missing from the engine.");
        }

        internal static List<AuditFailureEntry> Parse(string text, string source)
        {
            var result = new List<AuditFailureEntry>();
            foreach (var doc in YamlDocumentReader.Read(text, source))
            {
                if (doc.Error != null) throw doc.Error;
                if (!(doc.Root?["entries"] is DocList list)) continue;
                foreach (var item in list.Items)
                {
                    var outcome = item["outcome"]?.AsString();
                    var id = item["id"]?.AsString();
                    var title = item["title"]?.AsString();
                    if (id == null || title == null) throw new InvalidDataException(source + ": an entry without id or title");
                    var entry = new AuditFailureEntry
                    {
                        Id = id,
                        Severity = (Severity)Enum.Parse(typeof(Severity), item["severity"]?.AsString() ?? "Error"),
                        Title = title,
                        Cause = item["cause"]?.AsString(),
                        Fix = item["fix"]?.AsString(),
                        Doc = item["doc"]?.AsString(),
                        Outcome = outcome == null ? (AuditOutcome?)null : (AuditOutcome)Enum.Parse(typeof(AuditOutcome), outcome),
                        Methods = Strings(item["methods"]),
                        Error = item["error"]?.AsString() is string rx ? new Regex(rx, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null,
                    };
                    entry.Codes = Strings(item["codes"]) ?? new List<string>();
                    entry.Transports = Strings(item["transports"])?.Select(t => (McpTransport)Enum.Parse(typeof(McpTransport), t, true)).ToList();
                    entry.Generic = (item["generic"] as DocScalar)?.AsBool() == true;
                    entry.ConfigField = item["config_field"]?.AsString();
                    result.Add(entry);
                }
            }
            return result;
        }

        private static List<string>? Strings(DocNode? node)
        {
            if (node is DocList l) return l.Items.Select(i => i.AsString()).OfType<string>().ToList();
            var s1 = node?.AsString();
            return s1 == null ? null : new List<string> { s1 };
        }
    }
}
