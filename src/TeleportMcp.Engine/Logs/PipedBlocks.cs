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
        /// <summary>Files remembered as read from a count of 0 (<see cref="Line"/>), at most; past it the one seen longest ago is forgotten.</summary>
        public const int DefaultMaxFromZero = 4096;

        private readonly int _maxFromZero;
        private readonly Dictionary<string, LinkedListNode<(string File, long Last)>> _fromZero = new Dictionary<string, LinkedListNode<(string File, long Last)>>(StringComparer.Ordinal);
        private readonly LinkedList<(string File, long Last)> _fromZeroOrder = new LinkedList<(string File, long Last)>();

        public PipedBlocks(int maxFromZero = DefaultMaxFromZero)
        {
            if (maxFromZero < 1) throw new ArgumentOutOfRangeException(nameof(maxFromZero));
            _maxFromZero = maxFromZero;
        }

        /// <summary>
        /// The number of a line Get-Content wrote alone (-ReadCount 1) of <paramref name="file"/>, its ReadCount
        /// <paramref name="readCount"/> (null when it has none); 0 when not known. Every read counts its lines from 1, except
        /// -Tail where PowerShell cannot seek backward (UTF-7): ScanForwardsForTail writes them counted from 0
        /// (GetContentCommand.cs @03a58c41; measured, pwsh 7.6: -Tail 5 gives 0, 1, 2, 3, 4). A count of 0 starts such a
        /// read, line 1; the file's larger counts after it are one lower than their line; a count not above the last one
        /// given is a new read of the file, counted from 1 again.
        /// </summary>
        public long Line(string file, long? readCount)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            if (readCount == null || readCount < 0) return 0;
            long count = readCount.Value;
            _fromZero.TryGetValue(file, out var node);
            if (count == 0 || (node != null && count > node.Value.Last))
            {
                if (node != null) _fromZeroOrder.Remove(node);
                else if (_fromZero.Count >= _maxFromZero)
                {
                    _fromZero.Remove(_fromZeroOrder.First!.Value.File);
                    _fromZeroOrder.RemoveFirst();
                }
                _fromZero[file] = _fromZeroOrder.AddLast((file, count));
                return count + 1;
            }
            if (node != null)
            {
                _fromZero.Remove(file);
                _fromZeroOrder.Remove(node);
            }
            return count;
        }

        private string? _file;
        private long _count;
        private int _length;

        /// <summary>The first line's number of <paramref name="length"/> lines written by Get-Content with <paramref name="readCount"/>, of <paramref name="file"/>; 0 when not known.</summary>
        public long First(string file, long readCount, int length)
        {
            long first = readCount - length + 1;
            if (readCount > 0 && file == _file && readCount == _count && length < _length) first = readCount + 1;
            _file = file;
            _count = readCount;
            _length = length;
            return readCount > 0 && first > 0 ? first : 0;
        }
    }
}
