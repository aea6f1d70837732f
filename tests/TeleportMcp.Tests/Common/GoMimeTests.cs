using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TeleportMcp.Engine.Common;
using Xunit;

namespace TeleportMcp.Tests.Common
{
    /// <summary>GoMime against Go's own mime.ParseMediaType (Data/Common/go-mime-media-type.jsonl, printed by Data/Common/gomime/main.go with Go 1.19).</summary>
    public class GoMimeTests
    {
        public static IEnumerable<object[]> Cases()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "Common", "go-mime-media-type.jsonl");
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                var row = JsonDocument.Parse(line).RootElement;
                yield return new object[] { row[0].GetString(), row[1].GetString(), row[2].GetString() };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Reads_the_media_type_as_Go_does(string value, string type, string error)
        {
            Assert.Equal(type.Length == 0 ? null : type, GoMime.MediaType(value, out var e));
            Assert.Equal(error.Length == 0 ? null : error, e);
        }
    }
}
