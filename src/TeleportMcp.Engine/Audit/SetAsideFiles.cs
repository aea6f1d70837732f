using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TeleportMcp.Engine.Audit
{
    /// <summary>
    /// The piped files whose audit events were set aside (not read: HeldEventChars, or more files interleaved than are kept),
    /// said as one warning per reason when the input ends, with the count and the first few files; each file's own line on
    /// the verbose stream. Before, one warning per file: 61 of them when 64 files each held a 4 Mi-character event.
    /// </summary>
    internal sealed class SetAsideFiles
    {
        /// <summary>Files named in the warning, at most; the others are counted (and each said on the verbose stream).</summary>
        public const int Named = 3;

        private sealed class Group
        {
            public Group(string reason) => Reason = reason;
            public readonly string Reason;
            public long Files, Events;
            public readonly List<string> First = new List<string>(Named);
            // The one file's own text, while there is only one: said as before.
            public string? Only;
        }

        // By reason, in the order first met: a few at most (the shared bound, a file dropped past the kept ones).
        private readonly List<Group> _groups = new List<Group>();

        /// <summary>A file's reading ended with events set aside: counted, and its own text returned (for the verbose stream).</summary>
        public string Add(AuditReadSummary s)
        {
            if (s == null) throw new ArgumentNullException(nameof(s));
            string reason = s.SetAsideReason ?? "";
            var group = _groups.Find(g => g.Reason == reason);
            if (group == null) _groups.Add(group = new Group(reason));
            string text = AuditEventQuery.SetAsideText(s);
            group.Only = group.Files == 0 ? text : null;
            group.Files++;
            group.Events += s.SetAside;
            // A name among others on one line: its line breaks and tabs escaped too, so no name starts a line of its own.
            if (group.First.Count < Named) group.First.Add(Output.OutputText.SafeName(s.Source) + ":" + s.FirstSetAsideLine);
            return text;
        }

        /// <summary>The warnings, one per reason, and forgets them: a single file's is its own text (<see cref="AuditEventQuery.SetAsideText"/>).</summary>
        public List<string> Take()
        {
            var said = new List<string>(_groups.Count);
            foreach (var g in _groups)
            {
                if (g.Only != null)
                {
                    said.Add(g.Only);
                    continue;
                }
                var text = new StringBuilder();
                text.Append(N(g.Events)).Append(" audit event(s) of ").Append(N(g.Files)).Append(" piped files were not read: ").Append(g.Reason)
                    .Append("; their lines were skipped. The first: ").Append(string.Join(", ", g.First));
                if (g.Files > g.First.Count) text.Append(" and ").Append(N(g.Files - g.First.Count)).Append(" more file(s)");
                text.Append(" (-Verbose names each file and line). Pipe the files one after another, or give them with -Path.");
                said.Add(text.ToString());
            }
            _groups.Clear();
            return said;
        }

        private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
