using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>An in-memory host: files with modes and owners, accounts, environment. Windows or Unix by flag.</summary>
    internal sealed class FakePlatform : IHostPlatform
    {
        private readonly Dictionary<string, FileFacts> _files;
        private readonly Dictionary<string, string> _firstLines;
        public Dictionary<string, HostAccount> Accounts { get; } = new Dictionary<string, HostAccount>();

        public FakePlatform(bool windows)
        {
            IsWindows = windows;
            var cmp = windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _files = new Dictionary<string, FileFacts>(cmp);
            _firstLines = new Dictionary<string, string>(cmp);
            Environment = new Dictionary<string, string>(cmp);
            CurrentUser = windows ? new HostAccount { Name = "admin", Source = "windows" } : new HostAccount { Name = "root", Uid = 0, Gid = 0, Groups = { 0 } };
        }

        public bool IsWindows { get; }
        public HostAccount CurrentUser { get; set; }
        public IDictionary<string, string> Environment { get; }

        public FakePlatform File(string path, int mode = 0x1ED /* 0755 */, long owner = 0, long group = 0, string firstLine = null, bool socket = false)
        {
            _files[path] = new FileFacts { Exists = true, Mode = IsWindows ? -1 : mode, OwnerUid = owner, OwnerGid = group, IsSocket = socket };
            if (firstLine != null) _firstLines[path] = firstLine;
            return this;
        }

        public FakePlatform Dir(string path, int mode = 0x1ED, long owner = 0, long group = 0)
        {
            _files[path] = new FileFacts { Exists = true, IsDirectory = true, Mode = IsWindows ? -1 : mode, OwnerUid = owner, OwnerGid = group };
            return this;
        }

        public FakePlatform User(string name, long uid, long gid, params long[] groups)
        {
            var a = new HostAccount { Name = name, Uid = IsWindows ? -1 : uid, Gid = IsWindows ? -1 : gid, Source = IsWindows ? "windows" : "/etc/passwd" };
            a.Groups.Add(gid);
            a.Groups.AddRange(groups);
            Accounts[name] = a;
            return this;
        }

        public FileFacts GetFile(string path) => _files.TryGetValue(path, out var f) ? f : new FileFacts();
        public HostAccount LookupUser(string name) => Accounts.TryGetValue(name, out var a) ? a : null;
        public string ReadFirstLine(string path) => _firstLines.TryGetValue(path, out var l) ? l : (_files.ContainsKey(path) ? "" : null);
    }
}
