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
