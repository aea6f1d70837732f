#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A list of tctl documents of mixed kinds given to -App, -User or -Role (`tctl get all --format json | ConvertFrom-Json`):
    /// each value read once, each refused value one error naming its place in the list, the good values still used.
    /// </summary>
    public class DocumentArrayTests
    {
        private static Hashtable Map(params object?[] kv)
        {
            var h = new Hashtable();
            for (int i = 0; i < kv.Length; i += 2) h[kv[i]!] = kv[i + 1];
            return h;
        }

        private static Hashtable Document(string kind, string name, Hashtable spec) =>
            Map("kind", kind, "version", kind == "app" ? "v3" : kind == "role" ? "v8" : "v2", "metadata", Map("name", name), "spec", spec);

        private static Hashtable AppDocument(string name) => Document("app", name, Map("uri", "mcp+https://" + name + ".example.com/mcp"));
        private static Hashtable RoleDocument(string name) => Document("role", name, Map("allow", Map("mcp", Map("tools", new[] { "*" }))));
        private static Hashtable UserDocument(string name) => Document("user", name, Map("roles", new[] { "access" }));

        private static AppChoice? App(object? value) => value == null ? null : AppChoice.From(new DictionaryInput(value));
        private static UserChoice? User(object? value) => value == null ? null : UserChoice.From(new DictionaryInput(value));
        private static RoleChoice? Role(object? value) => value == null ? null : RoleChoice.From(new DictionaryInput(value));

        private static readonly Action<string> Ignore = _ => { };

        public static IEnumerable<object?[]> MixedApps() => new[]
        {
            // what the list holds, the names used, "place:code" of each error
            new object?[] { "apps, a role, a user", new object?[] { AppDocument("a"), RoleDocument("r"), AppDocument("b"), UserDocument("u") }, "a b", "-App[1]:InvalidAppObject -App[3]:InvalidAppObject" },
            new object?[] { "a null and an empty name among apps", new object?[] { AppDocument("a"), null, "", AppDocument("b") }, "a b", "-App[1]:InvalidAppObject -App[2]:InvalidAppObject" },
            new object?[] { "a document that is no resource", new object?[] { Map("kind", "nope", "metadata", Map("name", "x")), AppDocument("a") }, "a", "-App[0]:InvalidAppObject" },
            new object?[] { "an app document that does not read", new object?[] { AppDocument("a"), Document("app", "bad", Map("uri", Map("x", 1))) }, "a", "-App[1]:InvalidResource" },
            new object?[] { "names and documents", new object?[] { "files", AppDocument("a") }, "files a", "" },
            new object?[] { "one refused value alone has no place", new object?[] { RoleDocument("r") }, "", ":InvalidAppObject" },
        };

        [Theory]
        [MemberData(nameof(MixedApps))]
        public void EachAppIsUsedOrOneErrorNamingItsPlace(string what, object?[] given, string used, string errors)
        {
            var unread = new List<TeleportInputException>();
            var read = Choice.AllFrom<TeleportMcp.App>(given.Select(App).ToArray(), unread.Add, Ignore)!;
            Assert.True(used == string.Join(" ", read.Select(c => c.Name)), what);
            Assert.Equal(errors, string.Join(" ", unread.Select(e => e.Item + ":" + e.Code)));
            foreach (var e in unread.Where(e => e.Item != null)) Assert.StartsWith(e.Item + ": ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void UsersAndRolesNameThePlaceToo()
        {
            var unread = new List<TeleportInputException>();
            var users = Choice.AllFrom<TeleportMcp.User>(new[] { User(UserDocument("erin")), User(AppDocument("a")), null, User("bob") }, unread.Add, Ignore)!;
            Assert.Equal(new[] { "erin", "bob" }, users.Select(c => c.Name));
            Assert.Equal(new[] { "-User[1]:" + PipedUser.NotAUserCode, "-User[2]:" + PipedUser.NotAUserCode }, unread.Select(e => e.Item + ":" + e.Code));
            unread.Clear();
            var roles = Choice.Objects<TeleportMcp.Role>(new[] { Role(RoleDocument("r")), null, Role(UserDocument("u")), Role(RoleDocument("s")) }, "-Role", "-Path", unread.Add, Ignore);
            Assert.Equal(new[] { "r", "s" }, roles.Select(r => r.Name));
            Assert.Equal(new[] { "-Role[1]:InvalidRoleObject", "-Role[2]:InvalidRoleObject" }, unread.Select(e => e.Item + ":" + e.Code));
        }

        [Fact]
        public void AParameterThatTakesObjectsOnlyNeverOffersNames()
        {
            // -Role and Test-TeleportMcpClient -App take no names: a null, another kind's document or a copy without a Name
            // is refused as an object only; -App of Test-TeleportMcpRole (names too) still offers names.
            var unread = new List<TeleportInputException>();
            Choice.Objects<TeleportMcp.Role>(new[] { Role(RoleDocument("r")), null, Role(UserDocument("u")), Role(Map("Version", "v8")) }, "-Role", "-Path", unread.Add, Ignore);
            Choice.Objects<TeleportMcp.App>(new[] { App(AppDocument("a")), null, App(RoleDocument("r")) }, "-App", null, unread.Add, Ignore);
            Assert.Equal(5, unread.Count);
            foreach (var e in unread)
            {
                Assert.DoesNotContain(" names", e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("probe results", e.Message, StringComparison.Ordinal);
                Assert.Contains("objects (Import-TeleportResource output", e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("names", e.RecommendedAction, StringComparison.Ordinal);
            }
            unread.Clear();
            Choice.AllFrom<TeleportMcp.App>(new[] { App(AppDocument("a")), null }, unread.Add, Ignore);
            Assert.Contains("app names or probe results", Assert.Single(unread).Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new object?[] { "alice", null }, false)]
        [InlineData(new object?[] { null, null }, true)]
        [InlineData(new object?[] { "", null }, true)]
        public void OnlyAListWithNothingInItIsRefusedWhole(object?[] given, bool refused)
        {
            Assert.Equal(refused, Choice.NullOrEmpty<TeleportMcp.User>(given.Select(User)));
        }

        [Fact]
        public void ALargeMixedListIsReadInOnePass()
        {
            const int n = 20000;
            var given = new AppChoice?[n];
            for (int i = 0; i < n; i++) given[i] = App(i % 4 == 0 ? AppDocument("a" + i) : i % 4 == 1 ? RoleDocument("r" + i) : i % 4 == 2 ? (object)("n" + i) : UserDocument("u" + i));
            var unread = new List<TeleportInputException>();
            var read = Choice.AllFrom<TeleportMcp.App>(given, unread.Add, Ignore)!;
            Assert.Equal(n / 2, read.Count);
            Assert.Equal(n / 2, unread.Count);
            Assert.Equal("-App[19999]", unread[unread.Count - 1].Item);
        }
    }
}
