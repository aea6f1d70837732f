using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;
using TeleportMcp.Initialization;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The module's views and the two ways the import adds them to a session: into its format database in place (what this
    /// PowerShell takes) and through its format list and Update-FormatData (what a PowerShell without the database's
    /// internal members gets). Both must print the same and leave the session as it was, in a runspace of their own.
    /// </summary>
    public class SessionFormatDataTests
    {
        public static TheoryData<string> Routes() => new TheoryData<string> { "database", "commands" };

        [Fact]
        public void ThisPowerShellTakesTheDatabaseItself()
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace => Assert.IsType<DirectFormatDatabase>(SessionFormatData.Open()));
        }

        [Fact]
        public void EveryViewNamesAnEngineTypeAndColumnsItHas()
        {
            var types = ModuleInit.ScriptTypes.ToDictionary(t => t.FullName, StringComparer.Ordinal);
            var views = ModuleViews.All;
            Assert.Equal(views.Length, views.Select(v => v.FormatViewDefinition.Single().Name).Distinct(StringComparer.Ordinal).Count());
            foreach (var view in views)
            {
                var control = view.FormatViewDefinition.Single().Control;
                foreach (var name in view.TypeNames)
                {
                    var live = name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name.Substring("Deserialized.".Length) : name;
                    Assert.True(types.ContainsKey(live), name);
                }
                // Deserialized-only views also show what remoting adds (Host); the others show only the type's own properties.
                if (view.TypeNames.All(n => n.StartsWith("Deserialized.", StringComparison.Ordinal))) continue;
                var type = types[view.TypeNames[0]];
                var shown = control is TableControl table
                    ? table.Rows.Single().Columns.Select(c => c.DisplayEntry).Append(table.GroupBy?.Expression)
                    : ((ListControl)control).Entries.Single().Items.Select(i => i.DisplayEntry);
                foreach (var entry in shown.Where(e => e != null && e.ValueType == DisplayEntryValueType.Property))
                {
                    Assert.True(type.GetProperty(entry.Value) != null, type.Name + "." + entry.Value);
                }
                if (control is TableControl t) Assert.Equal(t.Headers.Count, t.Rows.Single().Columns.Count);
            }
        }

        [Fact]
        public void EveryScriptOfTheViewsParses()
        {
            // The import loads the views without PowerShell's load-time parse (DirectFormatDatabase.LoadIntoCurrentDatabase): a syntax error shows here.
            int scripts = 0;
            foreach (var view in ModuleViews.All)
            {
                var control = view.FormatViewDefinition.Single().Control;
                var entries = control is TableControl table
                    ? table.Rows.Single().Columns.Select(c => c.DisplayEntry).Append(table.GroupBy?.Expression)
                    : ((ListControl)control).Entries.Single().Items.Select(i => i.DisplayEntry);
                foreach (var entry in entries.Where(e => e != null && e.ValueType == DisplayEntryValueType.ScriptBlock))
                {
                    System.Management.Automation.Language.Parser.ParseInput(entry.Value, out _, out var errors);
                    Assert.True(errors.Length == 0, view.FormatViewDefinition.Single().Name + ": " + entry.Value + ": " + string.Join("; ", errors.Select(e => e.Message)));
                    scripts++;
                }
            }
            Assert.True(scripts > 20, scripts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void TheViewsLoadedInPlaceAreNeitherTrustedNorProductCode()
        {
            // Loaded as PowerShell loads its own views (no parse), then given a file's loading info again: their scripts run in the session's language mode.
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var formats = Assert.IsType<DirectFormatDatabase>(SessionFormatData.Open());
                Assert.True(formats.Add(ModuleViews.All));
                Assert.True(formats.LoadedUnparsed);
                var flags = AddedViewFlags(runspace);
                Assert.Equal(ModuleViews.All.Length, flags.Count);
                Assert.All(flags, f => Assert.Equal("trusted=False product=False", f));
                Assert.Contains("env: dev|staging", Invoke(runspace, Sample), StringComparison.Ordinal);
            });
        }

        [Fact]
        public void InConstrainedLanguageTheViewsScriptsRunConstrained()
        {
            // A method call on a type that is not a core type is refused in ConstrainedLanguage: a trusted view would still print the labels.
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var formats = Assert.IsType<DirectFormatDatabase>(SessionFormatData.Open());
                Assert.True(formats.Add(ModuleViews.All));
                Assert.True(formats.LoadedUnparsed);
                Invoke(runspace, "$d = [System.Collections.Concurrent.ConcurrentDictionary[string, string]]::new(); $null = $d.TryAdd('env', 'dev'); " +
                    "$global:app = [pscustomobject]@{ Name = 'files'; Transport = 'Stdio'; Command = 'npx'; Args = $null; Uri = $null; RunAsHostUser = $null; Labels = $d }; " +
                    "$global:app.PSObject.TypeNames.Insert(0, 'TeleportMcp.App')");
                const string print = "$global:app | Format-Table | Out-String -Width 200";
                Assert.Contains("=dev", Invoke(runspace, print), StringComparison.Ordinal);
                runspace.SessionStateProxy.LanguageMode = PSLanguageMode.ConstrainedLanguage;
                using var ps = PowerShell.Create();
                ps.Runspace = runspace;
                string constrained = string.Concat(ps.AddScript(print).Invoke().Select(r => r?.ToString()));
                Assert.Contains("files", constrained, StringComparison.Ordinal);
                Assert.DoesNotContain("=dev", constrained, StringComparison.Ordinal);
            });
        }

        [Theory]
        [InlineData("refused")]
        [InlineData("throws")]
        public void ALoadStoppedHalfwayLeavesTheDatabaseAsItWasEvenWhenTheRebuildIsRefused(string failure)
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var formats = DirectFormatDatabase.TryOpen(runspace);
                Assert.NotNull(formats);
                // Another entry of the session's list that fails to load: PowerShell refuses every rebuild and keeps the database it has.
                runspace.InitialSessionState.Formats.Add(new SessionStateFormatEntry(System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.format.ps1xml")));
                int entries = runspace.InitialSessionState.Formats.Count;
                var before = DatabaseViewNames(runspace);
                int loaded = 0;
                formats.AfterEachView = i =>
                {
                    loaded = i + 1;
                    if (i < 2) return true;
                    if (failure == "throws") throw new InvalidOperationException("injected");
                    return false;
                };

                Assert.ThrowsAny<Exception>(() => formats.Add(ModuleViews.All));

                Assert.Equal(3, loaded);
                Assert.False(formats.LoadedUnparsed);
                Assert.Empty(AddedViewFlags(runspace));
                Assert.Equal(before, DatabaseViewNames(runspace));
                Assert.Equal(entries, runspace.InitialSessionState.Formats.Count);
            });
        }

        [Fact]
        public void ALoadStoppedHalfwayLoadsTheViewsAsAFilesWhenTheRebuildSucceeds()
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var formats = DirectFormatDatabase.TryOpen(runspace);
                formats.AfterEachView = i => i < 2;
                Assert.True(formats.Add(ModuleViews.All));
                Assert.False(formats.LoadedUnparsed);
                var flags = AddedViewFlags(runspace);
                Assert.Equal(ModuleViews.All.Length, flags.Count);
                Assert.All(flags, f => Assert.Equal("trusted=False product=False", f));
            });
        }

        /// <summary>The names of every view in the runspace's format database, in its order.</summary>
        private static System.Collections.Generic.List<string> DatabaseViewNames(Runspace runspace)
        {
            const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
            var names = new System.Collections.Generic.List<string>();
            foreach (var view in DatabaseViews(runspace)) names.Add((string)view.GetType().GetField("name", Any).GetValue(view));
            return names;
        }

        private static System.Collections.IList DatabaseViews(Runspace runspace)
        {
            const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
            var context = typeof(Runspace).GetProperty("ExecutionContext", Any).GetValue(runspace);
            var manager = context.GetType().GetProperty("FormatDBManager", Any).GetValue(context);
            var database = manager.GetType().GetProperty("Database", Any).GetValue(manager);
            var section = database.GetType().GetField("viewDefinitionsSection", Any).GetValue(database);
            return (System.Collections.IList)section.GetType().GetField("viewDefinitionList", Any).GetValue(section);
        }

        /// <summary>The loading-info flags of the views with the module's names in the runspace's format database.</summary>
        private static System.Collections.Generic.List<string> AddedViewFlags(Runspace runspace)
        {
            const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
            var names = ModuleViews.All.Select(v => v.FormatViewDefinition.Single().Name).ToHashSet(StringComparer.Ordinal);
            var list = DatabaseViews(runspace);
            var flags = new System.Collections.Generic.List<string>();
            foreach (var view in list)
            {
                if (!names.Contains((string)view.GetType().GetField("name", Any).GetValue(view))) continue;
                var info = view.GetType().GetField("loadingInfo", Any).GetValue(view);
                flags.Add("trusted=" + info.GetType().GetField("isFullyTrusted", Any).GetValue(info) + " product=" + info.GetType().GetField("isProductCode", Any).GetValue(info));
            }
            return flags;
        }

        [Theory]
        [MemberData(nameof(Routes))]
        public void AddingAndRemovingTheViewsLeavesTheSessionAsItWas(string route)
        {
            InRunspace(InitialSessionState.CreateDefault2(), runspace =>
            {
                var formats = Open(route, runspace);
                int entries = runspace.InitialSessionState.Formats.Count;
                string without = Invoke(runspace, Sample);
                Assert.Equal("0", Invoke(runspace, CountViews));

                Assert.True(formats.Add(ModuleViews.All));
                Assert.Equal(ModuleViews.All.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Invoke(runspace, CountViews));
                string with = Invoke(runspace, Sample);
                Assert.Matches(@"Name\s+Version\s+AllowMcpTools\s+DenyMcpTools\s+AllowAppLabels", with);
                Assert.Contains("env: dev|staging", with, StringComparison.Ordinal);
                Assert.Equal(entries + ModuleViews.All.Length, runspace.InitialSessionState.Formats.Count);
                // Added twice (a second import in the same session): nothing more.
                Assert.True(formats.Add(ModuleViews.All));
                Assert.Equal(entries + ModuleViews.All.Length, runspace.InitialSessionState.Formats.Count);
                // A later rebuild of the database from the session's list keeps them.
                Invoke(runspace, "Update-FormatData");
                Assert.Equal(with, Invoke(runspace, Sample));

                formats.Remove(ModuleViews.All);
                Assert.Equal("0", Invoke(runspace, CountViews));
                Assert.Equal(without, Invoke(runspace, Sample));
                Assert.Equal(entries, runspace.InitialSessionState.Formats.Count);
            });
        }

        [Fact]
        public void BothRoutesPrintTheSame()
        {
            string Printed(string r)
            {
                string text = null;
                InRunspace(InitialSessionState.CreateDefault2(), runspace =>
                {
                    Assert.True(Open(r, runspace).Add(ModuleViews.All));
                    text = Invoke(runspace, Sample + " ; " + Sample.Replace("'TeleportMcp.Role'", "'Deserialized.TeleportMcp.Role'", StringComparison.Ordinal));
                });
                return text;
            }

            string printed = Printed("database");
            Assert.Matches(@"AllowMcpTools[\s\S]*AllowMcpTools", printed);
            Assert.Equal(printed, Printed("commands"));
        }

        [Theory]
        [MemberData(nameof(Routes))]
        public void AFormatTableSharedByItsHostIsLeftAlone(string route)
        {
            var iss = InitialSessionState.CreateDefault2();
            iss.Formats.Clear();
            iss.Formats.Add(new SessionStateFormatEntry(new FormatTable(Array.Empty<string>())));
            InRunspace(iss, runspace =>
            {
                var formats = Open(route, runspace);
                Assert.False(formats.Add(ModuleViews.All));
                Assert.Equal("0", Invoke(runspace, CountViews));
                Assert.Equal(1, runspace.InitialSessionState.Formats.Count);
                formats.Remove(ModuleViews.All);
            });
        }

        // Get-FormatData merges views by the type names they share: count the views by name.
        private const string CountViews = "@((Get-FormatData -TypeName 'TeleportMcp.*', 'Deserialized.TeleportMcp.*').FormatViewDefinition.Name | Sort-Object -Unique).Count";

        private const string Sample =
            "$o = [pscustomobject]@{ Name = 'mcp-dev'; Version = 'v8'; AllowMcpTools = @('read_*'); DenyMcpTools = $null; AllowAppLabels = @{ env = @('dev', 'staging') } }; " +
            "$o.PSObject.TypeNames.Insert(0, 'TeleportMcp.Role'); $o | Format-Table | Out-String -Width 160";

        private static SessionFormatData Open(string route, Runspace runspace) =>
            route == "database" ? (SessionFormatData)DirectFormatDatabase.TryOpen(runspace) : new FormatDataCommand();

        private static string Invoke(Runspace runspace, string script)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
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
