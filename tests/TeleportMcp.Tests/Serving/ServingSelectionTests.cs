using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Serving;
using Xunit;

namespace TeleportMcp.Tests.Serving
{
    /// <summary>Get-TeleportMcpServing -App: wildcards by pattern, plain names exactly, each unmatched name an error naming it and where.</summary>
    public class ServingSelectionTests
    {
        private static readonly List<AppServing> Rows = new[] { "files", "Files-B", "db" }.Select(n => new AppServing { App = n }).ToList();

        // A stand-in for PowerShell's wildcard: '*' only, ignoring case.
        private static Func<string, bool> Pattern(string name) => name.IndexOf('*') < 0 ? null
            : s => Regex.IsMatch(s, "^" + Regex.Escape(name).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase);

        [Theory]
        [InlineData(null, "files,Files-B,db", "")]
        [InlineData("files", "files", "")]
        [InlineData("FILES", "", "FILES")]
        [InlineData("f*", "files,Files-B", "")]
        [InlineData("f*;files;db", "files,Files-B,db", "")]
        [InlineData("db;nope;x*", "db", "nope,x*")]
        public void Selects_by_name_and_reports_each_unmatched_name(string names, string expected, string unmatched)
        {
            var errors = new List<TeleportInputException>();
            var got = ServingSelection.Select(Rows, names?.Split(';'), Pattern, "cluster.yaml", errors.Add);
            Assert.Equal(expected, string.Join(",", got.Select(r => r.App)));
            Assert.Equal(unmatched, string.Join(",", errors.Select(e => e.Target)));
            Assert.All(errors, e =>
            {
                Assert.Equal("AppNotFound", e.Code);
                Assert.IsType<TeleportNotFoundException>(e);
                Assert.Contains("cluster.yaml", e.Message, StringComparison.Ordinal);
                Assert.Contains("given: files, Files-B, db", e.Message, StringComparison.Ordinal);
            });
        }

        [Fact]
        public void A_refused_pattern_is_not_reported_again()
        {
            var errors = new List<TeleportInputException>();
            var got = ServingSelection.Select(Rows, new[] { "a[" }, _ => NameSelection.Refused, "x", errors.Add);
            Assert.Empty(got);
            Assert.Empty(errors);
        }

        [Fact]
        public void No_app_at_all_is_an_error_not_an_empty_answer()
        {
            var errors = new List<TeleportInputException>();
            var got = ServingSelection.Select(new List<AppServing>(), null, Pattern, "2 files (a.yaml, ...)", errors.Add);
            Assert.Empty(got);
            var e = Assert.Single(errors);
            Assert.Equal("NoMcpAppFound", e.Code);
            Assert.Contains("2 files (a.yaml, ...)", e.Message, StringComparison.Ordinal);
            Assert.Equal("2 files (a.yaml, ...)", e.Target);
        }
    }
}
