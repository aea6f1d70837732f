using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>
    /// A theory that xUnit reports as skipped on Windows, with the reason given, instead of returning early and passing there
    /// without checking anything (review 332, session 47). xUnit 2 has no skip decided inside a test: the attribute's Skip is.
    /// <see cref="Needs"/> and <see cref="LinuxOnly"/> skip it, with the reason, where what it runs is not there.
    /// </summary>
    public sealed class NotOnWindowsTheoryAttribute : TheoryAttribute
    {
        private readonly string _why;

        public NotOnWindowsTheoryAttribute(string why) => _why = why;

        /// <summary>A file or folder the test runs or reads ("/bin/bash", "/proc"): where it is missing, the test is skipped.</summary>
        public string Needs { get; set; }

        /// <summary>The test uses what only Linux has (statx, /proc's layout): skipped on other systems.</summary>
        public bool LinuxOnly { get; set; }

        public override string Skip
        {
            get => PlatformSkip.Reason(_why, Needs, LinuxOnly) ?? base.Skip;
            set => base.Skip = value;
        }
    }

    /// <summary>The fact of <see cref="NotOnWindowsTheoryAttribute"/>: skipped, with the reason, on Windows (and where <see cref="Needs"/> is missing).</summary>
    public sealed class NotOnWindowsFactAttribute : FactAttribute
    {
        private readonly string _why;

        public NotOnWindowsFactAttribute(string why) => _why = why;

        /// <summary>A file or folder the test runs or reads ("/bin/bash", "/proc"): where it is missing, the test is skipped.</summary>
        public string Needs { get; set; }

        /// <summary>The test uses what only Linux has (statx, /proc's layout): skipped on other systems.</summary>
        public bool LinuxOnly { get; set; }

        public override string Skip
        {
            get => PlatformSkip.Reason(_why, Needs, LinuxOnly) ?? base.Skip;
            set => base.Skip = value;
        }
    }

    /// <summary>Why a test is not run on this computer, or null when it is (xUnit reads the attribute's Skip when it finds the tests).</summary>
    public static class PlatformSkip
    {
        public static string Reason(string why, string needs, bool linuxOnly) =>
            Reason(why, needs, linuxOnly, RuntimeInformation.IsOSPlatform(OSPlatform.Windows), RuntimeInformation.IsOSPlatform(OSPlatform.Linux),
                path => File.Exists(path) || Directory.Exists(path));

        /// <summary>The rule, with the system and the file test given (PlatformSkipTests rows).</summary>
        public static string Reason(string why, string needs, bool linuxOnly, bool windows, bool linux, System.Func<string, bool> exists)
        {
            if (windows) return "Not run on Windows: " + why;
            if (linuxOnly && !linux) return "Run on Linux only: " + why;
            if (!string.IsNullOrEmpty(needs) && !exists(needs)) return "Not run here: " + needs + " is missing (" + why + ")";
            return null;
        }
    }
}
