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
            Assert.StartsWith("app \"missing-" + (n - 1) + "\" was not found in big.yaml (given: app-0, app-1", lastMessage);
            Assert.Contains("more", lastMessage);
        }
    }
}
