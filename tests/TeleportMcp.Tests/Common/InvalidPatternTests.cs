using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>A -Name that is not a valid wildcard pattern: its error says which name, why (the parser's words) and what to do.</summary>
    public class InvalidPatternTests
    {
        [Theory]
        [InlineData("a*[", "The specified wildcard character pattern is not valid: a*[.",
            "The name 'a*[' is not a valid wildcard pattern (The specified wildcard character pattern is not valid: a*[). Escape '[' and ']' with a backtick, or use a name without them.")]
        [InlineData("[x", "bad pattern", "The name '[x' is not a valid wildcard pattern (bad pattern). Escape '[' and ']' with a backtick, or use a name without them.")]
        [InlineData("[x", "", "The name '[x' is not a valid wildcard pattern (). Escape '[' and ']' with a backtick, or use a name without them.")]
        public void Names_the_pattern_and_the_parsers_reason(string name, string reason, string expected)
        {
            var refused = NameSelection.Refuse(name, reason);
            Assert.Equal("InvalidWildcardPattern", refused.Code);
            Assert.Equal(expected, refused.Message);
            Assert.Equal("The name '" + name + "' is not a valid wildcard pattern.", refused.Detail);
            Assert.Equal("Escape '[' and ']' with a backtick (`[), or close the bracket; the other names were still processed.", refused.Fix);
        }
    }
}
