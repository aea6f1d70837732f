using System.Linq;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Tctl
{
    /// <summary>Get-TeleportResource: what tctl is asked for, names it would misread, what of its answer is written.</summary>
    public class TctlResourceQueryTests
    {
        [Theory]
        [InlineData("Role", "roles")]
        [InlineData("user", "users")]
        [InlineData("App", "app_servers")]
        public void Kind_to_reference(string kind, string expected) => Assert.Equal(expected, TctlResourceQuery.Plural(kind));

        [Theory]
        [InlineData("App", false, true)]
        [InlineData("role", true, true)]
        [InlineData("role", false, false)]
        public void Apps_and_wildcards_are_listed_and_filtered(string kind, bool wildcards, bool expected) =>
            Assert.Equal(expected, TctlResourceQuery.ListsAndFilters(kind, wildcards));

        [Theory]
        [InlineData("dev", false)]
        [InlineData("a,b", true)]
        [InlineData("a/b", true)]
        [InlineData("-f", true)]
        [InlineData("a-b", false)]
        public void Names_tctl_would_misread(string name, bool refused) => Assert.Equal(refused, TctlResourceQuery.NameProblem(name) != null);

        // Review of session 44: for App and for any wildcard the listing branch skipped NameProblem, so a lone surrogate
        // listed everything and ended as TeleportResourceNotFound. SurrogateProblem is checked before that branch.
        [Theory]
        [InlineData(@"x\uD800", true)]
        [InlineData(@"x*\uD800", true)]   // a wildcard
        [InlineData(@"\uDC00*", true)]
        [InlineData("dev*", false)]
        [InlineData(@"dev\uD83D\uDE00*", false)]
        public void A_lone_surrogate_is_refused_for_every_kind_and_wildcards(string row, bool refused)
        {
            // Attribute strings are stored as UTF-8 (a lone surrogate would arrive as U+FFFD): rows write \uXXXX verbatim.
            string given = System.Text.RegularExpressions.Regex.Unescape(row.Replace("*", @"\*")).Replace(@"\*", "*");
            Assert.Equal(refused, TctlResourceQuery.SurrogateProblem(given) != null);
            if (refused) Assert.Contains("lone UTF-16 surrogate", TctlResourceQuery.SurrogateProblem(given), System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_listing_keeps_filtered_names_and_each_app_once()
        {
            var listing = new TctlListing(n => n.StartsWith("f", System.StringComparison.Ordinal));
            var kept = new TeleportResource[] { new App { Name = "files" }, new App { Name = "files" }, new App { Name = "db" }, new Role { Name = "fin" } }
                .Where(listing.Keep).ToList();
            Assert.Equal(new[] { "files", "fin" }, kept.Select(r => r.Name));
            Assert.True(listing.Any);
            Assert.False(new TctlListing(_ => false).Keep(new Role { Name = "x" }));
        }

        [Theory]
        // (listed names, the name asked for, a wildcard, the message; null = no error)
        [InlineData(new[] { "files", "db" }, "x", false, "app \"x\" was not found in tctl get app_servers (listed: files, db).")]
        [InlineData(new string[] { }, "x", false, "app \"x\" was not found in tctl get app_servers (no apps were listed).")]
        [InlineData(new[] { "files", "files" }, "x", false, "app \"x\" was not found in tctl get app_servers (listed: files).")]
        // A control character in the name is quoted the Go way, never raw.
        [InlineData(new[] { "files" }, "a\u001bb", false, "app \"a\\x1bb\" was not found in tctl get app_servers (listed: files).")]
        [InlineData(new[] { "files" }, "files", false, null)]
        // A wildcard that matches nothing is the same error (Get-TeleportResource help: a name that matches nothing), naming the pattern.
        [InlineData(new[] { "files" }, "x*", true, "app \"x*\" was not found in tctl get app_servers (listed: files).")]
        [InlineData(new string[] { }, "f*", true, "app \"f*\" was not found in tctl get app_servers (no apps were listed).")]
        [InlineData(new[] { "files" }, null, false, null)]
        public void A_name_or_wildcard_the_listing_lacks_is_an_error_naming_what_was_listed(string[] listed, string name, bool wildcard, string message)
        {
            var listing = new TctlListing(n => n == name);
            foreach (var n in listed) listing.Keep(new App { Name = n });
            var e = listing.NotFound("app", name, "app_servers", wildcard);
            Assert.Equal(message, e?.Message);
            if (e == null) return;
            Assert.Equal("TeleportResourceNotFound", e.Code);
            Assert.Equal(name, e.Target);
        }
    }
}
