using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>A platform with a made-up file system and environment, to feed Windows inputs on Linux and back.</summary>
    internal sealed class FakePlatform : IPlatform
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

        public bool IsWindows { get; }
        public char PathListSeparator => IsWindows ? ';' : ':';
        public string GetEnvironmentVariable(string name) => _env.TryGetValue(name, out var v) ? v : null;
        public bool FileExists(string path) => _files.Contains(path);
        public bool DirectoryExists(string path) => _dirs.Contains(path);

        public string Combine(string directory, string file)
        {
            char sep = IsWindows ? '\\' : '/';
            return directory.EndsWith(sep.ToString()) || (IsWindows && directory.EndsWith("/")) ? directory + file : directory + sep + file;
        }
    }
}
