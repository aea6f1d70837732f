using System.Collections.Generic;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>Strings piped with -Path are user names: each once, empty ones skipped, an audit line refused.</summary>
    public class PipedUserNamesTests
    {
        [Theory]
        [InlineData(new[] { "alice", "bob", "alice" }, new[] { "alice", "bob" }, 0)]
        [InlineData(new[] { "", null, "bob" }, new[] { "bob" }, 0)]
        [InlineData(new[] { "{\"event\":\"mcp.session.start\",\"user\":\"alice\"}", "bob" }, new[] { "bob" }, 1)]
        [InlineData(new[] { "  {\"event\":\"x\"}" }, new string[] { }, 1)]
        [InlineData(new[] { "a[1]", "Alice", "alice" }, new[] { "a[1]", "Alice", "alice" }, 0)]
        public void Keeps_each_name_once_and_refuses_audit_lines(string[] piped, string[] names, int refused)
        {
            var kept = new PipedUserNames();
            var errors = new List<TeleportInputException>();
            foreach (var p in piped) kept.Add(p, errors.Add);
            Assert.Equal(names, kept.Names);
            Assert.Equal(refused, errors.Count);
            Assert.All(errors, e => Assert.Equal("AuditLineWithPath", e.Code));
        }

        [Fact]
        public void Values_piped_and_all_refused_select_nobody_instead_of_everyone()
        {
            var none = new PipedUserNames();
            Assert.False(none.NoneLeft);   // nothing piped: the filter stays as it is

            var refusedBeforeNaming = new PipedUserNames();
            refusedBeforeNaming.NoteRefused();
            Assert.True(refusedBeforeNaming.NoneLeft);

            var auditLineOnly = new PipedUserNames();
            auditLineOnly.Add("{\"event\":\"mcp.session.start\"}", _ => { });
            Assert.True(auditLineOnly.NoneLeft);

            var oneKept = new PipedUserNames();
            oneKept.NoteRefused();
            oneKept.Add("bob", _ => { });
            Assert.False(oneKept.NoneLeft);
        }
    }
}
