using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Completion;
using TeleportMcp.Engine.FileSystem;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Issue 17 items 8 and 9: symbolic-link loops and special files in scanned folders (Unix).</summary>
    public sealed class FileSystemHostileTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "tmcp-fs-" + Guid.NewGuid().ToString("N"));
        private Socket _socket;

        public FileSystemHostileTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "sub", "deeper"));
            File.WriteAllText(Path.Combine(_root, "top.yaml"), "kind: role\n");
            File.WriteAllText(Path.Combine(_root, "sub", "a.yaml"), "kind: role\n");
            File.WriteAllText(Path.Combine(_root, "sub", "deeper", "b.yaml"), "kind: role\n");
            if (OperatingSystem.IsWindows()) return;
            File.CreateSymbolicLink(Path.Combine(_root, "sub", "up"), "..");
            File.CreateSymbolicLink(Path.Combine(_root, "sub", "deeper", "self"), ".");
            File.CreateSymbolicLink(Path.Combine(_root, "again"), Path.Combine(_root, "sub"));
            File.CreateSymbolicLink(Path.Combine(_root, "zero.yaml"), "/dev/zero");
            File.CreateSymbolicLink(Path.Combine(_root, "zero.log"), "/dev/zero");
            using (var p = Process.Start(new ProcessStartInfo("mkfifo", Path.Combine(_root, "pipe.yaml")) { UseShellExecute = false }))
                p.WaitForExit();
            _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_root, "sock.yaml")));
        }

        public void Dispose()
        {
            _socket?.Dispose();
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        private static bool Yaml(string f) => f.EndsWith(".yaml", StringComparison.Ordinal);

        /// <summary>Whether the work ends within a minute (a blocked read would never end).</summary>
        private static async Task<bool> Ends(Task work) => await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(60))) == work;

        [NotOnWindowsFact("symbolic-link loops, FIFOs and devices of Unix")]
        public async Task LinkedFoldersAreReadOnceAndLoopsReported()
        {
            var run = Task.Run(() => FileWalker.Enumerate(_root, true, Yaml));
            Assert.True(await Ends(run), "the walk did not end");
            var walk = await run;
            var names = walk.Files.Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "a.yaml", "b.yaml", "top.yaml" }, names);
            // "sub" is reached directly and through "again": read once, whichever comes first.
            Assert.Contains(walk.Warnings, w => w.Contains("loop") && w.Contains(Path.DirectorySeparatorChar + "up:"));
            Assert.Contains(walk.Warnings, w => w.Contains("loop") && w.Contains("self"));
        }

        [NotOnWindowsFact("symbolic-link loops, FIFOs and devices of Unix")]
        public void SpecialFilesAreSkippedWithAWarning()
        {
            var walk = FileWalker.Enumerate(_root, false, Yaml);
            Assert.Equal(new[] { "top.yaml" }, walk.Files.Select(Path.GetFileName));
            Assert.Contains(walk.Warnings, w => w.Contains("pipe.yaml") && w.Contains("FIFO"));
            Assert.Contains(walk.Warnings, w => w.Contains("zero.yaml") && w.Contains("character device"));
            Assert.Contains(walk.Warnings, w => w.Contains("sock.yaml") && w.Contains("socket"));
        }

        [NotOnWindowsTheory("symbolic-link loops, FIFOs and devices of Unix")]
        [InlineData("pipe.yaml")]
        [InlineData("zero.yaml")]
        [InlineData("sock.yaml")]
        public async Task ANamedSpecialFileIsRefusedBeforeItIsOpened(string name)
        {
            var run = Task.Run(() => Record.Exception(() => TextFile.ReadAllText(Path.Combine(_root, name))));
            Assert.True(await Ends(run), "reading blocked");
            Assert.Contains("not a regular file", Assert.IsType<IOException>(await run).Message, StringComparison.Ordinal);
        }

        [NotOnWindowsFact("symbolic-link loops, FIFOs and devices of Unix")]
        public async Task ALogLinkedToADeviceIsRefused()
        {
            var run = Task.Run(() => Record.Exception(() => LogFileReader.Scan(Path.Combine(_root, "zero.log"), new LogScanner(KnownErrorCatalog.Embedded, "zero.log", _ => { }))));
            Assert.True(await Ends(run), "scanning did not end");
            Assert.Contains("character device", Assert.IsType<LogReadException>(await run).Message, StringComparison.Ordinal);
        }

        [NotOnWindowsFact("symbolic-link loops, FIFOs and devices of Unix")]
        public async Task TabCompletionWalksFoldersAsTheCmdletsDoLinksOnceLoopsAndSpecialFilesLeftOut()
        {
            File.WriteAllText(Path.Combine(_root, "sub", "deeper", "b.yaml"), "kind: role\nversion: v8\nmetadata: {name: deep}\n");
            var run = Task.Run(() => ClusterCompletion.ExpandFiles(new[] { _root, Path.Combine(_root, "pipe.yaml") }));
            Assert.True(await Ends(run), "Tab completion did not end");
            var files = await run;
            Assert.Equal(ClusterInput.Folders.Walk(_root).Files, files);
            Assert.Equal(new[] { "a.yaml", "b.yaml", "top.yaml" }, files.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "deep" }, ClusterCompletion.Names(files, CompletionKind.Role));
        }

        [Fact]
        public void AResourceFileBeyondTheCapIsRefused()
        {
            var big = Path.Combine(_root, "big.yaml");
            using (var fs = new FileStream(big, FileMode.Create)) fs.SetLength(Limits.Default.FileMaxBytes + 1);   // sparse: no disk used
            Assert.Contains("larger than", Assert.Throws<IOException>(() => TextFile.ReadAllText(big)).Message, StringComparison.Ordinal);
        }
    }
}
