#nullable enable
using System;
using System.Collections;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>One table says which type each input kind is: KindOf(Type), TypeOf, a copy's type name and ResourceCopies.Of agree.</summary>
    public class InputKindTableTests
    {
        [Theory]
        [InlineData(InputKind.Role, typeof(TeleportMcp.Role))]
        [InlineData(InputKind.User, typeof(TeleportMcp.User))]
        [InlineData(InputKind.App, typeof(TeleportMcp.App))]
        [InlineData(InputKind.ScopedRoleAssignment, typeof(TeleportMcp.ScopedRoleAssignment))]
        [InlineData(InputKind.ProbeResult, typeof(TeleportMcp.ProbeResult))]
        [InlineData(InputKind.Unknown, null)]
        [InlineData(InputKind.Document, null)]
        public void EachKindHasOneTypeBothWays(InputKind kind, Type? type)
        {
            Assert.Equal(type, InputPolicy.TypeOf(kind));
            if (type == null) return;
            Assert.Equal(kind, InputPolicy.KindOf(type));
            var copy = new DictionaryInput(new Hashtable { ["Name"] = "x" }, "Deserialized." + type.FullName);
            Assert.Equal(kind, InputPolicy.Classify(copy));
            var rebuilt = ResourceCopies.Of(copy, kind);
            if (typeof(TeleportResource).IsAssignableFrom(type)) Assert.IsType(type, rebuilt);
            else Assert.Null(rebuilt);
        }
    }
}
