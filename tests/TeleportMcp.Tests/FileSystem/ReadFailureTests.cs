using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Completion;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Logs;
using Xunit;

namespace TeleportMcp.Tests.FileSystem
{
    /// <summary>One rule for a file that cannot be read, the same in every reader: reported (or skipped), never the end of the command.</summary>
    public sealed class ReadFailureTests
    {
        public static IEnumerable<object[]> Exceptions() => new[]
        {
            new object[] { new IOException("disk"), true },
            new object[] { new FileNotFoundException("gone"), true },
            new object[] { new DirectoryNotFoundException("gone"), true },
            new object[] { new PathTooLongException("long"), true },
            new object[] { new LogReadException("the gzip file is truncated"), true },
            new object[] { new UnauthorizedAccessException("denied"), true },
            new object[] { new InvalidDataException("corrupt .gz"), true },          // GZipStream on damaged data
            new object[] { new NotSupportedException("unsupported method"), true },   // GZipStream; .NET Framework path formats
            new object[] { new OperationCanceledException(), false },                  // Ctrl+C stops the command, it is no file's fault
            new object[] { new ArgumentException("bug"), false },
            new object[] { new InvalidOperationException("bug"), false },
            new object[] { new FormatException("bug"), false },
        };

        [Theory]
        [MemberData(nameof(Exceptions))]
        public void ClassifiesWhatMeansTheFileCouldNotBeRead(Exception e, bool isReadFailure) => Assert.Equal(isReadFailure, ReadFailure.Is(e));

        private static string Examples => Path.Combine(AppContext.BaseDirectory, "examples");

        private static string TempDir()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-readfailure-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static string CorruptGz(string dir)
        {
            var file = Path.Combine(dir, "2025-09-29.log.gz");
            File.WriteAllBytes(file, new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }.Concat(Enumerable.Repeat((byte)0xff, 64)).ToArray());
            return file;
        }

        [Fact]
        public void TheLogScanTheAuditQueryAndTheCompletionReadPastTheSameBrokenFiles()
        {
            var dir = TempDir();
            try
            {
                var corrupt = CorruptGz(dir);
                var folderAsFile = Path.Combine(dir, "not-a-file.log");
                Directory.CreateDirectory(folderAsFile);
                var good = Directory.GetFiles(Path.Combine(Examples, "audit"), "*.log").Single();
                var files = new[] { corrupt, folderAsFile, good };

                var logFailures = new List<string>();
                long lines = LogFiles.Scan(KnownErrorCatalog.Embedded, files, _ => { }, f => logFailures.Add(f.Path), CancellationToken.None);
                Assert.Equal(new[] { corrupt, folderAsFile }, logFailures);
                Assert.True(lines > 0);

                var auditErrors = new List<TeleportInputException>();
                var events = new List<TeleportMcp.AuditEvent>();
                var query = new AuditEventQuery(new AuditEventFilter(), events.Add, CancellationToken.None) { Error = auditErrors.Add };
                query.ReadFiles(files);
                Assert.Equal(new[] { "AuditReadError", "AuditReadError" }, auditErrors.Select(e => e.Code));
                Assert.NotEmpty(events);

                Assert.Contains("alice", AuditCompletion.Names(new[] { corrupt, good }, CompletionKind.User));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        // Session 47 (review 329): the one exception rule of the log scan, which Find-TeleportMcpError and
        // Invoke-TeleportMcpDiagnosis share (Find's own catch-all, LogScanFailed, is gone): a read failure is the file's
        // LogReadError and the scan goes on; any other exception, thrown while a file is read, is a fault that reaches the caller.
        [Theory]
        [MemberData(nameof(Exceptions))]
        public void TheLogScanReportsOnlyReadFailuresAndPassesFaultsOn(Exception thrown, bool isReadFailure)
        {
            if (thrown is OperationCanceledException) return; // the token's own rule, LogReaderProgressTests
            var dir = TempDir();
            try
            {
                var first = Path.Combine(dir, "a.log");
                var second = Path.Combine(dir, "b.log");
                File.WriteAllText(first, "line\n");
                File.WriteAllText(second, "line\n");
                var failures = new List<LogReadFailure>();
                var done = new List<string>();
                void Scan() => LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { first, second }, _ => { }, failures.Add, CancellationToken.None,
                    fileDone: (file, _, _) => done.Add(file),
                    progress: (file, _, __) => { if (file == first) throw thrown; });
                if (isReadFailure)
                {
                    Scan();
                    Assert.Equal(new[] { first }, failures.Select(f => f.Path));
                    Assert.Equal("LogReadError", failures[0].ToInputException().Code);
                    Assert.Equal(new[] { second }, done);
                }
                else
                {
                    Assert.Same(thrown, Assert.Throws(thrown.GetType(), Scan));
                    Assert.Empty(failures);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
