using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Logs
{
    /// <summary>A log file that could not be read (missing, locked, denied, a corrupt .gz); the other files were read.</summary>
    public sealed class LogReadFailure
    {
        public LogReadFailure(string path, Exception error)
        {
            Path = path;
            Error = error;
        }

        public string Path { get; }
        public Exception Error { get; }
        public string Message => "cannot read the log: " + Error.Message;

        public TeleportInputException ToInputException() => new TeleportReadException("LogReadError", Message, Path, Error);
    }

    /// <summary>The one loop that scans log files, with one rule for files that cannot be read.</summary>
    public static class LogFiles
    {
        /// <summary>
        /// What a folder given as logs contributes: its log files at every level below it (a support bundle keeps one
        /// folder per host or service). Find-TeleportMcpError -Path and Invoke-TeleportMcpDiagnosis -LogPath read the same files.
        /// </summary>
        public static FileSystem.FolderRule Folders { get; } =
            new FileSystem.FolderRule("log files (.log, .jsonl, .json, .txt, .gz, rotated *.log.N)", readsSubfolders: true, IsLogFile);

        /// <summary>The files a folder contributes to a log scan.</summary>
        public static bool IsLogFile(string path)
        {
            string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
            return name.EndsWith(".log", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) ||
                   name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal) ||
                   name.EndsWith(".gz", StringComparison.Ordinal) || name.Contains(".log.");
        }

        /// <summary>
        /// Scans the files in order. A file that cannot be read is reported to <paramref name="failed"/> and the scan
        /// goes on with the next one; findings go to <paramref name="emit"/> as they are found. Returns the lines read.
        /// <paramref name="progress"/> gets (file, bytes read, file length) after each 64 KiB buffer; a cancelled token
        /// stops the scan within one buffer with an OperationCanceledException.
        /// </summary>
        public static long Scan(KnownErrorCatalog catalog, IEnumerable<string> files, Action<Finding> emit, Action<LogReadFailure> failed,
            CancellationToken cancel, Action<string, long>? fileDone = null, Action<string, long, long>? progress = null)
        {
            long total = 0;
            foreach (var file in files)
            {
                if (cancel.IsCancellationRequested) break;
                var scanner = new LogScanner(catalog, file, emit);
                try
                {
                    // Failed MCP audit events (an audit log among the logs) are findings too.
                    LogFileReader.Scan(file, Audit.AuditFindings.WithLogScanner(scanner, file, emit),
                        progress == null ? null : (Action<long, long>)((done, length) => progress(file, done, length)), cancel);
                }
                catch (Exception e) when (FileSystem.ReadFailure.Is(e))
                {
                    failed(new LogReadFailure(file, e));
                    continue;
                }
                total += scanner.LineCount;
                fileDone?.Invoke(file, scanner.LineCount);
            }
            return total;
        }
    }
}
