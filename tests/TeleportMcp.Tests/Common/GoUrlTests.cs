using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>GoUrl against Go's own url.Parse (Data/Common/go-url-parse.jsonl, printed by Data/Common/gourl/main.go with Go 1.19).</summary>
    public class GoUrlTests
    {
        public static IEnumerable<object[]> Cases() => GoPrintedRows.Read("go-url-parse.jsonl");

        [Theory]
        [MemberData(nameof(Cases))]
        public void Parses_as_Go_does(string url, string error, string scheme)
        {
            Assert.Equal(error.Length == 0 ? null : error, GoUrl.ParseError(url));
            Assert.Equal(scheme, GoUrl.Scheme(url));
        }
    }
}
