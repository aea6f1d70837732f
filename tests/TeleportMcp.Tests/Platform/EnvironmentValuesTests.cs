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
    /// -Environment entry by entry: a list is a path list of this platform, null unsets; an entry no environment can hold
    /// is its own error naming the key (escaped), and the other entries are used. Before (08cffa35) every entry was taken:
    /// '' / ' ' / 'A=B' names, a NUL in a name, a hashtable value (as "System.Collections.Hashtable").
    /// </summary>
    public class EnvironmentValuesTests
    {
        private static Dictionary<string, string> From(List<TeleportInputException> refused, params (object Key, object Value)[] entries) =>
            EnvironmentValues.From(entries.Select(e => new KeyValuePair<object, object>(e.Key, e.Value)), refused.Add);

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
        [InlineData(" ", "1", "InvalidEnvironmentName", "-Environment[' ']: the name is a name of white space only, which names no variable.")]
        // POSIX.1-2017 XBD 8.1 and Windows' Environment Variables page: no '=' in a name.
        [InlineData("A=B", "1", "InvalidEnvironmentName", "-Environment['A=B']: the name holds '=', which ends an environment variable's name (name=value).")]
        [InlineData("=C:", "1", "InvalidEnvironmentName", "-Environment['=C:']: the name holds '=', which ends an environment variable's name (name=value).")]
        // NUL ends an environment entry (XBD 8.1: NUL-terminated strings; the Windows environment block).
        [InlineData(@"A\u0000B", "1", "InvalidEnvironmentName", @"-Environment['A\x00B']: the name holds NUL, which ends an environment entry.")]
        [InlineData(@"A\u001B[31m", "1", "InvalidEnvironmentName", @"-Environment['A\x1B[31m']: the name holds a control character, which no shell can name.")]
        [InlineData(@"A\nB", "1", "InvalidEnvironmentName", @"-Environment['A\x0AB']: the name holds a control character, which no shell can name.")]
        [InlineData(@"A\uD800", "1", "InvalidEnvironmentName", @"-Environment['A\uD800']: the name holds a lone UTF-16 surrogate, which a UTF-8 environment (Linux, macOS) gets as U+FFFD, another name.")]
        [InlineData("TOKEN", @"ab\u0000cd", "InvalidEnvironmentValue", "-Environment['TOKEN']: the value holds NUL, which ends an environment entry (the variable would be cut there).")]
        [InlineData("TOKEN", @"ab\uDC00", "InvalidEnvironmentValue", "-Environment['TOKEN']: the value holds a lone UTF-16 surrogate, which a UTF-8 environment (Linux, macOS) gets as U+FFFD.")]
        public void A_name_or_text_no_environment_holds_is_its_entrys_error(string key, string value, string code, string message)
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
        public void A_value_no_environment_holds_is_its_entrys_error(string what, string message)
        {
            object value = what switch
            {
                "dictionary" => new Hashtable { ["x"] = 1 },
                "nested" => new object[] { "/a", new object[] { "/b" } },
                "null item" => new object[] { "/a", null },
                _ => new object[] { "", "/a" },
            };
            var refused = new List<TeleportInputException>();
            var env = From(refused, ("V", value), ("PATH", "/usr/bin"));
            var e = Assert.Single(refused);
            Assert.Equal(EnvironmentValues.InvalidValueCode, e.Code);
            Assert.Equal(message, e.Message);
            Assert.Equal(new[] { "PATH" }, env.Keys);
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
