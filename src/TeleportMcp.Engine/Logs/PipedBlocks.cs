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
        /// Whether <paramref name="read"/> (an object the same for every line one Get-Content read of the file writes, and
        /// another for another read; null when not known) shows the file's line given now starts a read of its own: the
        /// file's last line came from another read. Remembers it.
        /// </summary>
        private static bool New(FileState state, object? read)
        {
            bool other = read != null && state.Read != null && !ReferenceEquals(read, state.Read);
            if (read != null) state.Read = read;
            return other;
        }

        /// <summary>
        /// The number of a line Get-Content wrote alone (-ReadCount 1) of <paramref name="file"/>, its ReadCount
        /// <paramref name="readCount"/> (null when it has none); 0 when not known. Every read counts its lines from 1, except
        /// -Tail where PowerShell cannot seek backward (UTF-7): ScanForwardsForTail writes them counted from 0
        /// (GetContentCommand.cs @03a58c41; measured, pwsh 7.6: -Tail 5 gives 0, 1, 2, 3, 4). A count of 0 starts such a
        /// read, line 1; the file's larger counts after it are one lower than their line; a count not above the last one
        /// given is a new read of the file, counted from 1 again. Counts alone cannot tell a read from 0 of one line
        /// (-Tail 1) followed by another read (1, 2, ...) from one read: <paramref name="read"/>, when known, is the read
        /// the line came from (<see cref="New"/>); <paramref name="newRead"/> says the line starts a read of its own.
        /// </summary>
        public long Line(string file, long? readCount, object? read, out bool newRead)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            newRead = false;
            if (readCount == null || readCount < 0) return 0;
            long count = readCount.Value;
            var state = State(file);
            newRead = New(state, read);
            bool fromZero = count == 0 || (!newRead && state.FromZero && count > state.Last);
            state.FromZero = fromZero;
            state.Last = count;
            return fromZero ? count + 1 : count;
        }

        private string? _file;
        private long _count;
        private int _length;

        /// <summary>
        /// The first line's number of <paramref name="length"/> lines written by Get-Content with <paramref name="readCount"/>,
        /// of <paramref name="file"/>; 0 when not known. <paramref name="read"/> and <paramref name="newRead"/> as for
        /// <see cref="Line(string, long?, object?, out bool)"/>: a block of another read never follows the block before it.
        /// </summary>
        public long First(string file, long readCount, int length, object? read, out bool newRead)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var state = State(file);
            newRead = New(state, read);
            state.FromZero = false;
            state.Last = readCount;
            long first = readCount - length + 1;
            if (!newRead && readCount > 0 && file == _file && readCount == _count && length < _length) first = readCount + 1;
            _file = file;
            _count = readCount;
            _length = length;
            return readCount > 0 && first > 0 ? first : 0;
        }
    }
}
