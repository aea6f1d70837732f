using System;
using TeleportMcp.Engine.Probe;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    public class StderrSelectionTests
    {
        // Node.js 20 output for "node /srv/private/server.js" run by a user who cannot enter /srv/private.
        private static readonly string[] NodeMissingModule =
        {
            "node:internal/modules/cjs/loader:1228",
            "  throw err;",
            "  ^",
            "",
            "Error: Cannot find module '/srv/private/server.js'",
            "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)",
            "    at Module._load (node:internal/modules/cjs/loader:1051:27)",
            "{",
            "  code: 'MODULE_NOT_FOUND',",
            "  requireStack: []",
            "}",
            "",
            "Node.js v20.20.2",
        };

        private static readonly string[] PythonPermission =
        {
            "Traceback (most recent call last):",
            "  File \"/srv/mcp/server.py\", line 3, in <module>",
            "    open('/etc/mcp/secret.json')",
            "PermissionError: [Errno 13] Permission denied: '/etc/mcp/secret.json'",
        };

        private static readonly string[] NodeEacces =
        {
            "node:fs:573",
            "  return binding.open(",
            "Error: EACCES: permission denied, open '/srv/data/config.json'",
            "    at Object.openSync (node:fs:573:10)",
            "Node.js v20.20.2",
        };

        [Fact]
        public void Node_module_error_beats_the_version_line() =>
            Assert.Equal("Error: Cannot find module '/srv/private/server.js'", StderrSelection.MostTelling(NodeMissingModule));

        [Fact]
        public void Python_exception_line_beats_the_traceback_header() =>
            Assert.Equal("PermissionError: [Errno 13] Permission denied: '/etc/mcp/secret.json'", StderrSelection.MostTelling(PythonPermission));

        [Fact]
        public void Errno_line() =>
            Assert.Equal("Error: EACCES: permission denied, open '/srv/data/config.json'", StderrSelection.MostTelling(NodeEacces));

        [Fact]
        public void Traceback_alone_is_still_better_than_noise() =>
            Assert.Equal("Traceback (most recent call last):", StderrSelection.MostTelling(new[] { "starting", "Traceback (most recent call last):", "  File \"x.py\", line 1", "done" }));

        [Fact]
        public void Nothing_telling_gives_the_last_line() =>
            Assert.Equal("listening", StderrSelection.MostTelling(new[] { "starting", "listening", "" }));

        [Fact]
        public void Empty_gives_null() => Assert.Null(StderrSelection.MostTelling(Array.Empty<string>()));

        [Fact]
        public void Tracker_keeps_the_first_best_line()
        {
            var t = new StderrSelection.Tracker();
            foreach (var l in NodeMissingModule) t.Add(l);
            Assert.Equal("Error: Cannot find module '/srv/private/server.js'", t.Best);
        }
    }
}
