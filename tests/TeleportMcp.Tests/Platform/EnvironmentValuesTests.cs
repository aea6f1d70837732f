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
            Assert.EndsWith("; the other values were used.", e.RecommendedAction);
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
    }
}
