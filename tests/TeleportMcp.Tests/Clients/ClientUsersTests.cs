using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Clients
{
    /// <summary>Test-TeleportMcpClient -User: objects as given, bare names looked up in -ClusterPath, never skipped in silence.</summary>
    public sealed class ClientUsersTests : IDisposable
    {
        private readonly string UsersFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tmcp-clientusers-" + Guid.NewGuid().ToString("N") + ".yaml");

        public ClientUsersTests()
        {
            System.IO.File.WriteAllText(UsersFile, "kind: user\nversion: v2\nmetadata: {name: alice}\nspec: {roles: [access, mcp-user]}\n---\nkind: user\nversion: v2\nmetadata: {name: bob}\nspec: {roles: [access]}\n");
        }

        public void Dispose() => System.IO.File.Delete(UsersFile);

        private ClusterInput Cluster()
        {
            var cluster = new ClusterInput();
            cluster.ReadFiles(new[] { UsersFile });
            return cluster;
        }

        [Theory]
        [InlineData(new[] { "alice" }, "alice", false, null)]
        [InlineData(new[] { "alice", "bob", "alice" }, "alice,bob", false, null)]
        [InlineData(new[] { "carol" }, "", true, "UserNotFound")]
        [InlineData(new[] { "alice", "carol" }, "alice", true, "UserNotFound")]
        public void NamesAreLookedUpInTheCluster(string[] names, string expected, bool missing, string error)
        {
            var errors = new List<TeleportInputException>();
            var users = ClientUsers.Resolve(Array.Empty<User>(), names, Cluster(), errors.Add, out bool wasMissing);
            Assert.Equal(expected, string.Join(",", users.Select(u => u.Name)));
            Assert.Equal(missing, wasMissing);
            Assert.Equal(error, errors.Select(e => e.Code).SingleOrDefault());
            if (error != null)
            {
                Assert.Equal("carol", errors[0].Target);
                Assert.Contains("\"carol\" was not found in " + UsersFile + " (given: alice, bob)", errors[0].Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void ANameWithoutAClusterIsAnErrorNamingItAndTheObjectsGivenStillCount()
        {
            var errors = new List<TeleportInputException>();
            var dana = new User { Name = "dana" };
            var users = ClientUsers.Resolve(new[] { dana }, new[] { "alice", "bob" }, null, errors.Add, out bool missing);
            Assert.Same(dana, Assert.Single(users));
            Assert.True(missing);
            var e = Assert.Single(errors);
            Assert.Equal("UserNeedsCluster", e.Code);
            Assert.IsType<TeleportArgumentException>(e);
            Assert.Contains("user names alice, bob cannot be compared with the certificate", e.Message, StringComparison.Ordinal);
            Assert.Contains("-ClusterPath", e.RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public void ObjectsAloneNeedNoCluster()
        {
            var errors = new List<TeleportInputException>();
            var alice = new User { Name = "alice" };
            var users = ClientUsers.Resolve(new[] { alice, alice }, Array.Empty<string>(), null, errors.Add, out bool missing);
            Assert.Same(alice, Assert.Single(users));
            Assert.False(missing);
            Assert.Empty(errors);
        }
    }
}
