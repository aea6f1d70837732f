using System;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>One stat(1) for a path and the folders above it answers as one stat(1) each would.</summary>
    public sealed class HostFileFactsTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "tmcp-facts-" + Guid.NewGuid().ToString("N"));

        public HostFileFactsTests() { Directory.CreateDirectory(Path.Combine(_dir, "sub folder")); }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Fact]
        public void A_path_and_its_parents_in_one_call_are_what_each_call_gives()
        {
            if (HostPlatform.Current.IsWindows) return;   // stat(1) is the Unix helper; Windows answers without it
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
    }
}
