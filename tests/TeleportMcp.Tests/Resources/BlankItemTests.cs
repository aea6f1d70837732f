using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// One rule for a blank item (null, empty, white space only) of every list of names (InputPolicy.IsBlank): that item's
    /// error naming its place, the good items still used; a record piped alone is its own error, never skipped unseen.
    /// </summary>
    public class BlankItemTests
    {
        private static List<Choice<User>> Users(params object[] values) =>
            values.Select(v => (Choice<User>)DictionaryInput.UserChoiceOf(v)).ToList();

        // Before: ' ' beside names went on as a name (InvalidUserName, UserNotFound, NoAuditEventSelected: each command its own).
        [Theory]
        [InlineData(new object[] { "alice", null, "bob" }, new[] { "alice", "bob" }, new[] { "-User[1]" }, new[] { "null" })]
        [InlineData(new object[] { "alice", "", "bob" }, new[] { "alice", "bob" }, new[] { "-User[1]" }, new[] { "an empty name" })]
        [InlineData(new object[] { "alice", " ", "\t" }, new[] { "alice" }, new[] { "-User[1]", "-User[2]" }, new[] { "a name of white space only", "a name of white space only" })]
        [InlineData(new object[] { " " }, new string[0], new string[] { null }, new[] { "a name of white space only" })]
        public void ABlankNameOnTheCommandLineIsThatItemsError(object[] given, string[] names, string[] places, string[] got)
        {
            var unread = new List<TeleportInputException>();
            var read = Choice.Names<User>(Users(given), unread.Add, DictionaryInput.NoWarning);
            Assert.Equal(names, read);
            Assert.Equal(places, unread.Select(e => e.Item));
            Assert.All(unread, e => Assert.Equal(PipedUser.NotAUserCode, e.Code));
            Assert.Equal(got.Select(g => "got " + g + "."), unread.Select(e => e.Message.Substring(e.Message.IndexOf("got ", System.StringComparison.Ordinal))));
        }

        // A null or '' given alone on the command line is the command's own refusal (PowerShell's null-or-empty error, or
        // Get-/Set-TeleportMcpTools' InvalidUserName for ''), so it reaches Names as a name, as before.
        [Fact]
        public void AnEmptyNameAloneOnTheCommandLineIsLeftToTheCommand()
        {
            var unread = new List<TeleportInputException>();
            Assert.Equal(new[] { "" }, Choice.Names<User>(Users(""), unread.Add, DictionaryInput.NoWarning));
            Assert.Empty(Choice.Names<User>(Users(new object[] { null }), unread.Add, DictionaryInput.NoWarning));
            Assert.Empty(unread);
            Assert.True(Choice.OnlyNulls<User>(Users(null, null)));
            Assert.False(Choice.OnlyNulls<User>(Users(null, "")));
        }

        // Before: a piped $null or '' bound to a -User of names was skipped unseen (PipedUserNames, DiagnosisOptions.AddUsers).
        [Theory]
        [InlineData(null, "got null.")]
        [InlineData("", "got an empty name.")]
        [InlineData(" ", "got a name of white space only.")]
        public void ABlankPipedRecordIsItsOwnError(string value, string got)
        {
            var unread = new List<TeleportInputException>();
            var bound = value == null ? null : Users(value);
            Assert.Empty(Choice.PipedNames<User>(bound, unread.Add, DictionaryInput.NoWarning));
            var e = Assert.Single(unread);
            Assert.Equal(PipedUser.NotAUserCode, e.Code);
            Assert.Null(e.Item);
            Assert.EndsWith(got, e.Message, System.StringComparison.Ordinal);
        }

        // A property that bound nothing (an app object's null User, by property name) is still skipped; white space is not nothing.
        [Fact]
        public void ABoundPropertySkipsOnlyNullAndEmpty()
        {
            var unread = new List<TeleportInputException>();
            Assert.Equal(new[] { "dana" }, Choice.Bound<User>(Users(null, "", "dana", " "), unread.Add, DictionaryInput.NoWarning).Select(c => c.Name));
            Assert.Equal(new[] { "-User[3]" }, unread.Select(e => e.Item));
        }

        [Theory]
        [InlineData(new[] { "read_*", null, "x" }, new[] { "read_*", "x" }, new[] { "-Tool[1]" })]
        [InlineData(new[] { "", "x", " \u3000" }, new[] { "x" }, new[] { "-Tool[0]", "-Tool[2]" })]
        [InlineData(new[] { " " }, new string[0], new string[] { null })]
        [InlineData(new[] { "a\u001bb", "*" }, new[] { "a\u001bb", "*" }, new string[0])]
        public void APlainListKeepsItsGoodItems(string[] given, string[] kept, string[] places)
        {
            var unread = new List<TeleportInputException>();
            Assert.Equal(kept, InputPolicy.Items("-Tool", given, unread.Add));
            Assert.Equal(places, unread.Select(e => e.Item));
            Assert.All(unread, e => Assert.Equal(InputPolicy.BlankItemCode, e.Code));
            Assert.Null(InputPolicy.Items("-Tool", null, unread.Add));
        }

        [Theory]
        [InlineData(new string[] { null }, true)]
        [InlineData(new string[] { "", null }, true)]
        [InlineData(new string[] { " " }, false)]
        [InlineData(new string[0], true)]
        public void OnlyNullsAndEmptyStringsAreTheWholeParametersRefusal(string[] given, bool refused) =>
            Assert.Equal(refused, InputPolicy.NullOrEmpty(given));

        // Set-TeleportMcpTools: a refused -User value, an invalid user name or tool entry changes no user (was: the others were changed).
        [Theory]
        [InlineData(1, new[] { "alice", "bob" }, new[] { "x" })]
        [InlineData(0, new[] { "alice", "bob,eve" }, new[] { "x" })]
        public void ARefusedValueChangesNoUser(int refusedUsers, string[] users, string[] tools)
        {
            var errors = new List<McpToolsUpdateError>();
            var asked = new List<string>();
            var update = new McpToolsUpdate(() => throw new System.InvalidOperationException("tctl must not be called"), McpToolsMode.Set)
            {
                RequireTctl = () => throw new System.InvalidOperationException("tctl must not be needed"),
                ShouldProcess = (target, action) => { asked.Add(target); return false; },
                Error = errors.Add,
            };
            var requests = new McpToolsRequests();
            requests.Add(users, tools);
            for (int i = 0; i < refusedUsers; i++) requests.NoteRefused();
            update.Run(requests);
            Assert.Empty(asked);
            Assert.Equal(McpToolsUpdate.NotChangedCode, errors.Last().Code);
            Assert.StartsWith("No user's MCP tools were changed: 1 value(s)", errors.Last().Message, System.StringComparison.Ordinal);
            Assert.EndsWith("(not changed: alice" + (refusedUsers == 1 ? ", bob" : "") + ").", errors.Last().Message, System.StringComparison.Ordinal);
        }

        // Nothing held back: the refusal alone is the error (Set-TeleportMcpTools -User '' keeps its one InvalidUserName).
        [Fact]
        public void ARefusedValueAloneIsItsOwnErrorOnly()
        {
            var errors = new List<McpToolsUpdateError>();
            var update = new McpToolsUpdate(() => throw new System.InvalidOperationException("tctl must not be called"), McpToolsMode.Set) { Error = errors.Add };
            var requests = new McpToolsRequests();
            requests.Add(new[] { "" }, new[] { "x" });
            update.Run(requests);
            Assert.Equal(new[] { "InvalidUserName" }, errors.Select(e => e.Code));
        }

        [Fact]
        public void WithNothingRefusedEveryUserIsAsked()
        {
            var asked = new List<string>();
            var update = new McpToolsUpdate(() => throw new System.InvalidOperationException("tctl must not be called"), McpToolsMode.Set)
            {
                ShouldProcess = (target, action) => { asked.Add(target); return false; },
                Error = e => throw new System.InvalidOperationException(e.Message),
            };
            var requests = new McpToolsRequests();
            requests.Add(new[] { "alice", "bob" }, new[] { "x" });
            update.Run(requests);
            Assert.Equal(new[] { "Teleport user alice", "Teleport user bob" }, asked);
        }
    }
}
