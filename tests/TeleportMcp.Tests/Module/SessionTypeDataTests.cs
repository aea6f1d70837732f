using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;
using TeleportMcp.Initialization;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The two ways into a session's type table that the import uses: the table itself (what this PowerShell takes) and
    /// the type-data cmdlets (what a PowerShell without the table's internal members gets). Both must leave the same
    /// session behind, in a runspace of its own.
    /// </summary>
    public class SessionTypeDataTests
    {
        public static TheoryData<string> Routes() => new TheoryData<string> { "table", "commands" };

        [Fact]
        public void ThisPowerShellTakesTheTableItself()
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace => Assert.IsType<DirectTypeTable>(SessionTypeData.Open()));
        }

        [Theory]
        [MemberData(nameof(Routes))]
        public void AddingAndRemovingTheModulesTypeDataLeavesTheSessionAsItWas(string route)
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var table = Open(route, runspace);
                var ours = ModuleInit.SerializationTypeData().ToList();
                int replayed = runspace.InitialSessionState.Types.Count;
                Assert.Empty(table.Current(ours));
                Assert.Equal("Int32:0", Serialized(runspace, CheckStatus.Pass));

                Assert.True(table.Add(ours));
                var current = table.Current(ours);
                Assert.All(ours, t => Assert.True(ModuleInit.HoldsOnly(current[t.TypeName], t), t.TypeName));
                Assert.Equal("String:Pass", Serialized(runspace, CheckStatus.Pass));
                Assert.Equal(replayed + ours.Count, runspace.InitialSessionState.Types.Count);

                ModuleInit.RemoveOwnTypeData(table, ours);
                Assert.Empty(table.Current(ours));
                Assert.Equal("Int32:0", Serialized(runspace, CheckStatus.Pass));
                Assert.Equal(replayed, runspace.InitialSessionState.Types.Count);
            });
        }

        [Theory]
        [MemberData(nameof(Routes))]
        public void TypeDataSomeoneElseAddedToStays(string route)
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var table = Open(route, runspace);
                var ours = ModuleInit.SerializationTypeData().ToList();
                Assert.True(table.Add(ours));
                Invoke(runspace, "Update-TypeData -TypeName TeleportMcp.App -MemberType NoteProperty -MemberName Owner -Value ops");
                ModuleInit.RemoveOwnTypeData(table, ours);
                var left = Assert.Single(table.Current(ours)).Value;
                Assert.Equal("TeleportMcp.App", left.TypeName);
                Assert.Equal(new[] { "Owner" }, left.Members.Keys.ToArray());
            });
        }

        [Theory]
        [MemberData(nameof(Routes))]
        public void ATypeTableSharedByItsHostIsLeftAlone(string route)
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.Types.Clear();
            iss.Types.Add(new SessionStateTypeEntry(new TypeTable(Array.Empty<string>())));
            InRunspace(iss, runspace =>
            {
                var table = Open(route, runspace);
                var ours = ModuleInit.SerializationTypeData().ToList();
                Assert.False(table.Add(ours));
                Assert.Empty(table.Current(ours));
            });
        }

        private static SessionTypeData Open(string route, Runspace runspace) =>
            route == "table" ? (SessionTypeData)DirectTypeTable.TryOpen(runspace) : new TypeDataCommands();

        // A copy (Export-Clixml, remoting, jobs) of an enum: its name with the type data, its number without.
        private static string Serialized(Runspace runspace, object value) =>
            Invoke(runspace, "param($v) $r = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($v)); $r.GetType().Name + ':' + $r", value);

        private static string Invoke(Runspace runspace, string script, object argument = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            if (argument != null) ps.AddArgument(argument);
            var result = ps.Invoke();
            Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            return string.Concat(result.Select(r => r?.ToString()));
        }

        private static void InRunspace(InitialSessionState iss, Action<Runspace> test)
        {
            var previous = Runspace.DefaultRunspace;
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            Runspace.DefaultRunspace = runspace;
            try
            {
                test(runspace);
            }
            finally
            {
                Runspace.DefaultRunspace = previous;
            }
        }
    }
}
