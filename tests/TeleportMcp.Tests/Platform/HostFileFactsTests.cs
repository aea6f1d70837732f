using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Common;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>
    /// One stat(1) for a path and the folders above it answers as one stat(1) each would; on Linux statx(2) answers
    /// every question as stat(1) does, without a process.
    /// </summary>
    public sealed class HostFileFactsTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-facts-" + Guid.NewGuid().ToString("N"));

        public HostFileFactsTests() { Directory.CreateDirectory(Path.Combine(_dir, "sub folder")); }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static (bool, int, long, long, bool, bool) Seen(FileFacts f) => (f.Exists, f.Mode, f.OwnerUid, f.OwnerGid, f.IsDirectory, f.IsSocket);

        [NotOnWindowsFact("stat(1) is the Unix helper; Windows answers without it")]
        public void A_path_and_its_parents_in_one_stat_program_call_are_what_each_call_gives()
        {
            var file = Path.Combine(_dir, "sub folder", "server -x.js");
            File.WriteAllText(file, "");
            var host = (HostPlatform)HostPlatform.Current;
            var all = host.StatProgramWithParents(file);
            Assert.Equal(new[] { file }.Concat(HostAccess.Parents(host.Os, file)).OrderBy(p => p, StringComparer.Ordinal), all.Keys.OrderBy(p => p, StringComparer.Ordinal));
            foreach (var entry in all)
            {
                Assert.True(entry.Value.Exists, entry.Key);
                Assert.Equal(Seen(host.StatProgram(entry.Key)), Seen(entry.Value));
            }
            Assert.False(all[file].IsDirectory);
            Assert.True(all[Path.Combine(_dir, "sub folder")].IsDirectory);
        }

        [NotOnWindowsFact("stat(1) is the Unix helper; Windows answers without it")]
        public void A_path_and_its_parents_in_one_call_are_what_each_call_gives()
        {
            var file = Path.Combine(_dir, "sub folder", "server -x.js");
            File.WriteAllText(file, "");
            var host = (HostPlatform)HostPlatform.Current;
            var all = host.GetFileWithParents(file);
            Assert.Equal(new[] { file }.Concat(HostAccess.Parents(host.Os, file)).OrderBy(p => p, StringComparer.Ordinal), all.Keys.OrderBy(p => p, StringComparer.Ordinal));
            foreach (var entry in all)
            {
                var one = host.GetFile(entry.Key);
                Assert.True(entry.Value.Exists, entry.Key);
                Assert.Equal((one.Mode, one.OwnerUid, one.OwnerGid, one.IsDirectory, one.IsSocket), (entry.Value.Mode, entry.Value.OwnerUid, entry.Value.OwnerGid, entry.Value.IsDirectory, entry.Value.IsSocket));
            }
            Assert.False(all[file].IsDirectory);
            Assert.True(all[Path.Combine(_dir, "sub folder")].IsDirectory);
        }

        [Fact]
        public void A_missing_or_relative_path_is_answered_alone()
        {
            var host = (HostPlatform)HostPlatform.Current;
            var missing = host.GetFileWithParents(Path.Combine(_dir, "nothing here"));
            Assert.Single(missing);
            Assert.False(missing.Values.Single().Exists);
            var relative = host.GetFileWithParents("relative/x.js");
            Assert.Single(relative);
        }

        // What the access checks meet: modes with set-id and sticky bits, links followed (stat -L), a socket, a device,
        // the root, a missing path and a path through a file.
        [NotOnWindowsTheory("statx is Linux's", LinuxOnly = true)]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]   // the attribute above skips it elsewhere (CA1416 no longer sees the early return)
        [InlineData("file", "644")]
        [InlineData("file", "755")]
        [InlineData("file", "4755")]
        [InlineData("file", "2710")]
        [InlineData("file", "000")]
        [InlineData("folder", "711")]
        [InlineData("folder", "1777")]
        [InlineData("folder", "700")]
        [InlineData("link-to-file", "640")]
        [InlineData("link-to-folder", "750")]
        [InlineData("socket", "")]
        [InlineData("/dev/null", "")]
        [InlineData("/", "")]
        [InlineData("missing", "")]
        [InlineData("through-a-file", "")]
        public void Statx_answers_as_the_stat_program_does(string kind, string mode)
        {
            var host = (HostPlatform)HostPlatform.Current;
            string path = kind.StartsWith('/') ? kind : Path.Combine(_dir, kind + "-" + mode);
            var target = Path.Combine(_dir, "target-" + kind + "-" + mode);
            // .NET removes a bound socket's file when the socket is disposed: kept open until the end.
            using var socket = kind == "socket" ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) : null;
            switch (kind)
            {
                case "file": File.WriteAllText(path, ""); break;
                case "folder": Directory.CreateDirectory(path); break;
                case "link-to-file": File.WriteAllText(target, ""); File.CreateSymbolicLink(path, target); break;
                case "link-to-folder": Directory.CreateDirectory(target); File.CreateSymbolicLink(path, target); break;
                case "through-a-file": File.WriteAllText(path, ""); path = Path.Combine(path, "x.js"); break;
                case "socket": socket!.Bind(new UnixDomainSocketEndPoint(path)); break;
            }
            if (mode.Length > 0) File.SetUnixFileMode(kind.StartsWith("link", StringComparison.Ordinal) ? target : path, (UnixFileMode)Convert.ToInt32(mode, 8));
            var viaStatx = LinuxStat.Get(path);
            Assert.NotNull(viaStatx);
            // The stat program runs under the host's process timeout: on a loaded machine it has come back empty (no mode,
            // no owner). A real difference stays on every try; a timeout does not.
            var viaProgram = host.StatProgram(path);
            for (int attempt = 1; attempt < 3 && Seen(viaProgram) != Seen(viaStatx); attempt++) viaProgram = host.StatProgram(path);
            Assert.Equal(Seen(viaProgram), Seen(viaStatx));
            Assert.Equal(Seen(viaStatx), Seen(host.GetFile(path)));
            if (mode.Length > 0) Assert.Equal(Convert.ToInt32(mode, 8), viaStatx.Mode);
            Assert.Equal(kind != "missing" && kind != "through-a-file", viaStatx.Exists);
            Assert.Equal(kind == "socket", viaStatx.IsSocket);
            Assert.Equal(kind.Contains("folder", StringComparison.Ordinal) || kind == "/", viaStatx.IsDirectory);
        }

        [Fact]
        public void A_statx_answer_without_a_wanted_field_is_no_answer()
        {
            var buffer = new byte[LinuxStat.BufferSize];
            BitConverter.GetBytes(0x7FFu).CopyTo(buffer, 0);           // stx_mask: basic stats
            BitConverter.GetBytes(1001u).CopyTo(buffer, 20);           // stx_uid
            BitConverter.GetBytes(1002u).CopyTo(buffer, 24);           // stx_gid
            BitConverter.GetBytes((ushort)0x41ED).CopyTo(buffer, 28);  // stx_mode: directory, 0755
            var facts = LinuxStat.Parse(buffer);
            Assert.NotNull(facts);
            Assert.Equal((true, 0x1ED, 1001L, 1002L, true, false), Seen(facts));
            BitConverter.GetBytes(0x7FFu & ~0x8u).CopyTo(buffer, 0);   // no STATX_UID: the file system did not say
            Assert.Null(LinuxStat.Parse(buffer));
        }
    }
}
