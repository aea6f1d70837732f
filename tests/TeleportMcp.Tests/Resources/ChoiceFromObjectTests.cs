using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// The one rule for an object given where an app or a user (or its name) is expected (<see cref="Choice.FromObject{T}"/>):
    /// each shape an admin can give at the prompt is the object, a name to look up, or refused by id, never its text
    /// ("", a path, "System.Collections.Hashtable") looked up as a name, nor another kind's copy taken for one.
    /// </summary>
    public class ChoiceFromObjectTests
    {
        private static Hashtable Map(params object[] kv)
        {
            var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < kv.Length; i += 2) h[kv[i]] = kv[i + 1];
            return h;
        }

        private static readonly FileInfo File = new FileInfo(Path.Combine(Path.GetTempPath(), "files"));

        // input, expected: "copy:<name>", "name:<name>" or "refused:<id>"
        public static IEnumerable<object[]> Apps() => new[]
        {
            new object[] { "a custom object without a name", new DictionaryInput(Map("Foo", 1, "Secret", "x")), "refused:InvalidAppObject" },
            new object[] { "a JSON copy of a role", new DictionaryInput(Map("Name", "access", "AllowMcpTools", new[] { "*" }, "Version", "v8")), "refused:InvalidAppObject" },
            new object[] { "a JSON copy of a user", new DictionaryInput(Map("Name", "alice", "Roles", new[] { "access" }, "Traits", Map())), "refused:InvalidAppObject" },
            new object[] { "a Clixml copy of a role", new DictionaryInput(Map("Name", "files"), "Deserialized.TeleportMcp.Role"), "refused:InvalidAppObject" },
            new object[] { "a role", new DictionaryInput(new Role { Name = "files" }), "refused:InvalidAppObject" },
            new object[] { "a file", new DictionaryInput(File), "refused:InvalidAppObject" },
            new object[] { "another object", new DictionaryInput(new Uri("https://files.example.com/")), "refused:InvalidAppObject" },
            new object[] { "an app copy without a name", new DictionaryInput(Map("Uri", "mcp+stdio://", "Transport", "stdio")), "refused:InvalidAppObject" },
            new object[] { "a probe result that names no app", new DictionaryInput(Map("Stage", "Done", "Tools", Array.Empty<object>()), "Deserialized.TeleportMcp.ProbeResult"), "refused:InvalidAppObject" },
            new object[] { "a hashtable with only a Name", new DictionaryInput(Map("Name", "files")), "name:files" },
            new object[] { "a name", new DictionaryInput("files"), "name:files" },
            new object[] { "a whole number", new DictionaryInput(42), "name:42" },
            new object[] { "a probe result's copy", new DictionaryInput(Map("AppName", "files", "Stage", "Done", "Tools", Array.Empty<object>()), "Deserialized.TeleportMcp.ProbeResult"), "name:files" },
            new object[] { "a probe result's copy with its app", new DictionaryInput(Map("AppName", "files", "Tools", Array.Empty<object>(), "App", Map("Name", "files", "Uri", "mcp+stdio://")), "Deserialized.TeleportMcp.ProbeResult"), "copy:files" },
            new object[] { "an app copy", new DictionaryInput(Map("Name", "files", "Uri", "mcp+stdio://", "Labels", Map("env", "dev"))), "copy:files" },
            new object[] { "a Clixml copy of an app", new DictionaryInput(Map("Name", "files", "Uri", "mcp+stdio://"), "Deserialized.TeleportMcp.App"), "copy:files" },
            new object[] { "an app", new DictionaryInput(new App { Name = "files" }), "copy:files" },
            // tctl get app/x --format json | ConvertFrom-Json: the resource itself, read by the one reader (before: refused as "a tctl resource").
            new object[] { "tctl's app document", new DictionaryInput(AppDocument("files")), "copy:files" },
            new object[] { "tctl's app_server document", new DictionaryInput(Map("kind", "app_server", "version", "v3", "metadata", Map("name", "files"), "spec", Map("hostname", "h", "app", AppDocument("files")))), "copy:files" },
            new object[] { "tctl's role document", new DictionaryInput(RoleDocument("access")), "refused:InvalidAppObject" },
            new object[] { "tctl's node document", new DictionaryInput(Map("kind", "node", "version", "v2", "metadata", Map("name", "n1"), "spec", Map())), "refused:InvalidAppObject" },
            new object[] { "tctl's app document without a name", new DictionaryInput(Map("kind", "app", "version", "v3", "metadata", Map(), "spec", Map("uri", "mcp+stdio://"))), "refused:InvalidResource" },
        };

        private static Hashtable AppDocument(string name) =>
            Map("kind", "app", "sub_kind", "mcp", "version", "v3", "metadata", Map("name", name, "labels", Map("env", "dev")), "spec", Map("uri", "mcp+https://mcp.example.com/mcp"));

        private static Hashtable RoleDocument(string name) =>
            Map("kind", "role", "version", "v8", "metadata", Map("name", name), "spec", Map("allow", Map("mcp", Map("tools", new[] { "*" }))));

        public static IEnumerable<object[]> Users() => new[]
        {
            new object[] { "a custom object without a name", new DictionaryInput(Map("Foo", 1)), "refused:PipedObjectNotUser" },
            new object[] { "a JSON copy of an app", new DictionaryInput(Map("Name", "files", "Uri", "mcp+stdio://", "Transport", "stdio")), "refused:PipedObjectNotUser" },
            new object[] { "a JSON copy of a role", new DictionaryInput(Map("Name", "access", "AllowMcpTools", new[] { "*" })), "refused:PipedObjectNotUser" },
            new object[] { "a Clixml copy of an app", new DictionaryInput(Map("Name", "files"), "Deserialized.TeleportMcp.App"), "refused:PipedObjectNotUser" },
            new object[] { "a file", new DictionaryInput(File), "refused:PipedObjectNotUser" },
            new object[] { "a user copy without a name", new DictionaryInput(Map("Roles", new[] { "access" }, "Traits", Map())), "refused:PipedObjectNotUser" },
            new object[] { "a hashtable with only a Name", new DictionaryInput(Map("Name", "bob")), "name:bob" },
            new object[] { "tctl's user document", new DictionaryInput(Map("kind", "user", "version", "v2", "metadata", Map("name", "erin"), "spec", Map("roles", new[] { "access" }))), "copy:erin" },
            new object[] { "tctl's role document", new DictionaryInput(RoleDocument("access")), "refused:PipedObjectNotUser" },
            new object[] { "an audit event's copy", new DictionaryInput(Map("User", "carol", "App", "files")), "name:carol" },
            new object[] { "a probe result's copy", new DictionaryInput(Map("AppName", "files", "User", "dave", "Tools", Array.Empty<object>()), "Deserialized.TeleportMcp.ProbeResult"), "name:dave" },
            new object[] { "a whole number", new DictionaryInput(1001), "name:1001" },
            new object[] { "a user copy", new DictionaryInput(Map("Name", "bob", "Roles", new[] { "access" })), "copy:bob" },
        };

        [Theory]
        [MemberData(nameof(Apps))]
        public void AnObjectGivenAsAnApp(string shape, DictionaryInput input, string expected) =>
            Assert.Equal(expected, Outcome(() => Choice.Read(AppChoice.From(input)!, DictionaryInput.NoWarning), shape));

        [Theory]
        [MemberData(nameof(Users))]
        public void AnObjectGivenAsAUser(string shape, DictionaryInput input, string expected) =>
            Assert.Equal(expected, Outcome(() => Choice.Read(UserChoice.From(input)!, DictionaryInput.NoWarning), shape));

        private static string Outcome<T>(Func<Choice<T>> read, string shape) where T : TeleportResource
        {
            try
            {
                var c = read();
                return c.Resource != null ? "copy:" + c.Resource.Name : "name:" + c.Name;
            }
            catch (TeleportInputException e)
            {
                // The message says what was given, never a property's value.
                Assert.False(string.IsNullOrEmpty(e.Message), shape);
                Assert.DoesNotContain("Secret\", \"x", e.Message, StringComparison.Ordinal);
                return "refused:" + e.Code;
            }
        }

        [Fact]
        public void ATctlDocumentsReaderWarningsAreShownAndItsErrorsRefuseItWithTheirPlace()
        {
            var warnings = new List<string>();
            // An integer where tctl takes text: the reader's ValueNotText warning (tctl reads it), and the app is used.
            var doc = new DictionaryInput(Map("kind", "app", "version", "v3", "metadata", Map("name", "files", "labels", Map("env", 5)), "spec", Map("uri", "mcp+stdio://")));
            var read = Choice.Read(AppChoice.From(doc)!, warnings.Add);
            Assert.Equal("files", read.Resource!.Name);
            Assert.NotEmpty(warnings);
            Assert.All(warnings, w => Assert.StartsWith("pipeline:", w, StringComparison.Ordinal));
            var broken = new DictionaryInput(Map("kind", "app", "version", "v3", "metadata", Map("name", "files"), "spec", Map("uri", Map("a", 1))));
            var unread = new List<TeleportInputException>();
            Assert.Equal(new[] { "web" }, Choice.AllFrom<App>(new[] { AppChoice.From(broken), DictionaryInput.AppChoiceOf("web") }, unread.Add, warnings.Add)!.ConvertAll(c => c.Name));
            var e = Assert.Single(unread);
            Assert.Equal("pipeline", e.Location!.Path);
            Assert.Same(broken.Value, e.Target);
        }

        [Fact]
        public void ARefusedObjectAmongGoodOnesIsThatItemsErrorWithTheObjectAsTarget()
        {
            var bag = new DictionaryInput(Map("Foo", 1));
            var unread = new List<TeleportInputException>();
            var read = Choice.AllFrom<App>(new[] { DictionaryInput.AppChoiceOf("files"), AppChoice.From(bag), DictionaryInput.AppChoiceOf("web") }, unread.Add, DictionaryInput.NoWarning)!;
            Assert.Equal(new[] { "files", "web" }, read.ConvertAll(c => c.Name));
            var e = Assert.Single(unread);
            Assert.Equal(AppChoice.NotAnAppCode, e.Code);
            Assert.Same(bag.Value, e.Target);
            Assert.Contains("keys Foo", e.Message, StringComparison.Ordinal);
        }
    }
}
