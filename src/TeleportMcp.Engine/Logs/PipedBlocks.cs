using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>
    /// The number of the first line of a block of lines Get-Content wrote (-ReadCount 0 or above 1), whose ReadCount is
    /// its last line's number. Except one: where PowerShell cannot read the encoding backward (UTF-7, multi-byte code
    /// pages) -Tail scans forward and writes its last block, shorter than -ReadCount, with the count of the block before it
    /// (GetContentCommand.cs ScanForwardsForTail @03a58c41; measured, pwsh 7.6: UTF-7 -Tail 5 -ReadCount 2 gives 2, 4, 4).
    /// Of one file, a block with the count of the block just before it and fewer lines can only be that one: a forward
    /// read (or a backward seek) writes counts that grow by each block's length, so a file read again starts with a
    /// block whose count is its length. It follows the block before it. Only the last block is remembered.
    /// </summary>
    public sealed class PipedBlocks
    {
        /// <summary>Files remembered (how their last line was counted, the read it came from), at most; past it the one seen longest ago is forgotten.</summary>
        public const int DefaultMaxFromZero = 4096;

        private readonly int _maxFiles;
        private readonly Dictionary<string, LinkedListNode<FileState>> _files = new Dictionary<string, LinkedListNode<FileState>>(StringComparer.Ordinal);
        private readonly LinkedList<FileState> _filesOrder = new LinkedList<FileState>();

        private sealed class FileState
        {
            public FileState(string file) => File = file;
            public readonly string File;
            // The last count given, and whether the read it belongs to counts from 0 (Line).
            public long Last;
            public bool FromZero;
            // The read its last line came from (New), or null when not known.
            public object? Read;
            // The command its last line came from, as far as a deserialized line says it (New), or null when not known.
            public object? Command;
            // Whether its last line was a live Get-Content object or a deserialized copy (New).
            public PipedReadKind Kind;
            // Whether a line was given; whether this file's warnings (MayStartARead, CaseVariants) were said.
            public bool Seen, AmbiguousSaid, CaseSaid, SplitSaid;
        }

        /// <summary>
        /// Said once a file: a line whose read cannot be known to continue the file's read counted from 0 or start another
        /// (<see cref="Line(string, long?, PipedRead, out bool)"/>); or one Get-Content read counting a file from its start
        /// again where the file's path names other files but for case.
        /// </summary>
        public Action<string>? Warning { get; set; }

        /// <summary>The paths that differ from <paramref name="path"/> only in case (at most 8; tests give their own).</summary>
        internal Func<string, IReadOnlyList<string>> CaseVariants { get; set; } = path => PipedBlocksText.CaseVariants(TeleportMcp.Engine.Platform.HostPlatform.Current, path);

        /// <summary>The computer whose names <see cref="FileOf"/> knows as this one's (tests give their own).</summary>
        internal TeleportMcp.Engine.Platform.IHostPlatform Platform { get; set; } = TeleportMcp.Engine.Platform.HostPlatform.Current;

        private bool _hostsSaid, _hostsRenewed;

        // Each computer name seen (as typed): whether it is this computer (PipedComputer.IsThisComputer), at most MaxComputersKept.
        private readonly Dictionary<string, bool> _computers = new Dictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>Computer names whose answer a pipeline keeps; past it a name is asked again on each line (more stats, same answer).</summary>
        internal const int MaxComputersKept = 4096;

        // The names a loopback-alias warning was given for (once each), as typed (ignoring case).
        private readonly HashSet<string> _loopbackSaid = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The file a deserialized line read on <paramref name="computer"/> (its PSComputerName, null when none) names
        /// (<see cref="PipedComputer.FileOf"/>). When the name is none of this computer's known ones and the hosts file, which
        /// could have named it, was not read, that is said once (<see cref="Warning"/>).
        /// </summary>
        public string FileOf(string? computer, string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (computer == null) return path;
            // Whether a name is this computer's is asked once a name in this pipeline (review 332): the hosts file is stat'ed
            // (HostsFile.Of) when a name is first seen, not on every line; on Windows a UNC DataBasePath is read over the network.
            // A hosts file changed while the lines stream in is read by the next command.
            if (_computers.TryGetValue(computer, out bool here)) return here ? path : computer + ":" + path;
            if (!_hostsRenewed)
            {
                // Once a command, at its first name: the hosts file is read again, so an edit its stamp (last write time and
                // length) cannot see is read by the next command (helper-338); later names only stat it.
                _hostsRenewed = true;
                TeleportMcp.Engine.Platform.HostsFile.Renew(Platform);
            }
            var file = PipedComputer.FileOf(Platform, computer, path);
            if (_computers.Count < MaxComputersKept) _computers[computer] = file.Length == path.Length;
            if (file.Length != path.Length && !_hostsSaid && Warning != null &&
                PipedComputer.UnknownBecause(Platform, computer) is string why)
            {
                _hostsSaid = true;
                Warning(PipedBlocksText.HostsUnread(file, computer, path, why));
            }
            // Not this computer (PipedComputer.LoopbackAlias without asking that again): one look at the hosts file.
            if (file.Length != path.Length && Warning != null && _loopbackSaid.Add(computer) &&
                TeleportMcp.Engine.Platform.HostsFile.Of(Platform) is var hosts && hosts.LoopbackLine(computer) is string line)
                Warning(PipedBlocksText.LoopbackAlias(file, computer, path, hosts.Path ?? "", line));
            return file;
        }

        public PipedBlocks(int maxFromZero = DefaultMaxFromZero)
        {
            if (maxFromZero < 1) throw new ArgumentOutOfRangeException(nameof(maxFromZero));
            _maxFiles = maxFromZero;
        }

        private FileState State(string file)
        {
            if (_files.TryGetValue(file, out var node))
            {
                _filesOrder.Remove(node);
                _filesOrder.AddLast(node);
                return node.Value;
            }
            if (_files.Count >= _maxFiles)
            {
                _files.Remove(_filesOrder.First!.Value.File);
                _filesOrder.RemoveFirst();
            }
            var state = new FileState(file);
            _files[file] = _filesOrder.AddLast(state);
            return state;
        }

        /// <summary>
        /// Whether <paramref name="read"/> shows the file's line given now starts a read of its own: the file's last line came
        /// from another read (a live line's PSPath string, compared by reference), or from another command (a deserialized
        /// line's RunspaceId, compared by value: different runspaces are different commands; the same runspace proves nothing).
        /// Remembers them.
        /// </summary>
        private static bool New(FileState state, PipedRead read)
        {
            // A live line and a deserialized one are never of one read: a live Get-Content writes every line of its read
            // itself, and a copy comes back whole from elsewhere (a local job's lines, then Get-Content of the same file).
            var kind = read.Kind;
            bool other = (read.Read != null && state.Read != null && !ReferenceEquals(read.Read, state.Read)) ||
                         (read.Command != null && state.Command != null && !read.Command.Equals(state.Command)) ||
                         (kind != PipedReadKind.Unknown && state.Kind != PipedReadKind.Unknown && kind != state.Kind);
            if (read.Read != null) state.Read = read.Read;
            if (read.Command != null) state.Command = read.Command;
            if (kind != PipedReadKind.Unknown) state.Kind = kind;
            return other;
        }

        /// <summary>As <see cref="Line(string, long?, PipedRead, out bool)"/>, the read known by <paramref name="read"/> only (a live line's PSPath string).</summary>
        public long Line(string file, long? readCount, object? read, out bool newRead) => Line(file, readCount, new PipedRead(read, null, false), out newRead);

        /// <summary>
        /// The number of a line Get-Content wrote alone (-ReadCount 1) of <paramref name="file"/>, its ReadCount
        /// <paramref name="readCount"/> (null when it has none); 0 when not known. Every read counts its lines from 1, except
        /// -Tail where PowerShell cannot seek backward (UTF-7): ScanForwardsForTail writes them counted from 0
        /// (GetContentCommand.cs @03a58c41; measured, pwsh 7.6: -Tail 5 gives 0, 1, 2, 3, 4). A count of 0 starts such a
        /// read, line 1; the file's larger counts after it are one lower than their line; a count not above the last one
        /// given is a new read of the file, counted from 1 again. Counts alone cannot tell a read from 0 of one line
        /// (-Tail 1) followed by another read (1, 2, ...) from one read: <paramref name="read"/> says what is known of the
        /// read the line came from (<see cref="New"/>); <paramref name="newRead"/> says the line starts a read of its own.
        /// When it is not known and both readings stand (a count of 1 after a lone 0, or a count past a gap, which a filter
        /// left in either reading), the line is numbered as going on and that is said once for the file (<see cref="Warning"/>).
        /// </summary>
        public long Line(string file, long? readCount, PipedRead read, out bool newRead)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            newRead = false;
            if (readCount == null || readCount < 0) return 0;
            long count = readCount.Value;
            var state = State(file);
            // The live read of the file's last line (not a deserialized copy's line given after it).
            bool sameRead = read.Read != null && ReferenceEquals(read.Read, state.Read) && state.Kind == PipedReadKind.Live;
            bool restarted = sameRead && state.Seen && (count == 0 || count <= state.Last);
            long lastLine = state.Seen ? (state.FromZero ? state.Last + 1 : state.Last) : -1;
            var lastKind = state.Kind;
            newRead = New(state, read);
            SaySplit(state, lastKind, read.Kind, newRead, lastLine, count);
            bool goesOn = !newRead && state.FromZero && count > state.Last;
            if (goesOn && !sameRead && !state.AmbiguousSaid && (count == 1 || count > state.Last + 1))
            {
                state.AmbiguousSaid = true;
                Warning?.Invoke(PipedBlocksText.MayStartARead(file, count));
            }
            bool fromZero = count == 0 || goesOn;
            state.FromZero = fromZero;
            state.Last = count;
            state.Seen = true;
            if (restarted && read.OnDisk) SayCaseVariants(state, fromZero ? count + 1 : count);
            return fromZero ? count + 1 : count;
        }

        // A live line right after deserialized copies of the same file (or the other way round), numbered as the next line:
        // one read split between Import-Clixml (or a job, remoting) and the objects Get-Content wrote ($l[0..2] | Export-Clixml,
        // later Import-Clixml then $l[3..9]), or two reads whose counts happen to meet (Get-Content f -Tail 3 | Export-Clixml,
        // then Get-Content f | Select-Object -Skip 3). Nothing on the lines tells which: -Tail numbers its lines 1..N as a read
        // from the start does (measured, pwsh 7.6.9: -Tail 3 and -TotalCount 3 of one file both give ReadCount 1, 2, 3), and a copy keeps only PSPath's text, not the read's string object. So
        // the two stay two reads (a record across them is not joined) and that is said once for the file.
        private void SaySplit(FileState state, PipedReadKind lastKind, PipedReadKind kind, bool newRead, long lastLine, long line)
        {
            if (!newRead || state.SplitSaid || Warning == null || lastKind == PipedReadKind.Unknown || kind == PipedReadKind.Unknown ||
                kind == lastKind || lastLine < 1 || line != lastLine + 1) return;
            state.SplitSaid = true;
            Warning(PipedBlocksText.MaySplitARead(state.File, line, kind == PipedReadKind.Live));
        }

        // One Get-Content read numbering the file from its start again: the file given twice (Get-Content a, a), or another
        // file whose path differs only in case, whose lines PowerShell gives the first one's PSPath (ContentPathsCache compares
        // the paths OrdinalIgnoreCase; ContentCommandBase.cs @00536fbc). When the file system holds such another file, said.
        private void SayCaseVariants(FileState state, long line)
        {
            if (state.CaseSaid || Warning == null) return;
            state.CaseSaid = true;
            var others = CaseVariants(state.File);
            if (others.Count > 0) Warning(PipedBlocksText.CaseVariantRead(state.File, line, others));
        }

        private string? _file;
        private long _count;
        private int _length;

        /// <summary>
        /// The first line's number of <paramref name="length"/> lines written by Get-Content with <paramref name="readCount"/>,
        /// of <paramref name="file"/>; 0 when not known. <paramref name="read"/> and <paramref name="newRead"/> as for
        /// <see cref="Line(string, long?, object?, out bool)"/>: a block of another read never follows the block before it.
        /// </summary>
        public long First(string file, long readCount, int length, object? read, out bool newRead) => First(file, readCount, length, new PipedRead(read, null, false), out newRead);

        /// <summary>As above, with what is known of the read (<see cref="Line(string, long?, PipedRead, out bool)"/>).</summary>
        public long First(string file, long readCount, int length, PipedRead read, out bool newRead)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var state = State(file);
            bool sameRead = read.Read != null && ReferenceEquals(read.Read, state.Read) && state.Kind == PipedReadKind.Live && state.Seen;
            long lastBefore = state.Last;
            long lastLine = state.Seen ? (state.FromZero ? state.Last + 1 : state.Last) : -1;
            var lastKind = state.Kind;
            newRead = New(state, read);
            SaySplit(state, lastKind, read.Kind, newRead, lastLine, readCount - length + 1);
            state.FromZero = false;
            state.Last = readCount;
            state.Seen = true;
            long first = readCount - length + 1;
            if (!newRead && readCount > 0 && file == _file && readCount == _count && length < _length) first = readCount + 1;
            // The block starts at or before the read's last line: the read counts the file from its start again (not UTF-7
            // -Tail's last block, which follows the block before it).
            if (sameRead && first <= lastBefore && read.OnDisk) SayCaseVariants(state, Math.Max(1, first));
            _file = file;
            _count = readCount;
            _length = length;
            return readCount > 0 && first > 0 ? first : 0;
        }
    }

    /// <summary>What a piped line says of the Get-Content read it came from.</summary>
    public readonly struct PipedRead
    {
        /// <param name="read">An object the same for every line one Get-Content read of a file writes and another for another
        /// read (a live line's PSPath string, compared by reference); null when not known.</param>
        /// <param name="command">A value (compared by Equals) that differs only between lines of different commands (a
        /// deserialized line's RunspaceId); null when not known.</param>
        /// <param name="onDisk">The line's file is a file of this machine's file system (a live FileSystem line).</param>
        /// <param name="deserialized">The line is a deserialized copy (Import-Clixml, remoting, a job), not the object Get-Content wrote.</param>
        public PipedRead(object? read, object? command, bool onDisk, bool deserialized = false)
        {
            Read = read;
            Command = command;
            OnDisk = onDisk;
            Deserialized = deserialized;
        }

        public object? Read { get; }
        public object? Command { get; }
        public bool OnDisk { get; }
        public bool Deserialized { get; }

        /// <summary>Live when the read is known by its Get-Content object, Deserialized when the line is a copy (or names a command: only copies do).</summary>
        public PipedReadKind Kind => Read != null ? PipedReadKind.Live : Deserialized || Command != null ? PipedReadKind.Deserialized : PipedReadKind.Unknown;
    }

    /// <summary>What kind of object a piped line was: the one Get-Content wrote, or a copy of it.</summary>
    public enum PipedReadKind
    {
        Unknown,
        Live,
        Deserialized,
    }

    /// <summary>What <see cref="PipedBlocks"/> says once a file.</summary>
    internal static class PipedBlocksText
    {
        private static string? Name(string file) => Output.OutputText.SafeName(file);

        public static string MayStartARead(string file, long count) =>
            Name(file) + ":" + (count + 1) + ": this line's ReadCount " + count + " follows lines of the file counted from 0 (Get-Content -Tail in an " +
            "encoding PowerShell reads forward, such as UTF-7), and the lines no longer carry the Get-Content read they came from " +
            "(deserialized: Import-Clixml, remoting, a job): it may go on that read (line " + (count + 1) + ", as numbered here) or start " +
            "another read of the file (line " + count + "). This file's line numbers from here may be one too high. " +
            "Pipe the lines as Get-Content writes them, or give the file with -Path.";

        public static string MaySplitARead(string file, long line, bool live) =>
            Name(file) + ":" + line + ": this line is " + (live ? "the object Get-Content wrote" : "a deserialized copy (Import-Clixml, remoting, a job)") +
            " and follows line " + (line - 1) + " of the file, " + (live ? "a deserialized copy" : "an object Get-Content wrote") +
            ". They may be one Get-Content read split in two or two reads whose line numbers meet: nothing on the lines tells which " +
            "(Get-Content -Tail N numbers its lines 1 to N, as a read from the start does), so they are read as two, and a record " +
            "spanning lines " + (line - 1) + " and " + line + " is not joined. Pipe the file's lines one way (all deserialized or all " +
            "as Get-Content writes them), or give the file with -Path.";

        public static string HostsUnread(string file, string computer, string path, string why) =>
            Name(file) + ": these lines were read on '" + Name(computer) + "', which is none of this computer's own names or addresses, and " + why +
            ". A name this computer has only in its hosts file is therefore not known, and one it has only in DNS is never looked up (the module " +
            "makes no network lookups), so if '" + Name(computer) + "' is this computer, these lines are its file " + Name(path) + ", named here " + Name(file) + ".";

        public static string LoopbackAlias(string file, string computer, string path, string hosts, string line) =>
            Name(file) + ": these lines were read on '" + Name(computer) + "', which the hosts file " + Name(hosts) + " maps only to a loopback " +
            "address (" + line + "), on no line with this computer's host name. A loopback alias is how a name is sent through a tunnel " +
            "to another computer (ssh -L 5985:" + Name(computer) + ":5985), so these lines are not taken as this computer's file " + Name(path) +
            " and are named " + Name(file) + ". If '" + Name(computer) + "' is this computer, add this computer's host name to that line.";

        public static string CaseVariantRead(string file, long line, IReadOnlyList<string> others)
        {
            var names = new System.Text.StringBuilder();
            for (int i = 0; i < others.Count; i++) names.Append(i == 0 ? "" : ", ").Append(Name(others[i]));
            return Name(file) + ":" + line + ": one Get-Content command read this file's lines from its start again, and " + names +
                   " differ" + (others.Count == 1 ? "s" : "") + " from this path only in case: Get-Content names the lines of such a file by the " +
                   "first one's path (it compares paths ignoring case), so the lines from here may be " + (others.Count == 1 ? "that file's" : "one of those files'") +
                   ", named " + Name(file) + ". Read each file with its own Get-Content command, or give the files with -Path.";
        }

        /// <summary>
        /// Other files on <paramref name="platform"/>'s file system whose paths differ from <paramref name="path"/> only in
        /// case, at most 8 in the whole walk (none when it cannot be read). A file is another only where some directory on the
        /// way holds two or more entries whose names match ignoring case: a file system that folds case (Windows, macOS by
        /// default) finds the typed path's one file in the disk's case, and PowerShell keeps the case as typed
        /// (PowerShell/PowerShell#13190), so the disk's case alone names no second file. Where a directory holds one match,
        /// the path keeps the typed name.
        /// </summary>
        public static IReadOnlyList<string> CaseVariants(Platform.IHostPlatform platform, string path)
        {
            const int Max = 8;
            var found = new List<string>();
            try
            {
                var os = platform.Os;
                if (!Platform.OsPath.IsRooted(os, path)) return found;
                string root = RootOf(os, path);
                var parts = path.Substring(root.Length).Split(os == Platform.OsKind.Windows ? new[] { '\\', '/' } : new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                // Each: the entry's path on disk (to list) and the path as shown (typed names where a directory held one match).
                var current = new List<(string Disk, string Shown)> { (root, root) };
                for (int i = 0; i < parts.Length; i++)
                {
                    bool last = i == parts.Length - 1;
                    var next = new List<(string Disk, string Shown)>();
                    foreach (var dir in current)
                    {
                        var matches = new List<string>();
                        foreach (var entry in last ? platform.GetFiles(dir.Disk, "*") : platform.GetDirectories(dir.Disk, "*"))
                            if (string.Equals(Platform.OsPath.FileName(os, entry), parts[i], StringComparison.OrdinalIgnoreCase)) matches.Add(entry);
                        foreach (var entry in matches)
                        {
                            // The walk keeps at most Max + 1 paths (the typed path's own file and Max others), not Max + 1 a directory.
                            if (next.Count > Max) break;
                            next.Add((entry, Platform.OsPath.Combine(os, dir.Shown, matches.Count == 1 ? parts[i] : Platform.OsPath.FileName(os, entry))));
                        }
                        if (next.Count > Max) break;
                    }
                    current = next;
                    if (current.Count == 0) return found;
                }
                foreach (var p in current)
                    if (!string.Equals(p.Shown, path, StringComparison.Ordinal) && found.Count < Max) found.Add(p.Shown);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException || e is ArgumentException || e is NotSupportedException)
            {
            }
            return found;
        }

        // "C:\", "\\server\share\" (with the separators as typed) or "/".
        private static string RootOf(Platform.OsKind os, string path)
        {
            if (os != Platform.OsKind.Windows) return "/";
            if (char.IsLetter(path[0]) && path.Length >= 3 && path[1] == ':') return path.Substring(0, 3);
            int seen = 0;
            for (int i = 2; i < path.Length; i++)
                if ((path[i] == '\\' || path[i] == '/') && ++seen == 2) return path.Substring(0, i + 1);
            return path;
        }
    }
}
