using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>A platform with a made-up file system and environment, to feed Windows inputs on Linux and back.</summary>
    internal sealed class FakePlatform : IHostPlatform
    {
        private readonly HashSet<string> _files;
        private readonly HashSet<string> _dirs;
        private readonly Dictionary<string, string> _env;

        public FakePlatform(bool windows, IEnumerable<string> files, IDictionary<string, string> env, IEnumerable<string> dirs = null)
        {
            IsWindows = windows;
            var cmp = windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _files = new HashSet<string>(files, cmp);
            _dirs = new HashSet<string>(dirs ?? Array.Empty<string>(), cmp);
            _env = new Dictionary<string, string>(env, StringComparer.OrdinalIgnoreCase);
        }

        public OsKind Os => IsWindows ? OsKind.Windows : OsKind.Linux;
        public bool IsWindows { get; }
        public IDictionary<string, string> Environment => _env;
        public string GetVariable(string name) => _env.TryGetValue(name, out var v) ? v : null;
        public string HomeDirectory => IsWindows ? @"C:\Users\admin" : "/root";
        public string CurrentDirectory => IsWindows ? @"C:\" : "/";
        public bool FileExists(string path) => path != null && _files.Contains(path);
        public bool DirectoryExists(string path) => path != null && _dirs.Contains(path);

        public FileFacts GetFile(string path) =>
            new FileFacts { Exists = FileExists(path) || DirectoryExists(path), IsDirectory = DirectoryExists(path) };

        public IEnumerable<string> GetDirectories(string path, string pattern) => Enumerable.Empty<string>();
        public IEnumerable<string> GetFiles(string path, string pattern) => Enumerable.Empty<string>();
        public string ReadAllText(string path) => FileExists(path) ? "" : throw new FileNotFoundException(path);
        public string ReadFirstLine(string path) => FileExists(path) ? "" : null;
        public DateTime? LastWriteTimeUtc(string path) => null;
        public HostAccount CurrentUser => new HostAccount { Name = "admin" };
        public HostAccount LookupUser(string name) => null;
    }
}
