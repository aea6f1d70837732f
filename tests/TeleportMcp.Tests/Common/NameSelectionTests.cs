using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>-Name / -App selection: plain names exactly (looked up), wildcards by pattern, input order of the names, one error per unmatched name.</summary>
    public class NameSelectionTests
    {
        private static Func<string, bool> Pattern(string name) => name.IndexOf('*') < 0 ? null
            : s => Regex.IsMatch(s, "^" + Regex.Escape(name).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase);

        private static readonly string[] Items = { "b", "a1", "a2", "B", "a1", "c" };

        [Theory]
        [InlineData("c;a*", "c,a1,a2,a1", "")]
        [InlineData("a1", "a1,a1", "")]
        [InlineData("B;b", "B,b", "")]
        [InlineData("a*;a1", "a1,a2,a1", "")]
        [InlineData("x;b;y*", "b", "x,y*")]
        [InlineData("A1", "", "A1")]
        public void Selects_in_name_order_each_item_once(string names, string expected, string unmatched)
        {
            var items = Items.Select((n, i) => (Name: n, Index: i)).ToList();
            var errors = new List<TeleportInputException>();
            var got = NameSelection.Select(items, x => x.Name, names.Split(';'), Pattern, "app", "a.yaml", "AppNotFound", errors.Add);
            Assert.Equal(expected, string.Join(",", got.Select(x => x.Name)));
            Assert.Equal(got.Count, got.Select(x => x.Index).Distinct().Count());
            Assert.Equal(unmatched, string.Join(",", errors.Select(e => e.Target)));
            Assert.All(errors, e => Assert.Equal("app " + GoText.Quote((string)e.Target) + " was not found in a.yaml (given: b, a1, a2, B, c).", e.Message));
        }

        [Fact]
        public void Keeps_the_item_order_among_items_of_one_name()
        {
            var items = new[] { ("x", 1), ("y", 2), ("x", 3) };
            var got = NameSelection.Select(items, i => i.Item1, new[] { "y", "x" }, Pattern, "app", "w", "AppNotFound", _ => { });
            Assert.Equal(new[] { 2, 1, 3 }, got.Select(i => i.Item2));
        }

        [Fact]
        public void An_item_without_a_name_matches_the_empty_name_only()
        {
            var items = new[] { (string)null, "a" };
            var errors = new List<TeleportInputException>();
            var got = NameSelection.Select(items, i => i, new[] { "" }, Pattern, "app", "w", "AppNotFound", errors.Add);
            Assert.Equal(new string[] { null }, got);
            Assert.Empty(errors);
        }

        // Names x items was quadratic: 50,000 names over 50,000 items (half of them absent) must finish like a lookup.
        [Fact]
        public void Fifty_thousand_names_over_fifty_thousand_items()
        {
            const int n = 50_000;
            var items = Enumerable.Range(0, n).Select(i => "app-" + i).ToList();
            var names = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "app-" + (n - 1 - i) : "missing-" + i).ToList();
            int errors = 0;
            string lastMessage = null;
            var got = NameSelection.Select(items, s => s, names, Pattern, "app", "big.yaml", "AppNotFound", e => { errors++; lastMessage = e.Message; });
            Assert.Equal(n / 2, got.Count);
            Assert.Equal("app-" + (n - 1), got[0]);
            Assert.Equal(n / 2, errors);
            Assert.StartsWith("app \"missing-" + (n - 1) + "\" was not found in big.yaml (given: app-0, app-1", lastMessage, StringComparison.Ordinal);
            Assert.Contains("more", lastMessage, StringComparison.Ordinal);
        }

        private static readonly string[] Apps = { "fs", "fs-dev", "FS2", "fs[1]", "git", "a`b", "fs" };

        // The one rule of every [SupportsWildcards] name parameter: names (';'-separated), what they select, the names
        // that are errors (matched nothing), the patterns refused (reported where parsed, no second error), the answer.
        [Theory]
        [InlineData("fs*", "fs,fs-dev,FS2,fs[1],fs", "", "", true)]
        [InlineData("f?", "fs,fs", "", "", true)]
        [InlineData("FS", "", "FS", "", false)]
        [InlineData("fs", "fs,fs", "", "", true)]
        [InlineData("x*", "", "x*", "", false)]
        [InlineData("x*;git", "git", "x*", "", false)]
        [InlineData("fs`[1`]", "fs[1]", "", "", true)]
        [InlineData("fs[1]", "", "fs[1]", "", false)]
        [InlineData("fs`[*", "fs[1]", "", "", true)]
        [InlineData("a`b", "a`b", "", "", true)]
        [InlineData("fs*[", "", "", "fs*[", false)]
        [InlineData("fs*[;git", "git", "", "fs*[", false)]
        [InlineData("g*;git;*t", "git", "", "", true)]
        [InlineData("fs-*;f*", "fs-dev,fs,FS2,fs[1],fs", "", "", true)]
        public void A_name_selects_by_the_one_rule(string names, string selected, string unmatched, string refused, bool answer)
        {
            var items = Apps.Select((n, i) => (Name: n, Index: i)).ToList();
            var refusedNames = new List<string>();
            var errors = new List<TeleportInputException>();
            var selector = new NameSelector<(string Name, int Index)>(items, x => x.Name, n => PowerShellNames.Pattern(n, refusedNames), "app", "cluster.yaml", "AppNotFound");
            var got = new List<(string Name, int Index)>();
            bool all = true;
            foreach (var n in names.Split(';')) all &= selector.Select(n, got, errors.Add);
            Assert.Equal(selected, string.Join(",", got.Select(x => x.Name)));
            Assert.Equal(got.Count, got.Select(x => x.Index).Distinct().Count());
            Assert.Equal(unmatched, string.Join(",", errors.Select(e => e.Target)));
            Assert.All(errors, e => Assert.Equal("AppNotFound", e.Code));
            Assert.All(errors, e => Assert.StartsWith("app " + GoText.Quote((string)e.Target) + " was not found in cluster.yaml (given: fs, fs-dev, FS2, fs[1], git, a`b).", e.Message, StringComparison.Ordinal));
            Assert.Equal(refused, string.Join(",", refusedNames));
            Assert.Equal(answer, all);
        }

        [Theory]
        [InlineData("fs", true)]
        [InlineData("fs`[1`]", false)]
        [InlineData("f*", false)]
        [InlineData("a`b", true)]
        public void A_plain_name_is_looked_up_and_anything_else_is_matched(string name, bool plain)
        {
            var selector = new NameSelector<string>(Apps, s => s, n => PowerShellNames.Pattern(n), "app", "w", "AppNotFound");
            Assert.Equal(plain, selector.IsPlain(name));
        }

        [Fact]
        public void Each_pattern_is_read_once_and_a_suffix_and_action_are_the_callers()
        {
            int reads = 0;
            var selector = new NameSelector<string>(Apps, s => s, n => { reads++; return NameSelection.NoPatterns(n); }, "user", "a.yaml", "UserNotFound")
            {
                NotFoundSuffix = " Its checks were skipped.",
                RecommendedAction = "Add the file.",
            };
            var errors = new List<TeleportInputException>();
            var got = new List<string>();
            Assert.False(selector.Select("bob", got, errors.Add));
            Assert.False(selector.Select("bob", got, errors.Add));
            Assert.True(selector.IsPlain("bob"));
            Assert.Equal(1, reads);
            Assert.Equal(2, errors.Count);
            Assert.EndsWith(" Its checks were skipped.", errors[0].Message, StringComparison.Ordinal);
            Assert.Equal("Add the file.", errors[0].RecommendedAction);
            Assert.Equal("UserNotFound", errors[0].Code);
        }
    }
}
