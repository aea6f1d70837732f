using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>
    /// -Environment entry by entry: a list is a path list of this platform, null unsets; a refused entry (one that cannot be
    /// set, or that the module refuses as it cannot be shown or typed reliably) is its own error naming the key (escaped),
    /// and the other entries are used. Before (08cffa35) every entry was taken:
    /// '' / ' ' / 'A=B' names, a NUL in a name, a hashtable value (as "System.Collections.Hashtable").
    /// </summary>
    public class EnvironmentValuesTests
    {
        private static Dictionary<string, string> From(List<TeleportInputException> refused, params (object Key, object Value)[] entries) =>
            EnvironmentValues.From(entries.Select(e => new KeyValuePair<object, object>(e.Key, e.Value)), refused.Add, out _);

        [Fact]
        public void Values_lists_and_nulls()
        {
            var refused = new List<TeleportInputException>();
            var env = From(refused, ("A", "1"), ("PATH", new object[] { "/x", "/y" }), ("GONE", null), ("N", 5), ("D", 1.5), ("MULTI", "line1\nline2"));
            Assert.Empty(refused);
            Assert.Equal("1", env["A"]);
            Assert.Equal("/x" + Path.PathSeparator + "/y", env["PATH"]);
            Assert.True(env.ContainsKey("GONE"));
            Assert.Null(env["GONE"]);
            Assert.Equal("5", env["N"]);
            Assert.Equal("1.5", env["D"]);               // invariant, whatever the culture
            Assert.Equal("line1\nline2", env["MULTI"]);  // a line break is a value's own (a PEM key)
            Assert.Equal(6, env.Count);
        }

        // Keys and values are written with \u escapes (Regex.Unescape): NUL and lone surrogates do not survive InlineData.
        [Theory]
        // A blank name names nothing (InputPolicy.IsBlank).
        [InlineData(null, "1", "InvalidEnvironmentName", "-Environment[null]: the name is null, which names no variable.")]
        [InlineData("", "1", "InvalidEnvironmentName", "-Environment['']: the name is an empty name, which names no variable.")]
        // Policy, not an OS fact (env ' =2' env shows it): refused because it cannot be told from no name.
        [InlineData(" ", "1", "InvalidEnvironmentName", "-Environment[' ']: the name is white space only: an environment can hold it, but the module refuses it (shown, it cannot be told from no name).")]
        // POSIX.1-2017 setenv() EINVAL, XBD 8.1 and Windows' Environment Variables page: no '=' in a name.
        [InlineData("A=B", "1", "InvalidEnvironmentName", "-Environment['A=B']: the name holds '=', which ends an environment variable's name (name=value), so it cannot be set.")]
        [InlineData("=C:", "1", "InvalidEnvironmentName", "-Environment['=C:']: the name holds '=', which ends an environment variable's name (name=value), so it cannot be set.")]
        // NUL ends an environment entry (XBD 8.1: NUL-terminated strings; the Windows environment block).
        [InlineData(@"A\u0000B", "1", "InvalidEnvironmentName", @"-Environment['A\x00B']: the name holds NUL, which ends an environment entry, so it cannot be set.")]
        // Policy, not an OS fact (execve passes env $'A\x1bB=1' intact; PowerShell's ${env:...} names it): cannot be shown or typed reliably.
        [InlineData(@"A\u001B[31m", "1", "InvalidEnvironmentName", @"-Environment['A\x1B[31m']: the name holds a control character: an environment can hold it, but the module refuses it (it cannot be shown or typed reliably).")]
        [InlineData(@"A\nB", "1", "InvalidEnvironmentName", @"-Environment['A\x0AB']: the name holds a control character: an environment can hold it, but the module refuses it (it cannot be shown or typed reliably).")]
        // Windows' environment block is UTF-16 (a lone surrogate reaches the child); Linux and macOS get UTF-8, U+FFFD.
        [InlineData(@"A\uD800", "1", "InvalidEnvironmentName", @"-Environment['A\uD800']: the name holds a lone UTF-16 surrogate: Windows passes it as is, Linux and macOS get U+FFFD (another name); the module refuses it.")]
        [InlineData("TOKEN", @"ab\u0000cd", "InvalidEnvironmentValue", "-Environment['TOKEN']: the value holds NUL, which ends an environment entry (the variable would be cut there).")]
        [InlineData("TOKEN", @"ab\uDC00", "InvalidEnvironmentValue", "-Environment['TOKEN']: the value holds a lone UTF-16 surrogate: Windows passes it as is, Linux and macOS get U+FFFD; the module refuses it.")]
        public void A_refused_name_or_text_is_its_entrys_error(string key, string value, string code, string message)
        {
            var refused = new List<TeleportInputException>();
            var env = From(refused, (key == null ? null : Regex.Unescape(key), Regex.Unescape(value)), ("GOOD", "kept"));
            var e = Assert.Single(refused);
            Assert.Equal(code, e.Code);
            Assert.Equal(message, e.Message);
            Assert.Equal(e.Item, e.TargetObject);
            Assert.EndsWith("; the other values were used.", e.RecommendedAction, System.StringComparison.Ordinal);
            Assert.Equal(new[] { "GOOD" }, env.Keys);
        }

        [Theory]
        [InlineData("dictionary", "-Environment['V']: the value is a System.Collections.Hashtable, which no environment variable holds.")]
        [InlineData("nested", "-Environment['V']: item 1 of the path list is a System.Object[], which a path list cannot hold.")]
        [InlineData("null item", "-Environment['V']: item 1 of the path list is null: an empty element of a path list names the current directory.")]
        [InlineData("empty item", "-Environment['V']: item 0 of the path list is an empty name: an empty element of a path list names the current directory.")]
        // An item holding the separator (':' or ';') would silently become two elements.
        [InlineData("separator item", "-Environment['V']: item 1 of the path list holds '{0}', this platform's path-list separator, so it would become two elements.")]
        public void A_refused_value_is_its_entrys_error(string what, string message)
        {
            object value = what switch
            {
                "dictionary" => new Hashtable { ["x"] = 1 },
                "nested" => new object[] { "/a", new object[] { "/b" } },
                "null item" => new object[] { "/a", null },
                "separator item" => new object[] { "/a", "/b" + Path.PathSeparator + "/c" },
                _ => new object[] { "", "/a" },
            };
            var refused = new List<TeleportInputException>();
            var env = From(refused, ("V", value), ("PATH", "/usr/bin"));
            var e = Assert.Single(refused);
            Assert.Equal(EnvironmentValues.InvalidValueCode, e.Code);
            Assert.Equal(message.Replace("{0}", Path.PathSeparator.ToString()), e.Message);
            Assert.Equal(new[] { "PATH" }, env.Keys);
        }

        // XBD 8.3: only an empty element is the current directory; ' ' names a directory called ' ' (POSIX.1-2017 XBD 4.13:
        // a filename may hold any byte but '/' and NUL).
        [Fact]
        public void A_white_space_path_list_item_is_a_directory_name()
        {
            var refused = new List<TeleportInputException>();
            var env = From(refused, ("V", new object[] { "/a", " ", "/b" }));
            Assert.Empty(refused);
            Assert.Equal("/a" + Path.PathSeparator + " " + Path.PathSeparator + "/b", env["V"]);
        }

        // What App Service hosts get: the entries used, with their original keys and values, and never a refused one. A key
        // that converts to the same text as a refused entry's (1 and "1") is decided by its own entry, not by its text.
        [Fact]
        public void The_used_entries_are_returned_as_given_and_a_refused_one_never()
        {
            var path = new object[] { "/x", "/y" };
            var refused = new List<TeleportInputException>();
            var env = EnvironmentValues.From(new[]
            {
                new KeyValuePair<object, object>(1, new Hashtable { ["x"] = 1 }),
                new KeyValuePair<object, object>("1", "one"),
                new KeyValuePair<object, object>("A=B", "x"),
                new KeyValuePair<object, object>("PATH", path),
                new KeyValuePair<object, object>("GONE", null),
            }, refused.Add, out var used);
            Assert.Equal(new[] { "-Environment['1']", "-Environment['A=B']" }, refused.Select(e => e.Item));
            Assert.Equal(new object[] { "1", "PATH", "GONE" }, used.Select(e => e.Key));
            Assert.IsType<string>(used[0].Key);
            Assert.Equal("one", used[0].Value);
            Assert.Same(path, used[1].Value);
            Assert.Null(used[2].Value);
            Assert.Equal(new[] { "1", "GONE", "PATH" }, env.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        }

        [Fact]
        public void Every_bad_entry_is_named_and_the_good_ones_are_all_used()
        {
            var refused = new List<TeleportInputException>();
            var env = From(refused, ("", "x"), ("A", "1"), ("B=C", "y"), ("D", new Hashtable()), ("E", null));
            Assert.Equal(new[] { "-Environment['']", "-Environment['B=C']", "-Environment['D']" }, refused.Select(e => e.Item));
            Assert.Equal(new[] { "A", "E" }, env.Keys.OrderBy(k => k));
        }

        // Session 46 (helper-311): names that are one variable. Windows' environment names are not case-sensitive (Windows
        // "Environment Variables", learn.microsoft.com/windows/win32/procthread/environment-variables; dotnet/runtime
        // ProcessStartInfo.cs: ProcessStartInfo.Environment is a Dictionary with OrdinalIgnoreCase on Windows, Ordinal
        // elsewhere), so PATH and Path given both collide there: the later one is refused naming both keys and the earlier is
        // used (before: the later replaced the earlier's value silently, by StaticChecks.EffectiveEnvironment's Windows
        // dictionary). On Linux both are variables (POSIX.1-2017 XBD 8.1). Keys that are the same text (1 and '1') are one
        // variable everywhere. Each row: platform, the entries (key=value, '~' for $null, '{h}' for a hashtable value), what
        // the child gets for the variable named last (the effective environment over an inherited PATH=/inherited), and the
        // refusals (code:place).
        [Theory]
        [InlineData("windows", "PATH=a|Path=b", "Path", "a", "DuplicateEnvironmentName:-Environment['Path']")]
        [InlineData("windows", "path=a|PATH=b|Path=c", "PATH", "a", "DuplicateEnvironmentName:-Environment['PATH'],DuplicateEnvironmentName:-Environment['Path']")]
        [InlineData("windows", "PATH=~|Path=b", "PATH", null, "DuplicateEnvironmentName:-Environment['Path']")]
        // A refused earlier entry sets nothing: the later one is the variable's only entry and is used.
        [InlineData("windows", "PATH={h}|Path=b", "PATH", "b", "InvalidEnvironmentValue:-Environment['PATH']")]
        [InlineData("windows", "Path=b", "PATH", "b", "")]
        [InlineData("linux", "PATH=a|Path=b", "PATH", "a", "")]
        [InlineData("linux", "PATH=a|Path=b", "Path", "b", "")]
        // Keys of the same text are named with their types (Session 46 helper-322; before: both -Environment['1']).
        [InlineData("linux", "1=a|'1=b", "1", "a", "DuplicateEnvironmentName:-Environment['1' (String)]")]
        [InlineData("windows", "1=a|'1=b", "1", "a", "DuplicateEnvironmentName:-Environment['1' (String)]")]
        [InlineData("linux", "'1=a|1=b", "1", "a", "DuplicateEnvironmentName:-Environment[1 (Int32)]")]
        public void Names_of_one_variable_keep_the_first_entry(string os, string entries, string name, string expected, string refusals)
        {
            var platform = new FakePlatform(os == "windows");
            platform.Environment["PATH"] = "/inherited";
            var list = new List<KeyValuePair<object, object>>();
            foreach (var entry in entries.Split('|'))
            {
                int eq = entry.IndexOf('=');
                string k = entry.Substring(0, eq), v = entry.Substring(eq + 1);
                // '1 is the text "1"; 1 the number.
                object key = k.StartsWith("'", System.StringComparison.Ordinal) ? k.Substring(1) : int.TryParse(k, out int n) ? n : k;
                object value = v == "~" ? null : v == "{h}" ? new Hashtable { ["x"] = 1 } : v;
                list.Add(new KeyValuePair<object, object>(key, value));
            }
            var refused = new List<TeleportInputException>();
            var env = EnvironmentValues.From(platform, list, refused.Add, out var used);
            var effective = TeleportMcp.Engine.Probe.StaticChecks.EffectiveEnvironment(platform, env);
            Assert.Equal(refusals, string.Join(",", refused.Select(e => e.Code + ":" + e.Item)));
            effective.TryGetValue(name, out var got);
            Assert.Equal(expected, got);
            Assert.Equal(list.Count - refused.Count, used.Count);
        }

        // Session 46 (helper-322): entries not in the order given (a Hashtable: hash order, and .NET randomizes string hash
        // codes in each process, learn.microsoft.com/dotnet/api/system.string.gethashcode) have no "earlier" entry: every
        // entry of a group naming one variable is refused and none is used; the variable keeps its inherited value (PATH=
        // /inherited). Before: the entry enumerated first was used, the other refused. Other variables are still used.
        [Theory]
        [InlineData("windows", "PATH=a|Path=b|X=x", "PATH", "/inherited", "DuplicateEnvironmentName:-Environment['PATH'],DuplicateEnvironmentName:-Environment['Path']")]
        [InlineData("windows", "Path=b|PATH=a|X=x", "PATH", "/inherited", "DuplicateEnvironmentName:-Environment['Path'],DuplicateEnvironmentName:-Environment['PATH']")]
        [InlineData("windows", "path=a|PATH=b|Path=c", "PATH", "/inherited", "DuplicateEnvironmentName:-Environment['path'],DuplicateEnvironmentName:-Environment['PATH'],DuplicateEnvironmentName:-Environment['Path']")]
        [InlineData("linux", "1=a|'1=b|X=x", "1", null, "DuplicateEnvironmentName:-Environment[1 (Int32)],DuplicateEnvironmentName:-Environment['1' (String)]")]
        [InlineData("windows", "PATH={h}|Path=b", "PATH", "/inherited", "DuplicateEnvironmentName:-Environment['PATH'],DuplicateEnvironmentName:-Environment['Path']")]
        // No collision: as ordered.
        [InlineData("linux", "PATH=a|Path=b", "PATH", "a", "")]
        [InlineData("windows", "A=B=c|PATH=a", "PATH", "a", "InvalidEnvironmentName:-Environment['A=B']")]
        public void Names_of_one_variable_in_an_unordered_dictionary_are_all_refused(string os, string entries, string name, string expected, string refusals)
        {
            var platform = new FakePlatform(os == "windows");
            platform.Environment["PATH"] = "/inherited";
            var list = new List<KeyValuePair<object, object>>();
            foreach (var entry in entries.Split('|'))
            {
                int eq = entry.IndexOf('=', entry.StartsWith("A=B", System.StringComparison.Ordinal) ? 3 : 0);
                string k = entry.Substring(0, eq), v = entry.Substring(eq + 1);
                object key = k.StartsWith("'", System.StringComparison.Ordinal) ? k.Substring(1) : int.TryParse(k, out int n) ? n : k;
                object value = v == "{h}" ? new Hashtable { ["x"] = 1 } : v;
                list.Add(new KeyValuePair<object, object>(key, value));
            }
            var refused = new List<TeleportInputException>();
            var env = EnvironmentValues.From(platform, list, false, refused.Add, out var used);
            var effective = TeleportMcp.Engine.Probe.StaticChecks.EffectiveEnvironment(platform, env);
            Assert.Equal(refusals, string.Join(",", refused.Select(e => e.Code + ":" + e.Item)));
            effective.TryGetValue(name, out var got);
            Assert.Equal(expected, got);
            Assert.Equal(list.Count - refused.Count, used.Count);
        }

        [Fact]
        public void An_unordered_collision_says_why_none_is_used()
        {
            var refused = new List<TeleportInputException>();
            EnvironmentValues.From(new FakePlatform(false), new[]
            {
                new KeyValuePair<object, object>(1, "one"),
                new KeyValuePair<object, object>("1", "uno"),
            }, false, refused.Add, out var used);
            Assert.Empty(used);
            Assert.Equal(new[]
            {
                "-Environment[1 (Int32)]: this entry and -Environment['1' (String)] name one variable (keys of other types with the same text), and " +
                "-Environment is not an ordered dictionary: its entries come in hash order, which .NET randomizes in each process, so which was " +
                "given first is not known, and none of them is used.",
                "-Environment['1' (String)]: this entry and -Environment[1 (Int32)] name one variable (keys of other types with the same text), and " +
                "-Environment is not an ordered dictionary: its entries come in hash order, which .NET randomizes in each process, so which was " +
                "given first is not known, and none of them is used.",
            }, refused.Select(e => e.Message));
            Assert.Equal("Give each variable once, with the value meant, or pass an [ordered] dictionary (the first entry is then used); these entries " +
                         "were not used (the variable keeps its inherited value); the other values were used.", refused[0].RecommendedAction);
        }

        [Fact]
        public void A_case_collision_names_both_keys()
        {
            var refused = new List<TeleportInputException>();
            EnvironmentValues.From(new FakePlatform(true), new[]
            {
                new KeyValuePair<object, object>("PATH", @"C:\tools"),
                new KeyValuePair<object, object>("Path", @"C:\other"),
            }, refused.Add, out _);
            var e = Assert.Single(refused);
            Assert.Equal(EnvironmentValues.DuplicateNameCode, e.Code);
            Assert.Equal("-Environment['Path']: the name differs from the name of an entry given before it, -Environment['PATH'], only in case, and on " +
                         "Windows environment variable names are not case-sensitive: both name one variable; the earlier entry is used, this one is not.", e.Message);
            Assert.Equal("Give each variable once, with the value meant; this entry was not used (the variable gets the earlier entry's value); the other values were used.", e.RecommendedAction);
        }

        // The path-list separator is the platform's (Path.PathSeparator of a Windows host: ';'), given through the seam.
        [Theory]
        [InlineData("windows", @"C:\a|C:\b", @"C:\a;C:\b", "")]
        [InlineData("linux", "/a|/b", "/a:/b", "")]
        [InlineData("windows", @"C:\a;C:\b|C:\c", null, "-Environment['V']: item 0 of the path list holds ';', this platform's path-list separator, so it would become two elements.")]
        [InlineData("windows", @"C:\a|C:\b:c", @"C:\a;C:\b:c", "")]
        [InlineData("linux", "/a:/b|/c", null, "-Environment['V']: item 0 of the path list holds ':', this platform's path-list separator, so it would become two elements.")]
        public void A_path_list_is_joined_by_the_platforms_separator(string os, string items, string expected, string message)
        {
            var refused = new List<TeleportInputException>();
            var env = EnvironmentValues.From(new FakePlatform(os == "windows"),
                new[] { new KeyValuePair<object, object>("V", items.Split('|').Cast<object>().ToArray()) }, refused.Add, out _);
            Assert.Equal(message, string.Join("|", refused.Select(e => e.Message)));
            env.TryGetValue("V", out var got);
            Assert.Equal(expected, got);
        }

        // Session 47 (helper-328): the -Environment entries used here travel to each App Service host, whose Test-TeleportMcpApp
        // reads them again with its own platform's names (RemoteHosts -> FleetRun.RemoteScript splats HostCheckParameters).
        // From a Linux caller, PATH and Path are two variables; on a Windows host one. Given [ordered], they now travel as an
        // OrderedDictionary (EnvironmentValues.ForHosts), which PowerShell's serializer rebuilds as one (PSSerializer, the
        // remoting serializer, measured: pwsh 7.6), so the host keeps the first as the caller asked; before (27b228e8) they
        // travelled as a Hashtable and the host refused both (DuplicateEnvironmentName twice, PATH unchanged). A Hashtable
        // given stays one: the host refuses such a group, as the caller would on Windows. Rows run where the caller is not
        // Windows (on Windows the caller itself refuses the later entry and it never travels).
        [TeleportMcp.Tests.Common.NotOnWindowsTheory("the entries are first read here, on this computer (PlainValues.Environment, HostPlatform.Current), " +
            "and Windows refuses a name given twice but for case (PATH, Path) before the host is reached; the host's own rule is the rows' hostWindows")]
        // ordered, entries "k=v;k=v", host Windows, variables the host sets "k=v;k=v" (sorted, ignoring case), refusals on the host
        [InlineData(true, "PATH=/a;Path=/b", true, "PATH=/a", 1)]
        [InlineData(true, "Path=/b;PATH=/a", true, "Path=/b", 1)]
        [InlineData(true, "B=1;A=2;PATH=/a;Path=/b", true, "A=2;B=1;PATH=/a", 1)]
        [InlineData(false, "PATH=/a;Path=/b", true, "", 2)]
        [InlineData(true, "PATH=/a;Path=/b", false, "PATH=/a;Path=/b", 0)]
        [InlineData(false, "B=1;A=2", true, "A=2;B=1", 0)]
        public void A_host_reads_the_entries_used_here_in_the_order_given(bool ordered, string entries, bool hostWindows, string hostSets, int hostRefusals)
        {
            IDictionary given = ordered ? new System.Collections.Specialized.OrderedDictionary() : new Hashtable();
            foreach (var pair in entries.Split(';')) given.Add(pair.Split('=')[0], pair.Split('=')[1]);
            var here = new List<TeleportInputException>();
            TeleportMcp.Transport.PlainValues.Environment(given, here.Add, out var forHosts);
            Assert.Empty(here);
            // What the host's Test-TeleportMcpApp gets: the dictionary through PowerShell's serializer.
            var arrived = System.Management.Automation.PSSerializer.Deserialize(System.Management.Automation.PSSerializer.Serialize(forHosts));
            var dictionary = (IDictionary)(arrived is System.Management.Automation.PSObject o ? o.BaseObject : arrived);
            var list = new List<KeyValuePair<object, object>>();
            foreach (DictionaryEntry e in dictionary) list.Add(new KeyValuePair<object, object>(e.Key, e.Value));
            var refused = new List<TeleportInputException>();
            var env = EnvironmentValues.From(new FakePlatform(hostWindows), list, dictionary is System.Collections.Specialized.IOrderedDictionary, refused.Add, out _);
            Assert.Equal(hostSets, string.Join(";", env.OrderBy(kv => kv.Key, System.StringComparer.OrdinalIgnoreCase).ThenBy(kv => kv.Key, System.StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
            Assert.Equal(hostRefusals, refused.Count);
            Assert.All(refused, r => Assert.Equal(EnvironmentValues.DuplicateNameCode, r.Code));
        }
    }
}
