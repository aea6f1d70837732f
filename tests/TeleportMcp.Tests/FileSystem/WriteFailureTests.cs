using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using System.Text;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.FileSystem
{
    /// <summary>One rule for an -OutFile, the same in every cmdlet: nothing is lost, and a file that cannot be written is reported.</summary>
    public sealed class WriteFailureTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-writefailure-" + Guid.NewGuid().ToString("N"));

        public WriteFailureTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        public static IEnumerable<object[]> Exceptions() => new[]
        {
            new object[] { new IOException("disk full"), true },
            new object[] { new DirectoryNotFoundException("gone"), true },
            new object[] { new PathTooLongException("long"), true },
            new object[] { new UnauthorizedAccessException("read-only"), true },
            new object[] { new SecurityException("denied"), true },
            new object[] { new ArgumentException("Illegal characters in path."), true },  // .NET Framework
            new object[] { new NotSupportedException("The given path's format is not supported."), true },
            new object[] { new OperationCanceledException(), false },
            new object[] { new InvalidOperationException("bug"), false },
            new object[] { new FormatException("bug"), false },
        };

        [Theory]
        [MemberData(nameof(Exceptions))]
        public void ClassifiesWhatMeansTheFileCouldNotBeWritten(Exception e, bool isWriteFailure) => Assert.Equal(isWriteFailure, WriteFailure.Is(e));

        [Fact]
        public void WritesANewFileAsUtf8WithoutAByteOrderMark()
        {
            var path = Path.Combine(_dir, "role.yaml");
            var text = OutFiles.Stamped("kind: role\nname: é\n", OutFiles.CommentStyle.Hash);
            var w = OutFiles.Write(path, false, () => text);
            Assert.True(w.Written);
            Assert.Equal(Encoding.UTF8.GetBytes(text), File.ReadAllBytes(path));
            // Its own unchanged output is replaced.
            Assert.True(OutFiles.Write(path, false, () => text).Written);
        }

        [Fact]
        public void KeepsAFileItDidNotWriteUnlessForced()
        {
            var path = Path.Combine(_dir, "mine.yaml");
            File.WriteAllText(path, "mine\n");
            bool made = false;
            var w = OutFiles.Write(path, false, () => { made = true; return "new\n"; });
            Assert.False(w.Written);
            Assert.Equal(OutFiles.ExistsCode, w.Refusal?.Code);
            Assert.Null(w.Failure);
            Assert.False(made);
            Assert.Equal("mine\n", File.ReadAllText(path));
            Assert.True(OutFiles.Write(path, true, () => "new\n").Written);
            Assert.Equal("new\n", File.ReadAllText(path));
        }

        [Fact]
        public void ReportsAFileThatCannotBeWritten()
        {
            // A folder that is not there, and a folder where the file should be (forced: no refusal stands in the way).
            var missing = OutFiles.Write(Path.Combine(_dir, "no", "such", "role.yaml"), false, () => "x\n");
            Assert.IsType<DirectoryNotFoundException>(missing.Failure);
            Assert.Null(missing.Refusal);
            Assert.False(missing.Written);
            var folder = Path.Combine(_dir, "folder");
            Directory.CreateDirectory(folder);
            var onFolder = OutFiles.Write(folder, true, () => "x\n");
            Assert.True(WriteFailure.Is(onFolder.Failure));
            Assert.True(Directory.Exists(folder));
        }

        [Fact]
        public void AFaultOfTheTextIsNoWriteFailure()
        {
            Assert.Throws<InvalidOperationException>(() => OutFiles.Write(Path.Combine(_dir, "x.yaml"), false, () => throw new InvalidOperationException("bug")));
            Assert.False(File.Exists(Path.Combine(_dir, "x.yaml")));
        }
    }
}
