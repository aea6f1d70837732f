using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;
using TeleportMcp.Engine.Json;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>One known failure: how to recognise it and what to do about it.</summary>
    public sealed class KnownError
    {
        public string Id { get; internal set; } = "";
        public Severity Severity { get; internal set; }
        public string? Title { get; internal set; }
        /// <summary>Literal fragments: the regex runs only on records that contain one of them.</summary>
        public string[] Prefilters { get; internal set; } = Array.Empty<string>();
        public Regex? Match { get; internal set; }
        public string? Cause { get; internal set; }
        public string? Fix { get; internal set; }
        public string? Doc { get; internal set; }
        public string[] Sources { get; internal set; } = Array.Empty<string>();
        public string[] Supersedes { get; internal set; } = Array.Empty<string>();
        /// <summary>
        /// Ids of entries whose record, logged just before this one for the same app and user with the same error, is the same
        /// failure seen twice: that finding is not reported alone but becomes this one's first evidence.
        /// </summary>
        public string[] Repeats { get; internal set; } = Array.Empty<string>();
        public bool Enabled { get; internal set; } = true;

        /// <summary>
        /// Resource kinds no Teleport release accepts, which this entry explains: the resource reader warns at them and a
        /// check relying on one fails with this entry (UnreleasedKinds). Empty for an entry about log lines only.
        /// </summary>
        public string[] UnreleasedKinds { get; internal set; } = Array.Empty<string>();
        /// <summary>A catch-all: it records that something failed and says where to look for the why.</summary>
        public bool Generic { get; internal set; }
        /// <summary>
        /// A state, not an event: its record opens it, its own record again keeps it open (one finding), a line the client
        /// relays of the server's output (its stderr, a stdout line it could not parse) or a message line that answers no request leaves it open, any other record
        /// closes it; reported only when the input ends while it is open.
        /// </summary>
        public bool Pending { get; internal set; }
        /// <summary>Where the entry was defined (the embedded catalog or an admin file).</summary>
        public SourceLocation? DefinedAt { get; internal set; }

        private MatchReach? _reach;

        /// <summary>How much of a line one match of <see cref="Match"/> reads (null without a pattern).</summary>
        internal MatchReach? Reach => Match == null ? null : _reach ?? (_reach = MatchReach.Of(Match.ToString()));

        internal bool AppliesTo(string source)
        {
            if (source == LogSources.Plain) return true;
            foreach (var s in Sources)
                if (s == LogSources.Any || s == source) return true;
            return false;
        }
    }

    /// <summary>The source families a log line can come from (the catalog's <c>sources</c> values).</summary>
    public static class LogSources
    {
        public const string Teleport = "teleport";
        public const string Tsh = "tsh";
        public const string ClaudeDesktop = "claude-desktop";
        public const string VsCode = "vscode";
        public const string Cursor = "cursor";
        public const string ClaudeCode = "claude-code";
        public const string CopilotCli = "copilot-cli";
        public const string Any = "any";
        /// <summary>A line of no known format: every entry is tried.</summary>
        public const string Plain = "plain";

        internal static readonly string[] Known = { Teleport, Tsh, ClaudeDesktop, VsCode, Cursor, ClaudeCode, CopilotCli, Any };
    }

    /// <summary>The known-error catalog: the embedded one, optionally extended or overridden by admin files.</summary>
    public sealed class KnownErrorCatalog
    {
        public const string EmbeddedName = "known-errors.catalog.yaml";
        private static readonly string[] Severities = { "Error", "Warning", "Information" };
        private static readonly HashSet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "severity", "title", "sources", "prefilter", "match", "cause", "fix", "doc", "supersedes", "repeats", "enabled", "generic", "pending", "unreleased_kinds",
        };
        private static readonly Regex IdPattern = new Regex(@"^[A-Za-z][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
        // A placeholder with a form: {sh:name}, {ps:name} and {psname:name} are quoted for that shell (LogScanner.Fill).
        private static readonly Regex PlaceholderForm = new Regex(@"\{(?<form>[A-Za-z]+):[A-Za-z_][A-Za-z0-9_]*\}", RegexOptions.CultureInvariant);
        private static KnownErrorCatalog? s_embedded;

        private KnownErrorCatalog(List<KnownError> entries)
        {
            Entries = entries;
            _turnedOff = new int[entries.Count];
            _ranOnLongText = new int[entries.Count];
        }

        // Entries whose pattern timed out in this catalog's scans (per instance: Load makes one per scan, see Embedded).
        private readonly int[] _turnedOff;

        /// <summary>
        /// Told once per entry whose pattern ran past its timeout on a record once the scan's <see cref="LineTimeoutBudget"/> was
        /// spent (CatalogPatternTimeout): the entry is then turned off for the rest of the scan, so a pattern that backtracks
        /// without end costs a bounded number of timeouts, not one per line. Before that, the entry is Indeterminate for the
        /// line it timed out on only (<see cref="PatternUndecided"/>).
        /// </summary>
        public Action<TeleportInputException> PatternTimedOut { get; set; } = _ => { };

        /// <summary>
        /// Whether entry <paramref name="index"/> was turned off in one of this catalog's inputs after its pattern timed out (or
        /// an input stopped running patterns: <see cref="ScanTimeoutCap"/>). The caps are per input (<see cref="InputTimeouts"/>):
        /// an entry turned off in one file is still run on the next.
        /// </summary>
        public bool IsTurnedOff(int index) => System.Threading.Volatile.Read(ref _stopped) != 0 || System.Threading.Volatile.Read(ref _turnedOff[index]) != 0;

        /// <summary>
        /// One input's pattern timeouts (a file, or the lines piped in: one <see cref="LogScanner"/>). The caps
        /// (<see cref="LineTimeoutBudget"/>, <see cref="ScanTimeoutCap"/>) count per input, so a hostile file costs at most
        /// ScanTimeoutCap x 2 s and switches off no checking of the files after it ("no input may hang past a timeout",
        /// docs/teleport-facts.md session 46; review 332, session 47).
        /// </summary>
        internal sealed class InputTimeouts
        {
            internal InputTimeouts(int entries) => TurnedOff = new int[entries];
            internal int Taken;
            internal int Stopped;
            internal readonly int[] TurnedOff;
        }

        /// <summary>A new input's timeout counts (each scanner takes one).</summary>
        internal InputTimeouts NewInput() => new InputTimeouts(Entries.Count);

        /// <summary>Whether entry <paramref name="index"/> is off for the input <paramref name="t"/>: turned off there, or the input stopped running patterns.</summary>
        internal static bool IsTurnedOff(InputTimeouts t, int index) =>
            System.Threading.Volatile.Read(ref t.Stopped) != 0 || System.Threading.Volatile.Read(ref t.TurnedOff[index]) != 0;

        /// <summary>
        /// Pattern timeouts one line may cost (a record with the lines joined to it, or a long line: its start, windows and end).
        /// Once this many patterns ran past their timeout on a line, the line's other entries are not run on it: they are
        /// Indeterminate for the line (<see cref="NotRun"/>, one error naming them and why), so a line costs at most this many
        /// timeouts (LineTimeoutCap x 2 s), not one per entry. The lines after it are checked as before. The module's own rule
        /// ("no input may hang past a timeout", docs/teleport-facts.md session 46).
        /// </summary>
        internal const int LineTimeoutCap = 3;

        /// <summary>
        /// Pattern timeouts one input (a file, or the lines piped in) may cost in all. The timeout that reaches it stops that
        /// input's pattern matching: no catalog pattern runs on the rest of it (every entry is off for it), said once
        /// (<see cref="PatternTimeoutCode"/>, naming the input and the line), so an input costs at most ScanTimeoutCap x 2 s in
        /// timeouts, however many entries or lines time out; the next input starts with none taken.
        /// </summary>
        internal const int ScanTimeoutCap = 8;

        private int _stopped;

        /// <summary>
        /// Pattern timeouts an input (a file, or the lines piped in: <see cref="InputTimeouts"/>) takes line by line: the entry is Indeterminate for that
        /// line only and checked again on the next. Past this many, a timeout turns its entry off for the rest of the input
        /// (<see cref="PatternTimeoutCode"/>). A line runs an entry that timed out on it no more (LogScanner), so a scan costs at
        /// most (LineTimeoutBudget + entries) timeouts, a line at most one per entry, whatever its length or windows.
        /// </summary>
        internal const int LineTimeoutBudget = 3;

        /// <summary>The match timeout of every catalog pattern.</summary>
        internal static TimeSpan PatternTimeout => MatchTimeout;

        /// <summary>
        /// Tests only: when set, a match of the entry on the text (from the place given) throws <see cref="RegexMatchTimeoutException"/>
        /// instead of running, as a pattern that ran past <see cref="MatchTimeout"/> does (counted rows, no timed assertion).
        /// </summary>
        internal Func<KnownError, string, int, bool>? TimesOut { get; set; }

        /// <summary>Entry <paramref name="index"/>'s pattern on <paramref name="text"/> from <paramref name="at"/> (the one place scans run a catalog pattern).</summary>
        internal Match Run(int index, string text, int at = 0)
        {
            var entry = Entries[index];
            ParseCounter.Add(ParseCounter.CatalogMatchCalls);
            if (text.Length >= KeptTextChars) System.Threading.Volatile.Write(ref _ranOnLongText[index], 1);
            if (TimesOut != null && TimesOut(entry, text, at))
                throw new RegexMatchTimeoutException(text, entry.Match!.ToString(), MatchTimeout);
            try
            {
                return entry.Match!.Match(text, at);
            }
            catch (RegexMatchTimeoutException)
            {
                // A match that times out leaves its text in the pattern's runner (.NET 10, measured): dropped at the input's end.
                System.Threading.Volatile.Write(ref _ranOnLongText[index], 1);
                throw;
            }
        }

        /// <summary>
        /// The length of text from which a scan drops the pattern's hold on it when it ends (<see cref="ReleaseTexts"/>): 64 Ki
        /// characters (128 KB); a shorter text kept until the pattern's next match costs little.
        /// </summary>
        internal const int KeptTextChars = 1 << 16;

        // Entries whose pattern timed out, or ran on a text of KeptTextChars or more, since the last ReleaseTexts.
        private readonly int[] _ranOnLongText;

        /// <summary>
        /// Drops what the patterns that timed out or ran on a long text still hold of it. A .NET <see cref="Regex"/> keeps one
        /// runner for its next match; on .NET 10 (measured in session 47, pwsh 7.6.9) the runner's Match keeps the text of a
        /// match that timed out (a failed or successful match leaves none), which is how, after a hostile scan, TMCP-LOG-001's
        /// runner held a 12 Mi line start, 24 MB (session 46), while the embedded catalog's Regex objects live on; .NET
        /// Framework's runner is not measured here, so a text of <see cref="KeptTextChars"/> or more is released too. A match on
        /// the empty text replaces that text with ""; it runs only for the entries so marked, so a scan of ordinary lines does
        /// nothing here. Called at the end of each input (LogScanner.Flush). Best effort: another scan using the same pattern at
        /// the time keeps its own runner.
        /// </summary>
        internal void ReleaseTexts()
        {
            for (int i = 0; i < _ranOnLongText.Length; i++)
            {
                if (System.Threading.Interlocked.Exchange(ref _ranOnLongText[i], 0) == 0) continue;
                try
                {
                    Entries[i].Match?.Match(string.Empty);
                }
                catch (RegexMatchTimeoutException)
                {
                    // Not on an empty text; nothing more to drop then.
                }
            }
        }

        /// <summary>
        /// Entry <paramref name="index"/>'s pattern timed out on the record or line at <paramref name="line"/>. True while the
        /// scan's <see cref="LineTimeoutBudget"/> lasts: the caller makes the entry Indeterminate for that line only (and runs it
        /// there no more). False once it is spent: the entry is turned off for the rest of the scan (<see cref="TimedOut"/>).
        /// </summary>
        internal bool LineTimedOut(InputTimeouts t, int index, string source, long line)
        {
            ParseCounter.Add(ParseCounter.CatalogPatternTimeouts);
            int taken = System.Threading.Interlocked.Increment(ref t.Taken);
            if (taken >= ScanTimeoutCap)
            {
                Stop(t, index, source, line);
                return false;
            }
            if (taken <= LineTimeoutBudget) return true;
            TimedOut(t, index, source, line);
            return false;
        }

        /// <summary>The input's <see cref="ScanTimeoutCap"/>-th pattern timeout: no pattern runs on the rest of that input; said once per input.</summary>
        private void Stop(InputTimeouts t, int index, string source, long line)
        {
            if (System.Threading.Interlocked.Exchange(ref t.Stopped, 1) != 0) return;
            System.Threading.Volatile.Write(ref _stopped, 1);
            var entry = Entries[index];
            string s = MatchTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string n = line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            PatternTimedOut(new TeleportInputException(PatternTimeoutCode,
                "the match pattern of known error " + entry.Id + " ran longer than " + s + " s on the record at " + source + ":" + n +
                " after " + (ScanTimeoutCap - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " other pattern timeouts in " + source + ", the most one input spends (" +
                ScanTimeoutCap.ToString(System.Globalization.CultureInfo.InvariantCulture) + " x " + s + " s): no known-error pattern is run on the rest of " + source +
                ", so in " + source + " the entries not yet run on line " + n + " and every line after line " + n + " were not checked for known errors (the other inputs are checked: the cap is per input)",
                new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Find the catalog patterns that backtrack without end (nested repetition such as (a+)+) and rewrite them, or split the input and scan the rest again.",
            });
        }

        /// <summary>Whether the input stopped running patterns or turned an entry off (what a later reading of it inherits).</summary>
        internal static bool AnyOff(InputTimeouts t)
        {
            if (System.Threading.Volatile.Read(ref t.Stopped) != 0) return true;
            foreach (var off in t.TurnedOff)
                if (off != 0) return true;
            return false;
        }

        /// <summary>
        /// A source read anew in the same command (a piped file given twice, or set aside and not remembered) whose earlier reading spent its pattern timeouts
        /// (<see cref="InputTimeouts"/> count per source for the command, PipedLogLines): what stays off for this reading, said
        /// once at its first line <paramref name="line"/>, as <see cref="Stop"/> and <see cref="TimedOut"/> said it for the
        /// lines after theirs. Nothing when nothing is off.
        /// </summary>
        internal void StillOff(InputTimeouts t, string source, long line)
        {
            bool stopped = System.Threading.Volatile.Read(ref t.Stopped) != 0;
            var ids = new List<string>();
            if (!stopped)
                for (int i = 0; i < t.TurnedOff.Length; i++)
                    if (System.Threading.Volatile.Read(ref t.TurnedOff[i]) != 0) ids.Add(Entries[i].Id);
            if (!stopped && ids.Count == 0) return;
            ids.Sort(StringComparer.Ordinal);
            string s = MatchTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string n = line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            PatternTimedOut(new TeleportInputException(PatternTimeoutCode,
                "a new reading of " + source + " starts at line " + n + ": an earlier reading of it in this command took " +
                System.Threading.Volatile.Read(ref t.Taken).ToString(System.Globalization.CultureInfo.InvariantCulture) + " pattern timeouts of " + s +
                " s, and the caps count per input for the whole command (" + ScanTimeoutCap.ToString(System.Globalization.CultureInfo.InvariantCulture) + " x " + s + " s an input), so " +
                (stopped
                    ? "no known-error pattern is run on this reading either: its lines were not checked for known errors"
                    : (ids.Count == 1 ? "known error " + ids[0] + " stays" : "known errors " + string.Join(", ", ids) + " stay") +
                      " turned off for it: its lines were not checked for " + (ids.Count == 1 ? "it" : "them")),
                new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Find the catalog patterns that backtrack without end (nested repetition such as (a+)+) and rewrite them, or scan the file again in a command of its own.",
            });
        }

        /// <summary>
        /// Entries whose prefilter text occurs in a line but which were not run on it, because <see cref="LineTimeoutCap"/>
        /// patterns had already timed out there (<paramref name="timedOut"/>, their ids): one KnownErrorIndeterminate error for
        /// the line, naming how many entries and which, and why. <paramref name="lineLength"/>: a long line's length text, or null for a record.
        /// </summary>
        internal void NotRun(IReadOnlyCollection<KnownError> entries, IReadOnlyCollection<string> timedOut, string source, long line, string? lineLength)
        {
            if (entries.Count == 0) return;
            var ids = new List<string>();
            foreach (var e in entries) ids.Add(e.Id);
            ids.Sort(StringComparer.Ordinal);
            string n = entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string where = source + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            PatternUndecided(new TeleportInputException(IndeterminateCode,
                (entries.Count == 1 ? "known error " + ids[0] + " (1 entry" : "known errors " + string.Join(", ", ids) + " (" + n + " entries") +
                " whose prefilter text occurs in it) " + (entries.Count == 1 ? "is" : "are") + " Indeterminate for the " +
                (lineLength == null ? "record at " + where : "line at " + where + " (" + lineLength + ")") + ": not run on it, because " +
                timedOut.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " patterns (" + string.Join(", ", timedOut) + ") ran longer than " +
                MatchTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s on it, the most one line may cost (" +
                LineTimeoutCap.ToString(System.Globalization.CultureInfo.InvariantCulture) + " pattern timeouts a line); the lines after it are still checked",
                new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Read the line's text yourself for those entries (it may hold secrets), or remove the line and scan again; the entries run before the cap were checked.",
            });
        }

        /// <summary>Why an entry whose pattern timed out on a line is Indeterminate there (the line's other entries were checked).</summary>
        internal static string LineTimeoutReason(int taken) =>
            "its pattern ran longer than " + MatchTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            " s on it, so it was not run on the line again (pattern timeout " + taken.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the " +
            LineTimeoutBudget.ToString(System.Globalization.CultureInfo.InvariantCulture) + " an input takes line by line; the lines after it are still checked)";

        /// <summary>The line timeouts the input has taken so far (at most <see cref="LineTimeoutBudget"/> count as such).</summary>
        internal static int LineTimeoutsTaken(InputTimeouts t) => Math.Min(LineTimeoutBudget, System.Threading.Volatile.Read(ref t.Taken));

        /// <summary>A record (a line read whole, with the lines joined to it) whose entry timed out there: Indeterminate for it only.</summary>
        internal void RecordTimedOut(InputTimeouts t, KnownError entry, string source, long line)
        {
            PatternUndecided(new TeleportInputException(IndeterminateCode,
                "known error " + entry.Id + " is Indeterminate for the record at " + source + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                ": its prefilter text occurs in it, but " + LineTimeoutReason(LineTimeoutsTaken(t)),
                new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Read the record's text around '" + (entry.Prefilters.Length > 0 ? entry.Prefilters[0] : entry.Id) + "' yourself; the other entries were checked.",
            });
        }

        /// <summary>Turns entry <paramref name="index"/> off for the input and says so, the first time its pattern times out there once the input's line timeouts are spent.</summary>
        internal void TimedOut(InputTimeouts t, int index, string source, long line)
        {
            if (System.Threading.Interlocked.Exchange(ref t.TurnedOff[index], 1) != 0) return;
            System.Threading.Volatile.Write(ref _turnedOff[index], 1);
            var entry = Entries[index];
            PatternTimedOut(new TeleportInputException(PatternTimeoutCode,
                "the match pattern of known error " + entry.Id + " ran longer than " +
                MatchTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s on the record at " + source + ":" + line +
                " after the " + LineTimeoutBudget.ToString(System.Globalization.CultureInfo.InvariantCulture) + " pattern timeouts " + source + " takes line by line (each entry Indeterminate for its line)" +
                "; it is turned off for the rest of " + source + ", so the lines of " + source + " after it were not checked for " + entry.Id + " (the other inputs are checked for it)",
                entry.DefinedAt ?? new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Rewrite the pattern without nested repetition (such as (a+)+) and use a prefilter; the other entries were checked.",
            });
        }

        /// <summary>
        /// Told once per entry and line when a line is longer than the scan reads whole (<see cref="LogFileReader.MaxLineChars"/>)
        /// and the entry's prefilter text occurs in it where its pattern cannot be decided by windows of the line
        /// (<see cref="MatchReach"/>): the entry is Indeterminate for that line, with the reason.
        /// </summary>
        public Action<TeleportInputException> PatternUndecided { get; set; } = _ => { };

        /// <summary>The error id of a known error left Indeterminate on a line too long to read whole.</summary>
        public const string IndeterminateCode = "KnownErrorIndeterminate";

        internal void Undecided(KnownError entry, string source, long line, string lineLength, string why)
        {
            PatternUndecided(new TeleportInputException(IndeterminateCode,
                "known error " + entry.Id + " is Indeterminate for the line at " + source + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " (" + lineLength + ", longer than the " + (LogFileReader.MaxLineChars >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " Mi read whole): its prefilter text occurs in the line, but " + why,
                new SourceLocation(source, (int)Math.Min(int.MaxValue, line), 0))
            {
                RecommendedAction = "Read the line's text around '" + (entry.Prefilters.Length > 0 ? entry.Prefilters[0] : entry.Id) + "' yourself (the line was not shown: it may hold secrets); the other entries were checked.",
            });
        }

        /// <summary>Why an admin catalog entry may not set unreleased_kinds.</summary>
        public const string UnreleasedKindsAdminRefusal =
            "'unreleased_kinds' is read from the built-in catalog only: which resource kinds no Teleport release accepts is a fact of " +
            "Teleport's releases, and only Find-TeleportMcpError reads -CatalogPath files, where no resource is read. " +
            "Remove the key (the entry is skipped until then); its pattern, cause and fix apply to log lines without it";

        /// <summary>The error id of an entry turned off after its pattern timed out.</summary>
        public const string PatternTimeoutCode = "CatalogPatternTimeout";

        /// <summary>Enabled entries, in catalog order.</summary>
        public IReadOnlyList<KnownError> Entries { get; }

        /// <summary>
        /// The catalog built into the engine, for its entries only: a scan runs on a catalog of its own from <see cref="Load"/>
        /// (it shares these entries and compiled patterns), since the timeout budget and turned-off entries live in the instance.
        /// </summary>
        public static KnownErrorCatalog Embedded
        {
            get
            {
                if (s_embedded == null)
                {
                    var errors = new List<TeleportInputException>();
                    var list = Parse(ReadEmbeddedText(), "embedded:" + EmbeddedName, errors, embedded: true);
                    if (errors.Count > 0) throw errors[0];
                    s_embedded = new KnownErrorCatalog(list);
                }
                return s_embedded;
            }
        }

        internal static string ReadEmbeddedText()
        {
            var asm = typeof(KnownErrorCatalog).Assembly;
            foreach (var name in asm.GetManifestResourceNames())
            {
                if (!name.EndsWith(EmbeddedName, StringComparison.Ordinal)) continue;
                using (var s = asm.GetManifestResourceStream(name))
                using (var r = new StreamReader(s, Encoding.UTF8))
                    return r.ReadToEnd();
            }
            throw new InvalidOperationException("The embedded resource " + EmbeddedName + " is missing from the engine.");
        }

        /// <summary>
        /// What a -CatalogPath folder contributes: its own YAML catalogs, in name order. Only its own level: later
        /// files override earlier ones, and an order across subfolders would be a guess.
        /// </summary>
        public static FileSystem.FolderRule Folders { get; } = new FileSystem.FolderRule("catalog files (.yaml, .yml)", readsSubfolders: false, "NoCatalogFiles", IsCatalogFile);

        /// <summary>The files a -CatalogPath folder contributes: YAML catalogs.</summary>
        public static bool IsCatalogFile(string path) =>
            path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The embedded catalog with admin files applied in order: an entry with a known id replaces it, a new id is
        /// added. Every problem is collected in <paramref name="errors"/> (file, line, column); a broken entry is
        /// skipped, the others still apply.
        /// </summary>
        public static KnownErrorCatalog Load(IEnumerable<string> adminFiles, List<TeleportInputException> errors)
        {
            var all = new List<KnownError>(Embedded.Entries);
            if (adminFiles != null)
            {
                foreach (var file in adminFiles)
                {
                    string text;
                    try
                    {
                        text = Resources.TextFile.ReadAllText(file);
                    }
                    catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                    {
                        errors.Add(new TeleportInputException("CatalogReadError", "cannot read the catalog file: " + e.Message, new SourceLocation(file, 0, 0), e));
                        continue;
                    }
                    Merge(all, Parse(text, file, errors));
                }
            }
            return new KnownErrorCatalog(all.FindAll(e => e.Enabled));
        }

        /// <summary>A catalog made of the given YAML text only (tests, benchmarks).</summary>
        public static KnownErrorCatalog FromText(string text, string source, List<TeleportInputException> errors) =>
            new KnownErrorCatalog(Parse(text, source, errors).FindAll(e => e.Enabled));

        private static void Merge(List<KnownError> all, List<KnownError> extra)
        {
            foreach (var e in extra)
            {
                int i = all.FindIndex(x => string.Equals(x.Id, e.Id, StringComparison.OrdinalIgnoreCase));
                if (i >= 0) all[i] = e;
                else all.Add(e);
            }
        }

        internal static List<KnownError> Parse(string text, string source, List<TeleportInputException> errors, bool embedded = false)
        {
            var result = new List<KnownError>();
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var doc in YamlDocumentReader.Read(text, source))
            {
                if (doc.Error != null)
                {
                    errors.Add(new TeleportInputException("CatalogParseError", doc.Error.Detail, doc.Error.Location, doc.Error));
                    continue;
                }
                var root = doc.Root;
                DocNode? entriesNode = root is DocMap m ? m.Get("entries") : root;
                if (!(entriesNode is DocList list))
                {
                    errors.Add(Invalid("the catalog must be a mapping with a list 'entries' (or a list of entries)", (entriesNode ?? root)?.Location ?? doc.Start));
                    continue;
                }
                foreach (var item in list.Items)
                {
                    var entry = ParseEntry(item, errors, embedded);
                    if (entry == null) continue;
                    if (!ids.Add(entry.Id))
                    {
                        errors.Add(Invalid("duplicate id '" + entry.Id + "' in the same catalog", entry.DefinedAt));
                        continue;
                    }
                    result.Add(entry);
                }
            }
            return result;
        }

        private static KnownError? ParseEntry(DocNode node, List<TeleportInputException> errors, bool embedded)
        {
            if (!(node is DocMap map))
            {
                errors.Add(Invalid("a catalog entry must be a mapping", node.Location));
                return null;
            }
            int before = errors.Count;
            foreach (var kv in map.Entries)
            {
                if (!Keys.Contains(kv.Key))
                    errors.Add(Invalid("unknown key '" + kv.Key + "' (allowed: " + string.Join(", ", Keys) + ")", kv.Value.Location));
            }
            var e = new KnownError { DefinedAt = map.Location };
            var id = RequiredString(map, "id", errors);
            if (id != null) e.Id = id;
            if (id != null && !IdPattern.IsMatch(id))
                errors.Add(Invalid("id '" + e.Id + "' must start with a letter and hold only letters, digits, '.', '_' and '-'", map.Get("id")?.Location));

            var enabledNode = map.Get("enabled") as DocScalar;
            if (enabledNode != null)
            {
                var b = enabledNode.AsBool();
                if (b == null) errors.Add(Invalid("enabled must be true or false", enabledNode.Location));
                else e.Enabled = b.Value;
            }
            var genericNode = map.Get("generic") as DocScalar;
            if (genericNode != null)
            {
                var g = genericNode.AsBool();
                if (g == null) errors.Add(Invalid("generic must be true or false", genericNode.Location));
                else e.Generic = g.Value;
            }
            var pendingNode = map.Get("pending") as DocScalar;
            if (pendingNode != null)
            {
                var pd = pendingNode.AsBool();
                if (pd == null) errors.Add(Invalid("pending must be true or false", pendingNode.Location));
                else e.Pending = pd.Value;
            }
            if (!e.Enabled && errors.Count == before && id != null)
            {
                // A switch-off entry needs nothing but its id.
                e.Sources = Array.Empty<string>();
                e.Supersedes = Array.Empty<string>();
                e.Repeats = Array.Empty<string>();
                e.UnreleasedKinds = Array.Empty<string>();
                return e;
            }

            string? severity = RequiredString(map, "severity", errors);
            if (severity != null)
            {
                string? canonical = Array.Find(Severities, s => string.Equals(s, severity, StringComparison.OrdinalIgnoreCase));
                if (canonical == null) errors.Add(Invalid("severity '" + severity + "' must be one of " + string.Join(", ", Severities), map.Get("severity")?.Location));
                else e.Severity = (Severity)Enum.Parse(typeof(Severity), canonical);
            }
            e.Title = RequiredString(map, "title", errors);
            e.Cause = RequiredString(map, "cause", errors);
            e.Fix = RequiredString(map, "fix", errors);
            foreach (var key in new[] { "cause", "fix" })
            {
                string? text = key == "cause" ? e.Cause : e.Fix;
                if (text == null) continue;
                foreach (Match m in PlaceholderForm.Matches(text))
                {
                    if (m.Index > 0 && text[m.Index - 1] == '{') continue; // a role template, {{internal.x}}
                    if (m.Groups["form"].Value != "sh" && m.Groups["form"].Value != "ps" && m.Groups["form"].Value != "psname")
                        errors.Add(Invalid(key + ": the placeholder " + m.Value + " has an unknown form '" + m.Groups["form"].Value + ":' (allowed: {name}, {sh:name}, {ps:name}, {psname:name})", map.Get(key)?.Location));
                }
            }
            e.Doc = OptionalString(map, "doc", errors);
            if (map.Get("prefilter") == null) errors.Add(Invalid("missing required key 'prefilter'", map.Location));
            else e.Prefilters = StringList(map, "prefilter", errors) ?? Array.Empty<string>();
            foreach (var f in e.Prefilters)
            {
                if (f.Length < 3)
                    errors.Add(Invalid("prefilter '" + f + "' must be a literal of at least 3 characters that every match contains", map.Get("prefilter")?.Location));
                if (f.IndexOf('\n') >= 0 || f.IndexOf('\r') >= 0)
                    errors.Add(Invalid("prefilter must not span lines", map.Get("prefilter")?.Location));
            }

            string? pattern = RequiredString(map, "match", errors);
            if (pattern != null)
            {
                try
                {
                    e.Match = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
                }
                catch (ArgumentException ex)
                {
                    errors.Add(Invalid("match is not a valid .NET regular expression: " + ex.Message, map.Get("match")?.Location));
                }
            }
            e.Sources = StringList(map, "sources", errors) ?? new[] { LogSources.Any };
            foreach (var s in e.Sources)
            {
                if (Array.IndexOf(LogSources.Known, s) < 0)
                    errors.Add(Invalid("unknown source '" + s + "' (allowed: " + string.Join(", ", LogSources.Known) + ")", map.Get("sources")?.Location));
            }
            if (e.Sources.Length == 0) errors.Add(Invalid("sources must name at least one source", map.Get("sources")?.Location));
            e.Supersedes = StringList(map, "supersedes", errors) ?? Array.Empty<string>();
            e.Repeats = StringList(map, "repeats", errors) ?? Array.Empty<string>();
            e.UnreleasedKinds = StringList(map, "unreleased_kinds", errors) ?? Array.Empty<string>();
            // Which kinds no release accepts is read by the resource reader and the checks, which take no -CatalogPath
            // (UnreleasedKinds reads the embedded catalog): an admin file naming some would change nothing, so it is refused.
            if (!embedded && map.Get("unreleased_kinds") is { } unreleased)
                errors.Add(Invalid(UnreleasedKindsAdminRefusal, unreleased.Location));
            return errors.Count == before ? e : null;
        }

        private static string? RequiredString(DocMap map, string key, List<TeleportInputException> errors)
        {
            var node = map.Get(key);
            if (node == null)
            {
                errors.Add(Invalid("missing required key '" + key + "'", map.Location));
                return null;
            }
            var s = node as DocScalar;
            if (s == null || s.IsNull || string.IsNullOrEmpty(s.Value))
            {
                errors.Add(Invalid("'" + key + "' must be a non-empty string", node.Location));
                return null;
            }
            return s.Value;
        }

        private static string? OptionalString(DocMap map, string key, List<TeleportInputException> errors)
        {
            var node = map.Get(key);
            if (node == null) return null;
            if (node is DocScalar s) return s.IsNull ? null : s.Value;
            errors.Add(Invalid("'" + key + "' must be a string", node.Location));
            return null;
        }

        private static string[]? StringList(DocMap map, string key, List<TeleportInputException> errors)
        {
            var node = map.Get(key);
            if (node == null) return null;
            if (node is DocScalar one && !one.IsNull && one.Value != null) return new[] { one.Value };
            if (!(node is DocList list))
            {
                errors.Add(Invalid("'" + key + "' must be a list of strings", node.Location));
                return null;
            }
            var values = new List<string>();
            foreach (var item in list.Items)
            {
                if (item is DocScalar s && !s.IsNull && s.Value != null && s.Value.Length > 0) values.Add(s.Value);
                else errors.Add(Invalid("'" + key + "' must hold only non-empty strings", item.Location));
            }
            return values.ToArray();
        }

        private static TeleportInputException Invalid(string message, SourceLocation? location) =>
            new TeleportInputException("InvalidCatalogEntry", message, location);
    }
}
