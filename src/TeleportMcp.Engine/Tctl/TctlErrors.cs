using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>Stable kinds of tctl failure that scripts and error ids rely on.</summary>
    public enum TctlErrorKind
    {
        /// <summary>No tctl at -TctlPath nor on PATH.</summary>
        TctlNotFound,
        /// <summary>The user (or resource) does not exist.</summary>
        NotFound,
        AccessDenied,
        /// <summary>tctl has no usable credentials: no tsh profile, an expired one, or not on an auth server.</summary>
        NotLoggedIn,
        /// <summary>tctl did not finish within the timeout and was ended with its child processes.</summary>
        Timeout,
        /// <summary>Any other non-zero exit; the message carries tctl's stderr.</summary>
        Failed,
        /// <summary>tctl exited 0 but printed something that is not the expected JSON.</summary>
        InvalidOutput,
        /// <summary>The OS refused to start tctl: the argument list is longer than it accepts (E2BIG).</summary>
        ArgumentListTooLong,
    }

    public sealed class TctlException : Exception
    {
        public TctlException(TctlErrorKind kind, string message, string? commandLine = null, int exitCode = 0, string? stderr = null)
            : base(message)
        {
            Kind = kind;
            CommandLine = commandLine;
            ExitCode = exitCode;
            Stderr = stderr;
        }

        public TctlErrorKind Kind { get; }
        public string? CommandLine { get; }
        public int ExitCode { get; }
        public string? Stderr { get; }
    }

    /// <summary>Maps tctl's stderr to a TctlErrorKind using tctl-errors.catalog.yaml.</summary>
    public static class TctlErrorCatalog
    {
        private static List<KeyValuePair<string, TctlErrorKind>>? s_entries;

        public static TctlErrorKind Classify(string stderr)
        {
            string text = Clean(stderr);
            foreach (var e in Entries)
                if (text.IndexOf(e.Key, StringComparison.OrdinalIgnoreCase) >= 0) return e.Value;
            return TctlErrorKind.Failed;
        }

        /// <summary>
        /// stderr without colour codes, the kingpin usage text and the "ERROR: " prefix: the line(s) a person needs.
        /// lib/utils/cli.go FatalError prints "ERROR: " (red outside Windows) and the message, then exits 1.
        /// </summary>
        public static string Message(string stderr)
        {
            string text = Clean(stderr).Trim();
            int at = text.LastIndexOf("ERROR: ", StringComparison.Ordinal);
            if (at >= 0) text = text.Substring(at + 7);
            return text.Trim();
        }

        public static string Clean(string stderr) => Common.EscapeSequences.Remove(stderr ?? "").Replace("\r\n", "\n");

        private static List<KeyValuePair<string, TctlErrorKind>> Entries
        {
            get
            {
                if (s_entries != null) return s_entries;
                var list = new List<KeyValuePair<string, TctlErrorKind>>();
                var asm = typeof(TctlErrorCatalog).Assembly;
                string? name = null;
                foreach (var n in asm.GetManifestResourceNames())
                    if (n.EndsWith("tctl-errors.catalog.yaml", StringComparison.Ordinal)) name = n;
                if (name == null) throw new InvalidOperationException("the embedded tctl error catalog is missing");
                string yaml;
                using (var s = asm.GetManifestResourceStream(name))
                using (var r = new StreamReader(s, Encoding.UTF8))
                    yaml = r.ReadToEnd();
                foreach (var doc in YamlDocumentReader.Read(yaml, name))
                {
                    if (doc.Error != null) throw doc.Error;
                    if (!(doc.Root is DocList items)) continue;
                    foreach (var item in items.Items)
                    {
                        var kindText = item["kind"]?.AsString() ?? throw new InvalidDataException("tctl-errors catalog: an entry has no kind");
                        var contains = item["contains"]?.AsString() ?? throw new InvalidDataException("tctl-errors catalog: the " + kindText + " entry has no contains");
                        list.Add(new KeyValuePair<string, TctlErrorKind>(contains, (TctlErrorKind)Enum.Parse(typeof(TctlErrorKind), kindText)));
                    }
                }
                s_entries = list;
                return list;
            }
        }
    }
}
