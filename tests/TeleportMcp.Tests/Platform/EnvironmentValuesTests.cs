using System.Collections;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>-Environment: a list is a path list of this platform, null unsets, a nameless entry is left out.</summary>
    public class EnvironmentValuesTests
    {
        [Fact]
        public void Values_lists_and_nulls()
        {
            var env = EnvironmentValues.From(new[]
            {
                new KeyValuePair<object, object>("A", "1"),
                new KeyValuePair<object, object>("PATH", new object[] { "/x", "/y" }),
                new KeyValuePair<object, object>("GONE", null),
                new KeyValuePair<object, object>(null, "skipped"),
                new KeyValuePair<object, object>("N", 5),
                new KeyValuePair<object, object>("H", new Hashtable()),
            });
            Assert.Equal("1", env["A"]);
            Assert.Equal("/x" + Path.PathSeparator + "/y", env["PATH"]);
            Assert.True(env.ContainsKey("GONE"));
            Assert.Null(env["GONE"]);
            Assert.Equal("5", env["N"]);
            Assert.Equal("System.Collections.Hashtable", env["H"]);
            Assert.Equal(5, env.Count);
        }
    }
}
