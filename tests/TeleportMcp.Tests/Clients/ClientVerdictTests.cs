using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>Test-TeleportMcpClient's rules: which tsh runs, when nothing was examined, what -Quiet answers, what -User bound.</summary>
    public class ClientVerdictTests
    {
        [Theory]
        [InlineData(null, null)]
        [InlineData("", null)]
        // A bare name is looked up on PATH (exec.LookPath), not in the current folder.
        [InlineData("tsh", "tsh")]
        [InlineData("tsh.exe", "tsh.exe")]
        [InlineData("./tsh", "FULL:./tsh")]
        [InlineData("bin/tsh", "FULL:bin/tsh")]
        [InlineData("C:\\Teleport\\tsh.exe", "FULL:C:\\Teleport\\tsh.exe")]
        [InlineData("..\\tsh.exe", "FULL:..\\tsh.exe")]
        [InlineData("/usr/local/bin/tsh", "FULL:/usr/local/bin/tsh")]
        public void Runs_the_tsh_the_admin_named(string given, string expected)
        {
            Assert.Equal(expected, ClientDiagnosis.TshToRun(given, p => "FULL:" + p));
        }

        private static ClientCheck Result(string check, CheckStatus status, string path = "/home/a/.claude.json") =>
            new ClientCheck { Check = check, Status = status, ConfigPath = path };

        private static ClientCheck Entry(string check, CheckStatus status, string path = "/home/a/.claude.json") =>
            new ClientCheck { Check = check, Status = status, ConfigPath = path, Entry = "teleport-mcp-files", App = "files" };

        public static IEnumerable<object[]> Verdicts()
        {
            // (results, -Path given, a name or path unmatched, NothingExamined expected, -Quiet answer)
            yield return new object[] { Array.Empty<ClientCheck>(), false, false, true, false };
            yield return new object[] { Array.Empty<ClientCheck>(), true, false, false, false };
            yield return new object[] { new[] { Result(ClientChecks.Session, CheckStatus.Pass, null) }, false, false, true, false };
            yield return new object[] { new[] { Result(ClientChecks.ConfigParse, CheckStatus.Pass), Entry(ClientChecks.Command, CheckStatus.Pass) }, false, false, false, true };
            yield return new object[] { new[] { Result(ClientChecks.ConfigParse, CheckStatus.Pass), Entry(ClientChecks.Command, CheckStatus.Warn) }, true, false, false, true };
            yield return new object[] { new[] { Result(ClientChecks.ConfigParse, CheckStatus.Pass), Entry(ClientChecks.Command, CheckStatus.Fail) }, true, false, false, false };
            // A broken file was examined; its failure answers false.
            yield return new object[] { new[] { Result(ClientChecks.ConfigParse, CheckStatus.Fail) }, false, false, false, false };
            yield return new object[] { new[] { Result(ClientChecks.ConfigParse, CheckStatus.Pass), Entry(ClientChecks.Command, CheckStatus.Pass) }, true, true, false, false };
        }

        public static IEnumerable<object[]> FilesWithoutTeleportEntries()
        {
            // (results, -Path given): files were read and parsed, but none holds an entry running tsh mcp connect
            var parsed = Result(ClientChecks.ConfigParse, CheckStatus.Pass);
            var none = new ClientCheck { Check = ClientChecks.TeleportEntries, Status = CheckStatus.Warn, Client = "all" };
            yield return new object[] { new[] { parsed, none }, false };
            yield return new object[] { new[] { parsed, none }, true };
            yield return new object[] { new[] { parsed, none, Result(ClientChecks.Session, CheckStatus.Pass, null) }, true };
            // A server entry that is not an object names an entry but no app: it is not a Teleport entry.
            yield return new object[] { new[] { parsed, none, new ClientCheck { Check = ClientChecks.EntryShape, Status = CheckStatus.Warn, ConfigPath = parsed.ConfigPath } }, false };
        }

        [Theory]
        [MemberData(nameof(FilesWithoutTeleportEntries))]
        public void Files_without_a_teleport_entry_are_NothingExamined_and_quiet_is_false(ClientCheck[] results, bool pathGiven)
        {
            Assert.Equal(0, ClientDiagnosis.TeleportEntriesExamined(results));
            var error = ClientDiagnosis.NothingExamined(results, pathGiven, new[] { "/home/me/.cursor/mcp.json" });
            Assert.NotNull(error);
            Assert.Equal("NothingExamined", error.Code);
            Assert.Contains("tsh mcp connect", error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "/home/a/.claude.json" }, error.Target);
            Assert.False(ClientDiagnosis.QuietAnswer(results, false));
        }

        [Theory]
        [InlineData(ClientChecks.ConfigParse)]
        [InlineData(ClientChecks.ServersKey)]
        [InlineData(ClientChecks.ConfigInUse)]
        public void A_failed_file_check_beside_a_file_without_entries_is_the_finding_not_NothingExamined(string failed)
        {
            var results = new[] { Result(failed, CheckStatus.Fail, "/a/mcp.json"), Result(ClientChecks.ConfigParse, CheckStatus.Pass, "/b/mcp.json") };
            Assert.Null(ClientDiagnosis.NothingExamined(results, true, Array.Empty<string>()));
            Assert.False(ClientDiagnosis.QuietAnswer(results, false));
        }

        [Theory]
        [MemberData(nameof(Verdicts))]
        public void Never_passes_a_check_of_nothing(ClientCheck[] results, bool pathGiven, bool unmatched, bool nothingExamined, bool quiet)
        {
            var error = ClientDiagnosis.NothingExamined(results, pathGiven, new[] { "/home/me/.cursor/mcp.json", null });
            Assert.Equal(nothingExamined, error != null);
            if (error != null)
            {
                Assert.Equal("NothingExamined", error.Code);
                // The error names where it looked.
                Assert.Equal(new[] { "/home/me/.cursor/mcp.json" }, error.Target);
                Assert.Contains("-Path", error.RecommendedAction, StringComparison.Ordinal);
            }
            Assert.Equal(quiet, ClientDiagnosis.QuietAnswer(results, unmatched));
        }


        private static (List<string> Users, List<string> Names) Bound(object value)
        {
            var users = new List<User>();
            var names = new List<string>();
            ClientUsers.AddBound(value == null ? null : value as IInputObject ?? new DictionaryInput(value), users, names, DictionaryInput.NoWarning);
            return (users.Select(u => u.Name).ToList(), names);
        }

        private static Hashtable UserDocument(string kind) => new Hashtable
        {
            ["kind"] = kind, ["version"] = kind == "user" ? "v2" : "v7",
            ["metadata"] = new Hashtable { ["name"] = "alice" },
            ["spec"] = kind == "user" ? new Hashtable { ["roles"] = new ArrayList { "access" } } : new Hashtable(),
        };

        // The module's one rule for an object given as a user (Choice.FromObject), as every other -User reads it.
        public static IEnumerable<object[]> BoundValues()
        {
            yield return new object[] { "alice", Array.Empty<string>(), new[] { "alice" }, null };
            yield return new object[] { "", Array.Empty<string>(), Array.Empty<string>(), null };
            yield return new object[] { null, Array.Empty<string>(), Array.Empty<string>(), null };
            yield return new object[] { new User { Name = "bob" }, new[] { "bob" }, Array.Empty<string>(), null };
            yield return new object[] { new Hashtable { ["User"] = "carol" }, Array.Empty<string>(), new[] { "carol" }, null };
            yield return new object[] { 42, Array.Empty<string>(), new[] { "42" }, null };
            yield return new object[] { UserDocument("user"), new[] { "alice" }, Array.Empty<string>(), null };
            // Refused, never its text as a name: a file (its User is its owner), a bag naming no user, another kind's document.
            yield return new object[] { new FileInfo("/tmp/x.json"), Array.Empty<string>(), Array.Empty<string>(), PipedUser.NotAUserCode };
            yield return new object[] { new Hashtable { ["Foo"] = 1 }, Array.Empty<string>(), Array.Empty<string>(), PipedUser.NotAUserCode };
            yield return new object[] { new Hashtable { ["User"] = "", ["X"] = 1 }, Array.Empty<string>(), Array.Empty<string>(), PipedUser.NotAUserCode };
            yield return new object[] { UserDocument("role"), Array.Empty<string>(), Array.Empty<string>(), PipedUser.NotAUserCode };
        }

        [Theory]
        [MemberData(nameof(BoundValues))]
        public void Takes_users_and_names_from_what_User_bound(object value, string[] users, string[] names, string error)
        {
            if (error != null)
            {
                Assert.Equal(error, Assert.Throws<TeleportArgumentException>(() => Bound(value)).Code);
                return;
            }
            var (u, n) = Bound(value);
            Assert.Equal(users, u);
            Assert.Equal(names, n);
        }

        [Fact]
        public void Takes_an_objects_User_property_its_user_or_name()
        {
            Expect(new PropertyObject(new Hashtable { ["User"] = "dave" }), Array.Empty<string>(), new[] { "dave" });
            Expect(new PropertyObject(new Hashtable { ["User"] = new User { Name = "erin", Roles = new List<string> { "access" } } }), new[] { "erin" }, Array.Empty<string>());
            // A copy of a user that lost its type is rebuilt; one level only (a User property's own User is not followed).
            Expect(new PropertyObject(new Hashtable { ["User"] = new Hashtable { ["Name"] = "gina", ["Roles"] = new ArrayList() } }), new[] { "gina" }, Array.Empty<string>());
            Expect(new PropertyObject(new Hashtable { ["User"] = new Hashtable { ["Name"] = "hal" } }), Array.Empty<string>(), new[] { "hal" });
            // A list is no user name (the one rule: one object, one user).
            Assert.Equal(PipedUser.NotAUserCode, Assert.Throws<TeleportArgumentException>(() => Bound(new PropertyObject(new Hashtable { ["User"] = new ArrayList { "frank" } }))).Code);
        }

        private static void Expect(object value, string[] users, string[] names)
        {
            var (u, n) = Bound(value);
            Assert.Equal(users, u);
            Assert.Equal(names, n);
        }

        /// <summary>A typed object with properties (not a dictionary to the rule): the test's stand-in for an audit event or a CSV row.</summary>
        private sealed class PropertyObject : IInputObject
        {
            private readonly Hashtable _properties;

            public PropertyObject(Hashtable properties) => _properties = properties;

            public object Value => this;
            public object Original => this;
            public IEnumerable<string> TypeNames => new[] { "Row" };
            public bool IsPropertyBag => true;
            public bool Has(string name) => _properties.ContainsKey(name);

            public IInputObject ValueOf(string name)
            {
                var v = _properties[name];
                return v == null ? null : v as IInputObject ?? new DictionaryInput(v);
            }

            public IReadOnlyList<IInputObject> Items() => new[] { this };
            public IReadOnlyList<KeyValuePair<string, IInputObject>> Properties() => new List<KeyValuePair<string, IInputObject>>();
        }
    }
}
