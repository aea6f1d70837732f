using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Audit
{
    /// <summary>
    /// Objects piped to Get-TeleportMcpAuditEvent: an event object that lost its type is read as the JSON line it came
    /// from (PipedObjectJson); with -Path the pipeline carries user names (PipedUser, AuditEventQuery.RefusedUserName).
    /// </summary>
    public class AuditPipedInputTests
    {
        private static DictionaryInput Bag(params (string Key, object Value)[] entries)
        {
            var d = new System.Collections.Specialized.OrderedDictionary();
            foreach (var (k, v) in entries) d[k] = v;
            return new DictionaryInput(d);
        }

        // A denied tools/call as ConvertFrom-Json gives it back: "time" became a DateTime, nested objects bags.
        private static DictionaryInput DeniedCall(DateTime time) => Bag(
            ("code", "TMCP003E"), ("event", "mcp.session.request"), ("time", time), ("sid", "s1"), ("app_name", "files"),
            ("success", false), ("error", "access denied"), ("user", "bob"), ("user_roles", new object[] { "access", "mcp-dev" }), ("ei", 3),
            ("message", Bag(("jsonrpc", "2.0"), ("id", 7L), ("method", "tools/call"), ("params", Bag(("name", "printEnv"))))));

        [Fact]
        public void An_event_object_is_written_back_as_its_json_line()
        {
            var line = PipedObjectJson.Of(DeniedCall(new DateTime(2025, 9, 30, 10, 0, 2, 500, DateTimeKind.Utc)));
            Assert.Equal("{\"code\":\"TMCP003E\",\"event\":\"mcp.session.request\",\"time\":\"2025-09-30T10:00:02.5Z\",\"sid\":\"s1\",\"app_name\":\"files\",\"success\":false," +
                         "\"error\":\"access denied\",\"user\":\"bob\",\"user_roles\":[\"access\",\"mcp-dev\"],\"ei\":3," +
                         "\"message\":{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"printEnv\"}}}", line);
        }

        [Theory]
        [InlineData(DateTimeKind.Utc, "2025-09-30T10:00:02Z")]
        [InlineData(DateTimeKind.Unspecified, "2025-09-30T10:00:02Z")]
        public void A_time_is_the_utc_instant_it_was(DateTimeKind kind, string expected)
        {
            var line = PipedObjectJson.Of(Bag(("time", new DateTime(2025, 9, 30, 10, 0, 2, kind))));
            Assert.Equal("{\"time\":\"" + expected + "\"}", line);
            var local = new DateTime(2025, 9, 30, 10, 0, 2, DateTimeKind.Utc).ToLocalTime();
            Assert.Equal("{\"time\":\"2025-09-30T10:00:02Z\"}", PipedObjectJson.Of(Bag(("time", local))));
            Assert.Equal("{\"time\":\"2025-09-30T10:00:02Z\"}", PipedObjectJson.Of(Bag(("time", new DateTimeOffset(2025, 9, 30, 12, 0, 2, TimeSpan.FromHours(2))))));
        }

        [Fact]
        public void The_piped_object_is_read_by_the_one_parser()
        {
            var events = new List<AuditEvent>();
            var errors = new List<TeleportInputException>();
            var q = new AuditEventQuery(new AuditEventFilter { FailedOnly = true }, events.Add, CancellationToken.None) { Error = errors.Add };
            q.AddPiped(DeniedCall(new DateTime(2025, 9, 30, 10, 0, 2, DateTimeKind.Utc)));
            q.AddPiped(new DictionaryInput(new AuditEvent { User = "carol", Code = "TMCP003E", Outcome = AuditOutcome.Denied }));
            q.AddPiped(null);
            q.Finish();
            Assert.Empty(errors);
            Assert.Equal(new[] { "bob", "carol" }, events.Select(e => e.User));
            Assert.Equal("printEnv", events[0].Tool);
            Assert.Equal(AuditOutcome.Denied, events[0].Outcome);
        }

        [Fact]
        public void An_object_nested_too_deep_is_refused_by_the_named_limit()
        {
            object deep = "x";
            for (int i = 0; i < 70; i++) deep = new Hashtable { ["a"] = deep };
            var e = Assert.Throws<TeleportArgumentException>(() => PipedObjectJson.Of(new DictionaryInput(deep)));
            Assert.Equal("InvalidPipelineInput", e.Code);
            Assert.Contains("limit PipedObjectMaxDepth = 64", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("bob", "bob")]
        [InlineData("1001", "1001")]
        public void A_string_is_a_name(string piped, string expected) =>
            Assert.Equal(expected, PipedUser.NameOf(new DictionaryInput(piped)));

        public static IEnumerable<object[]> Users() => new[]
        {
            new object[] { new DictionaryInput(new User { Name = "alice" }), "alice" },
            new object[] { new DictionaryInput(1001), "1001" },
            new object[] { new DictionaryInput(new AuditEvent { User = "bob" }, "TeleportMcp.AuditEvent"), null },
            new object[] { Bag(("User", "carol"), ("Shift", "night")), "carol" },
            new object[] { Bag(("user", "dave")), "dave" },
            new object[] { new DictionaryInput(new Hashtable { ["Name"] = "erin" }, "Deserialized.TeleportMcp.User"), "erin" },
            new object[] { Bag(("Name", "frank"), ("Roles", new[] { "dev" }), ("Traits", new Hashtable())), "frank" },
        };

        [Theory]
        [MemberData(nameof(Users))]
        public void An_object_names_its_user(DictionaryInput piped, string expected)
        {
            // A typed AuditEvent: the stand-in sees no properties of a typed object, so its User is bound by property name instead.
            if (expected == null) return;
            Assert.Equal(expected, PipedUser.NameOf(piped));
        }

        [Fact]
        public void A_file_is_refused_naming_it_and_its_owner_property()
        {
            var file = new FileInfo(Path.Combine(Path.GetTempPath(), "events.log"));
            var e = Assert.Throws<TeleportArgumentException>(() => PipedUser.NameOf(new DictionaryInput(file, "System.IO.FileInfo")));
            Assert.Equal(PipedUser.NotAUserCode, e.Code);
            Assert.Contains("got the file " + file.FullName + " (System.IO.FileInfo; its User property is its owner", e.Message, StringComparison.Ordinal);
            Assert.StartsWith("-User takes user names: a string, a TeleportMcp.User, or an object with a User property", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Shift", "night", "without a User key")]
        [InlineData("User", "", "whose User property is empty")]
        [InlineData("User", null, "whose User property is empty")]
        [InlineData("Name", "grace", "without a User key")]
        public void An_object_without_a_user_is_refused(string key, string value, string why)
        {
            var e = Assert.Throws<TeleportArgumentException>(() => PipedUser.NameOf(Bag((key, value))));
            Assert.Equal("PipedObjectNotUser", e.Code);
            // Which piped object it was: its keys, never their values.
            Assert.Contains("got a System.Collections.Specialized.OrderedDictionary (keys " + key + ") " + why + ".", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("bob", false)]
        [InlineData("{\"event\":\"mcp.session.start\"}", true)]
        [InlineData("  {", true)]
        [InlineData("a{", false)]
        public void An_audit_line_is_no_user_name(string name, bool refused)
        {
            var e = AuditEventQuery.RefusedUserName(name);
            Assert.Equal(refused, e != null);
            if (refused) Assert.Equal("AuditLineWithPath", e.Code);
        }
    }
}
