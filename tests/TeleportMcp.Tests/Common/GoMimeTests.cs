using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>GoMime against Go's own mime.ParseMediaType (Data/Common/go-mime-media-type.jsonl, printed by Data/Common/gomime/main.go with Go 1.19).</summary>
    public class GoMimeTests
    {
        public static IEnumerable<object[]> Cases() => GoPrintedRows.Read("go-mime-media-type.jsonl");

        [Theory]
        [MemberData(nameof(Cases))]
        public void Reads_the_media_type_as_Go_does(string value, string type, string error)
        {
            Assert.Equal(type.Length == 0 ? null : type, GoMime.MediaType(value, out var e));
            Assert.Equal(error.Length == 0 ? null : error, e);
        }
    }
}
