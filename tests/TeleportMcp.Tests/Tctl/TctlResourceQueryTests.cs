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

        [Fact]
        public void A_listing_keeps_filtered_names_and_each_app_once()
        {
            var listing = new TctlListing(n => n.StartsWith("f", System.StringComparison.Ordinal));
            var kept = new TeleportResource[] { new App { Name = "files" }, new App { Name = "files" }, new App { Name = "db" }, new Role { Name = "fin" } }
                .Where(listing.Keep).ToList();
            Assert.Equal(new[] { "files", "fin" }, kept.Select(r => r.Name));
            Assert.True(listing.Any);
            Assert.False(new TctlListing(_ => false).Keep(new Role { Name = "x" }));
            Assert.Equal("role 'x' was not found in tctl get roles.", TctlResourceQuery.NotFoundMessage("role", "x", "roles"));
        }
    }
}
