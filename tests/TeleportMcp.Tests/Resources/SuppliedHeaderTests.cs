using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// Test-TeleportMcpApp -Header by the module's per-item rule (HeaderRules.SuppliedHeaders, helper-287): each item on its
    /// own, its error naming its place; a hashtable is name to value. Sources: tsh's -H "Name: value" and its "malformed
    /// header %q" (tool/tsh/common/mcp_app.go @08222fe9, 2:H21); header names and values (httpguts, 2:H3); names compared
    /// ignoring case (Go net/http header.go Header.Add → textproto.CanonicalMIMEHeaderKey; Teleport's rewrite deletes by
    /// that key, RewriteHeadersAndApplyValueTraits, 2:H5).
    /// </summary>
    public class SuppliedHeaderTests
    {
        private static (List<KeyValuePair<string, string>> Sent, List<TeleportInputException> Refused, List<string> Notes) Run(params object[] values)
        {
            var refused = new List<TeleportInputException>();
            var notes = new List<string>();
            var sent = HeaderRules.SuppliedHeaders(values, refused.Add, notes.Add);
            return (sent, refused, notes);
        }

        private static OrderedDictionary Map(params object[] pairs)
        {
            var m = new OrderedDictionary();
            for (int i = 0; i < pairs.Length; i += 2) m.Add(pairs[i], pairs[i + 1]);
            return m;
        }

        // Before: [ValidateNotNullOrEmpty] refused the whole list for one null or '' (nothing was sent), and ' ' was
        // InvalidHeader "malformed header" with no place.
        [Theory]
        [InlineData(null, "got null, which names nothing.")]
        [InlineData("", "got an empty header, which names nothing.")]
        [InlineData(" ", "got a header of white space only, which names nothing.")]
        [InlineData("\t", "got a header of white space only, which names nothing.")]
        public void ABlankItemIsItsOwnErrorAndTheOthersAreSent(string blank, string got)
        {
            var (sent, refused, notes) = Run("X-A: 1", blank, "X-B: 2");
            Assert.Equal(new[] { "X-A: 1", "X-B: 2" }, sent.Select(HeaderRules.ClientText));
            var e = Assert.Single(refused);
            Assert.Equal(InputPolicy.BlankItemCode, e.Code);
            Assert.Equal("-Header[1]", e.Item);
            Assert.Equal("-Header[1]: " + got, e.Message);
            Assert.EndsWith(InputPolicy.OthersUsed, e.RecommendedAction, System.StringComparison.Ordinal);
            Assert.Empty(notes);
        }

        // Before: InvalidHeader "-Header: ..." for every item alike, naming no place.
        [Theory]
        [InlineData("no colon", "malformed header \"no colon\"")]
        [InlineData("Bad Name: v", "invalid http header name: \"Bad Name\"")]
        [InlineData("X-C: a\u0001b", "invalid http header value: ")]
        public void AMalformedItemNamesItsPlace(string bad, string message)
        {
            var (sent, refused, _) = Run("X-A: 1", bad);
            Assert.Equal(new[] { "X-A: 1" }, sent.Select(HeaderRules.ClientText));
            var e = Assert.Single(refused);
            Assert.Equal(HeaderRules.InvalidHeaderCode, e.Code);
            Assert.Equal("-Header[1]", e.Item);
            Assert.StartsWith("-Header[1]: " + message, e.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ALoneItemsMessageNamesTheParameter()
        {
            var (_, refused, _) = Run("no colon");
            var e = Assert.Single(refused);
            Assert.Null(e.Item);
            Assert.Equal("-Header: malformed header \"no colon\"", e.Message);
            Assert.Equal("Write each header as 'Name: value'.", e.RecommendedAction);
        }

        // Before: a hashtable was read as its ToString, InvalidHeader "malformed header \"System.Collections.Hashtable\"".
        [Fact]
        public void AHashtableIsNameToValue()
        {
            var (sent, refused, notes) = Run(Map("X-A", "1", "X-N", 42, "X-T", true), "X-B: 2");
            Assert.Equal(new[] { "X-A: 1", "X-N: 42", "X-T: True", "X-B: 2" }, sent.Select(HeaderRules.ClientText));
            Assert.Empty(refused);
            Assert.Empty(notes);
        }

        [Theory]
        [InlineData(null, "is null, not one text value.")]
        [InlineData("nested", "is a System.Collections.Hashtable, not one text value.")]
        [InlineData("list", "is a System.String[], not one text value.")]
        public void AHashtableValueThatIsNotOneTextIsRefusedNamingTheKeyNeverTheValue(string kind, string got)
        {
            object value = kind == "nested" ? new Hashtable { ["secret"] = "s3cr3t" } : kind == "list" ? new[] { "s3cr3t", "b" } : null;
            var (sent, refused, _) = Run(Map("Authorization", value, "X-Ok", "1"));
            Assert.Equal(new[] { "X-Ok: 1" }, sent.Select(HeaderRules.ClientText));
            var e = Assert.Single(refused);
            Assert.Equal(HeaderRules.InvalidHeaderCode, e.Code);
            Assert.Equal("-Header: the value of \"Authorization\" " + got, e.Message);
            Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AHashtableValueWithAControlCharacterIsRefusedMasked()
        {
            var (sent, refused, _) = Run(Map("Authorization", "Bearer s3cr3t\n"));
            Assert.Equal("Bearer s3cr3t", Assert.Single(sent).Value);
            Assert.Empty(refused);
            // Trimmed as tsh's -H text is trimmed (ParseHeader trims both halves): the line break at the end goes.
            var (sent2, refused2, _) = Run(Map("Authorization", "Bearer s3\u0001cr3t"));
            Assert.Empty(sent2);
            var e = Assert.Single(refused2);
            Assert.Equal(HeaderRules.InvalidHeaderCode, e.Code);
            Assert.DoesNotContain("s3\u0001cr3t", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnEmptyHashtableAndAnotherObjectAreRefusedNamingWhatWasGiven()
        {
            var (sent, refused, _) = Run(new Hashtable(), 5, "X-A: 1");
            Assert.Equal(new[] { "X-A: 1" }, sent.Select(HeaderRules.ClientText));
            Assert.Equal(new[] { InputPolicy.BlankItemCode, HeaderRules.InvalidHeaderCode }, refused.Select(e => e.Code));
            Assert.Equal(new[] { "-Header[0]", "-Header[1]" }, refused.Select(e => e.Item));
            Assert.Equal("-Header[1]: got a System.Int32, which is neither 'Name: value' nor a hashtable of name to value.", refused[1].Message);
        }

        // Before: both sent with no note. Go's Header.Add canonicalises both to one key (two values of one header).
        [Theory]
        [InlineData("X-A: 1", "x-a: 2", "-Header[1] names the header \"x-a\" again, as -Header[0] did (\"X-A\")")]
        [InlineData("Authorization: a", "AUTHORIZATION: b", "-Header[1] names the header \"AUTHORIZATION\" again, as -Header[0] did (\"Authorization\")")]
        public void ANameRepeatedIgnoringCaseIsSentAndNoted(string first, string second, string note)
        {
            var (sent, refused, notes) = Run(first, second);
            Assert.Equal(2, sent.Count);
            Assert.Empty(refused);
            Assert.StartsWith(note, Assert.Single(notes), System.StringComparison.Ordinal);
        }

        [Fact]
        public void DistinctNamesAreNotNoted()
        {
            var (sent, _, notes) = Run("X-A: 1", "X-AB: 2", Map("X-C", "3"));
            Assert.Equal(3, sent.Count);
            Assert.Empty(notes);
        }

        [Fact]
        public void TheSentTextReadsBackUnchanged()
        {
            var (sent, _, _) = Run(" X-A :  v 1 ");
            var text = HeaderRules.ClientText(Assert.Single(sent));
            Assert.True(HeaderRules.TryParseClientHeader(text, out var name, out var value, out _));
            Assert.Equal(("X-A", "v 1"), (name, value));
        }
    }
}
