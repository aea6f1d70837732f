using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace TeleportMcp.Tests.Common
{
    /// <summary>The rows of a corpus Go printed (Data/Common/*.jsonl, one JSON array of strings a line), as xUnit MemberData.</summary>
    internal static class GoPrintedRows
    {
        public static IEnumerable<object[]> Read(string fileName)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Data", "Common", fileName);
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
                yield return JsonDocument.Parse(line).RootElement.EnumerateArray().Select(e => (object)e.GetString()).ToArray();
        }
    }
}
