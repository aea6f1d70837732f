using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TeleportMcp.Engine.Rbac;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>One server as the planner sees it: its real tool names in list order, and the ones to grant.</summary>
    internal sealed class PlannedServer
    {
        public string? App;
        public required List<string> Real;
        public required HashSet<string> Intended;
    }

    /// <summary>
    /// Chooses the allow.mcp.tools entries: the fewest entries that match exactly the intended tools on every server and
    /// nothing else there. A glob or regex is a candidate only when Teleport's matcher (TeleportPattern, rules P1-P5)
    /// says so against every real tool; everything left is a literal name.
    /// </summary>
    internal static class ToolEntryPlanner
    {
        private const string Separators = "_-.:/";

        // Past these sizes a pattern search costs more than it saves: a grouping regex of more names is unreadable, and a
        // server listing thousands of tools gets literal names (checked in the same linear time as any other role).
        internal const int MaxRegexAlternatives = 16;
        internal const int MaxToolsForPatterns = 2000;

        private sealed class Candidate
        {
            public required string Text;
            public EntryKind Kind;
            public required HashSet<string> Covers;
            public bool IsLiteral;
        }

        public static List<DesignedEntry> Plan(IList<PlannedServer> servers, bool literalOnly)
        {
            if (servers.Sum(x => x.Real.Count) > MaxToolsForPatterns) literalOnly = true;
            var wanted = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in servers)
                foreach (var n in s.Real)
                    if (s.Intended.Contains(n) && seen.Add(n)) wanted.Add(n);

            var chosen = new List<Candidate>();
            var uncovered = new HashSet<string>(wanted, StringComparer.Ordinal);
            if (!literalOnly)
            {
                var candidates = Candidates(servers, wanted);
                while (true)
                {
                    Candidate? best = null;
                    int bestGain = 1;
                    foreach (var c in candidates)
                    {
                        int gain = c.Covers.Count(uncovered.Contains);
                        if (gain > bestGain || (gain == bestGain && best != null && Better(c, best)))
                        {
                            best = c;
                            bestGain = gain;
                        }
                    }
                    if (best == null) break;
                    chosen.Add(best);
                    uncovered.ExceptWith(best.Covers);
                }
                // A pattern whose tools the others cover anyway is dropped, latest choice first.
                for (int i = chosen.Count - 1; i >= 0; i--)
                {
                    var others = new HashSet<string>(chosen.Where((c, j) => j != i).SelectMany(c => c.Covers), StringComparer.Ordinal);
                    if (chosen[i].Covers.All(others.Contains)) chosen.RemoveAt(i);
                }
            }
            foreach (var n in wanted)
                if (uncovered.Contains(n))
                    chosen.Add(new Candidate { Text = LiteralEntry(n, out var kind), Kind = kind, IsLiteral = true, Covers = new HashSet<string>(StringComparer.Ordinal) { n } });

            var realSets = servers.ToDictionary(x => x, x => new HashSet<string>(x.Real, StringComparer.Ordinal));
            var order = wanted.Select((n, i) => new KeyValuePair<string, int>(n, i)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var result = new List<DesignedEntry>();
            foreach (var c in chosen.OrderBy(c => c.Covers.Min(n => order[n])))
            {
                var entry = new DesignedEntry { Text = c.Text, Kind = c.Kind };
                foreach (var s in servers)
                {
                    // A literal entry covers its own name by construction; the proof checks every entry with the engine anyway.
                    var covers = c.IsLiteral ? (realSets[s].Contains(c.Covers.First()) ? new List<string>(c.Covers) : new List<string>()) : Matches(c.Text, s.Real);
                    entry.Covers.Add(new KeyValuePair<string, List<string>>(s.App ?? "", covers));
                }
                result.Add(entry);
            }
            return result;
        }

        // Same gain: a glob reads better than a regex; then the shorter text.
        private static bool Better(Candidate a, Candidate b)
        {
            if (a.Kind != b.Kind) return a.Kind == EntryKind.Glob;
            return a.Text.Length < b.Text.Length;
        }

        /// <summary>A name written so Teleport matches exactly it: as is, or as ^quoted$ when it would read as a glob, a regex or a template.</summary>
        public static string LiteralEntry(string name, out EntryKind kind)
        {
            bool looksRegex = name.Length > 0 && name[0] == '^' && name[name.Length - 1] == '$';
            if (name.IndexOf('*') < 0 && !looksRegex && !HasTemplateBraces(name))
            {
                kind = EntryKind.Literal;
                return name;
            }
            kind = EntryKind.Regex;
            return "^" + QuoteMeta(name) + "$";
        }

        // lib/utils/parse/parse.go: an entry containing "{{" or "}}" is a trait template (I2).
        internal static bool HasTemplateBraces(string s) => s.IndexOf("{{", StringComparison.Ordinal) >= 0 || s.IndexOf("}}", StringComparison.Ordinal) >= 0;

        /// <summary>Go's regexp.QuoteMeta: escapes \.+*?()|[]{}^$.</summary>
        public static string QuoteMeta(string s)
        {
            var sb = new StringBuilder(s.Length * 2);
            foreach (var c in s)
            {
                if ("\\.+*?()|[]{}^$".IndexOf(c) >= 0) sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }

        public static List<string> Matches(string entry, IEnumerable<string> names)
        {
            var p = TeleportPattern.Get(entry);
            return names.Where(n => p.Match(n).Outcome == MatchOutcome.Match).Distinct(StringComparer.Ordinal).ToList();
        }

        private static List<Candidate> Candidates(IList<PlannedServer> servers, List<string> wanted)
        {
            var prefixes = new HashSet<string>(StringComparer.Ordinal);
            var suffixes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in wanted)
            {
                for (int i = 1; i < n.Length; i++)
                {
                    if (IsBoundaryAfter(n, i)) prefixes.Add(n.Substring(0, i));
                    if (IsBoundaryBefore(n, i)) suffixes.Add(n.Substring(i));
                }
            }
            var result = new List<Candidate>();
            // Every tool of every server is wanted: '*' is the exact form (P2), and -Literal is the way to refuse future tools.
            var all = Check(servers, "*", EntryKind.Glob);
            if (all != null) result.Add(all);
            foreach (var p in prefixes)
            {
                if (p.IndexOf('*') >= 0 || HasTemplateBraces(p)) continue;
                var glob = Check(servers, p + "*", EntryKind.Glob);
                if (glob != null)
                {
                    result.Add(glob);
                    continue;
                }
                // The glob would also match a withheld tool (read_file* and read_file_and_delete): list the wanted ones under p.
                var under = wanted.Where(n => n.StartsWith(p, StringComparison.Ordinal)).ToList();
                if (under.Count < 2 || under.Count > MaxRegexAlternatives) continue;
                var regex = "^" + QuoteMeta(p) + "(" + string.Join("|", under.Select(n => QuoteMeta(n.Substring(p.Length)))) + ")$";
                var r = Check(servers, regex, EntryKind.Regex);
                if (r != null) result.Add(r);
            }
            foreach (var s in suffixes)
            {
                if (s.IndexOf('*') >= 0 || HasTemplateBraces(s)) continue;
                var glob = Check(servers, "*" + s, EntryKind.Glob);
                if (glob != null) result.Add(glob);
            }
            return result;
        }

        /// <summary>The candidate when Teleport's matcher finds it exact on every server and covering two tools or more.</summary>
        private static Candidate? Check(IList<PlannedServer> servers, string text, EntryKind kind)
        {
            var p = TeleportPattern.Get(text);
            if (p.Error != null || p.Unsupported != null) return null;
            var covers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in servers)
            {
                foreach (var n in s.Real)
                {
                    var m = p.Match(n).Outcome;
                    if (m == MatchOutcome.NoMatch) continue;
                    if (m != MatchOutcome.Match || !s.Intended.Contains(n)) return null;
                    covers.Add(n);
                }
            }
            return covers.Count >= 2 ? new Candidate { Text = text, Kind = kind, Covers = covers } : null;
        }

        // A prefix ends at a word boundary: after a separator, or between a lower-case letter or digit and an upper-case one.
        private static bool IsBoundaryAfter(string n, int i) =>
            Separators.IndexOf(n[i - 1]) >= 0 || (char.IsUpper(n[i]) && char.IsLetterOrDigit(n[i - 1]) && !char.IsUpper(n[i - 1]));

        // A suffix starts at a word boundary: at a separator, or at an upper-case letter after a lower-case one or a digit.
        private static bool IsBoundaryBefore(string n, int i) =>
            Separators.IndexOf(n[i]) >= 0 || (char.IsUpper(n[i]) && char.IsLetterOrDigit(n[i - 1]) && !char.IsUpper(n[i - 1]));
    }
}
