using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace TeleportMcp.Initialization
{
    /// <summary>
    /// The importing session's format data, as <see cref="ModuleInit"/> adds the module's views to it and takes them back.
    /// Either way the views go into the session's InitialSessionState.Formats as FormatsToProcess would put a format file
    /// there, so every later rebuild of the format database (another module's import, Update-FormatData) keeps them, and
    /// Remove-Module takes them out of that list and rebuilds the database without them, as PowerShell does for a file.
    /// </summary>
    internal abstract class SessionFormatData
    {
        /// <summary>
        /// The session's format database itself where this PowerShell has the members its loader uses, else the list and
        /// Update-FormatData.
        /// </summary>
        internal static SessionFormatData Open() => DirectFormatDatabase.TryOpen(Runspace.DefaultRunspace) ?? (SessionFormatData)new FormatDataCommand();

        /// <summary>Adds the views unless the session has them; false when its format table is fixed (shared by its host, or updates disabled) and was left alone.</summary>
        internal abstract bool Add(IList<ExtendedTypeDefinition> views);

        /// <summary>Takes the views out of the session and rebuilds its format database without them; a fixed table is left alone.</summary>
        internal abstract void Remove(IList<ExtendedTypeDefinition> views);

        /// <summary>
        /// The runspace's ExecutionContext (internal), or null. Read through a delegate: the format database and the type
        /// table both start from it, and a getter called by reflection a second time has a stub emitted and compiled for it.
        /// </summary>
        internal static object ExecutionContextOf(Runspace runspace)
        {
            var getter = typeof(Runspace).GetProperty("ExecutionContext", BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
            if (getter == null || getter.ReturnType.IsValueType) return null;
            return ((Func<Runspace, object>)Delegate.CreateDelegate(typeof(Func<Runspace, object>), getter))(runspace);
        }

        /// <summary>The session's list of format entries, which PowerShell rebuilds its format database from.</summary>
        protected static InitialSessionStateEntryCollection<SessionStateFormatEntry> Entries => Runspace.DefaultRunspace?.InitialSessionState?.Formats;

        protected static bool Holds(InitialSessionStateEntryCollection<SessionStateFormatEntry> entries, IList<ExtendedTypeDefinition> views)
        {
            // A loop rather than LINQ: this runs at every import, where each lambda is one more method to compile.
            for (int i = 0; i < entries.Count; i++)
            {
                if (entries[i].FormatData != null && views.Contains(entries[i].FormatData)) return true;
            }
            return false;
        }

        /// <summary>Whether the list holds a host's shared format table (its one entry), which Update-FormatData refuses.</summary>
        protected static bool HoldsSharedTable(InitialSessionStateEntryCollection<SessionStateFormatEntry> entries)
        {
            for (int i = 0; i < entries.Count; i++)
            {
                if (entries[i].Formattable != null) return true;
            }
            return false;
        }

        protected static void AddEntries(InitialSessionStateEntryCollection<SessionStateFormatEntry> entries, IList<ExtendedTypeDefinition> views)
        {
            foreach (var view in views) entries.Add(new SessionStateFormatEntry(view));
        }

        /// <summary>Takes the entries of <paramref name="views"/> (the same objects) out of the list; whether there were any.</summary>
        protected static bool RemoveEntries(InitialSessionStateEntryCollection<SessionStateFormatEntry> entries, IList<ExtendedTypeDefinition> views)
        {
            bool any = false;
            for (int i = entries.Count - 1; i >= 0; i--)
            {
                if (entries[i].FormatData != null && views.Contains(entries[i].FormatData))
                {
                    entries.RemoveItem(i);
                    any = true;
                }
            }
            return any;
        }
    }

    /// <summary>
    /// The format database reached the way Import-Module reaches it (InitialSessionState.UpdateFormats and the runspace's
    /// TypeInfoDataBaseManager), with one difference on import: a format file makes PowerShell rebuild the whole database
    /// (every built-in view again, then each file read and parsed as XML); here PowerShell's own loader
    /// (TypeInfoDataBaseLoader.LoadFormattingData, what the rebuild calls for each view given as an object) adds the module's
    /// views to the database the session has, where a rebuild would put them: after every view already there. Internal
    /// members, so each is looked up by name and signature; a PowerShell without one of them gets <see cref="FormatDataCommand"/>.
    /// </summary>
    internal sealed class DirectFormatDatabase : SessionFormatData
    {
        private const BindingFlags NonPublicInstance = BindingFlags.Instance | BindingFlags.NonPublic;
        private const string FormatNamespace = "Microsoft.PowerShell.Commands.Internal.Format.";

        private readonly object _context;
        private readonly InitialSessionState _session;
        private readonly object _manager;
        private readonly bool _fixed;
        private readonly PropertyInfo _database;
        private readonly Type _loader;
        private readonly MethodInfo _load;
        private readonly Type _expressions;
        private readonly MethodInfo _update;
        private readonly FieldInfo[] _viewList;
        private readonly FieldInfo[] _trust;

        /// <summary>Whether the last <see cref="Add"/> loaded the views without the load-time parse and gave each a file's loading info again.</summary>
        internal bool LoadedUnparsed { get; private set; }

        /// <summary>Tests only: called with each view's index after PowerShell's loader took it; false acts as the loader refusing it, an exception as an unexpected failure.</summary>
        internal Func<int, bool> AfterEachView { get; set; }

        private DirectFormatDatabase(object context, InitialSessionState session, object manager, bool isFixed, PropertyInfo database, Type loader, MethodInfo load, Type expressions, MethodInfo update,
            FieldInfo[] viewList, FieldInfo[] trust)
        {
            _viewList = viewList;
            _trust = trust;
            _context = context;
            _session = session;
            _manager = manager;
            _fixed = isFixed;
            _database = database;
            _loader = loader;
            _load = load;
            _expressions = expressions;
            _update = update;
        }

        internal static DirectFormatDatabase TryOpen(Runspace runspace)
        {
            if (runspace?.InitialSessionState == null) return null;
            try
            {
                var sma = typeof(PSObject).Assembly;
                var context = ExecutionContextOf(runspace);
                var manager = context?.GetType().GetProperty("FormatDBManager", NonPublicInstance)?.GetValue(context, null);
                var managerType = sma.GetType(FormatNamespace + "TypeInfoDataBaseManager");
                var databaseType = sma.GetType(FormatNamespace + "TypeInfoDataBase");
                var loader = sma.GetType(FormatNamespace + "TypeInfoDataBaseLoader");
                var expressions = sma.GetType(FormatNamespace + "PSPropertyExpressionFactory");
                if (manager == null || managerType == null || manager.GetType() != managerType || databaseType == null || loader == null || expressions == null) return null;
                var shared = managerType.GetField("isShared", NonPublicInstance);
                var disabled = managerType.GetProperty("DisableFormatTableUpdates", NonPublicInstance);
                var database = managerType.GetProperty("Database", NonPublicInstance);
                var load = loader.GetMethod("LoadFormattingData", NonPublicInstance, null, new[] { typeof(ExtendedTypeDefinition), databaseType, expressions, typeof(bool), typeof(bool) }, null);
                var update = typeof(InitialSessionState).GetMethod("UpdateFormats", NonPublicInstance, null, new[] { context.GetType(), typeof(bool) }, null);
                if (shared?.FieldType != typeof(bool) || disabled?.PropertyType != typeof(bool) || database?.PropertyType != databaseType || load?.ReturnType != typeof(bool) ||
                    update == null || !typeof(IDisposable).IsAssignableFrom(loader) || loader.GetConstructor(NonPublicInstance | BindingFlags.Public, null, Type.EmptyTypes, null) == null ||
                    expressions.GetConstructor(NonPublicInstance | BindingFlags.Public, null, Type.EmptyTypes, null) == null)
                {
                    return null;
                }
                bool isFixed = (bool)shared.GetValue(manager) || (bool)disabled.GetValue(manager, null) || runspace.InitialSessionState.DisableFormatUpdates ||
                    HoldsSharedTable(runspace.InitialSessionState.Formats);
                // The database's list of views, and the two flags of each view's loading info (LoadIntoCurrentDatabase); null where this PowerShell lacks one.
                var viewList = Fields(databaseType, "viewDefinitionsSection", sma.GetType(FormatNamespace + "ViewDefinitionsSection"), "viewDefinitionList");
                var loadingInfo = sma.GetType(FormatNamespace + "DatabaseLoadingInfo");
                var view = sma.GetType(FormatNamespace + "ViewDefinition");
                var viewInfo = view?.GetField("loadingInfo", NonPublicInstance | BindingFlags.Public);
                var trust = new[] { viewInfo, loadingInfo?.GetField("isFullyTrusted", NonPublicInstance | BindingFlags.Public), loadingInfo?.GetField("isProductCode", NonPublicInstance | BindingFlags.Public) };
                // Loading without the parse is tested on the PowerShell this repository pins (7.6); any other takes the parsed load.
                var version = sma.GetName().Version;
                bool canReset = version.Major == 7 && version.Minor == 6 && viewList != null && typeof(System.Collections.IList).IsAssignableFrom(viewList[1].FieldType) && loadingInfo != null && !loadingInfo.IsValueType &&
                    viewInfo?.FieldType == loadingInfo && trust[1]?.FieldType == typeof(bool) && trust[2]?.FieldType == typeof(bool);
                return new DirectFormatDatabase(context, runspace.InitialSessionState, manager, isFixed, database, loader, load, expressions, update, canReset ? viewList : null, canReset ? trust : null);
            }
            catch (Exception e) when (e is TargetInvocationException || e is AmbiguousMatchException || e is MemberAccessException || e is ArgumentException)
            {
                return null;
            }
        }

        internal override bool Add(IList<ExtendedTypeDefinition> views)
        {
            if (_fixed) return false;
            var entries = _session.Formats;
            // Listed already: a RunspacePool's runspaces share one session state, and another runspace of the pool put them
            // there; this runspace's database may have been built before, so it is rebuilt from the list (as Import-Module does for a listed file).
            if (Holds(entries, views))
            {
                Rebuild();
                return true;
            }
            AddEntries(entries, views);
            try
            {
                if (!LoadIntoCurrentDatabase(views)) Rebuild();
            }
            catch
            {
                RemoveEntries(entries, views);
                Rebuild();
                throw;
            }
            return true;
        }

        internal override void Remove(IList<ExtendedTypeDefinition> views)
        {
            if (_fixed) return;
            if (RemoveEntries(_session.Formats, views)) Rebuild();
        }

        /// <summary>
        /// Loads each view into the database in place; false when PowerShell's loader refused one or failed (the rebuild
        /// then loads them all again and reports an error as it would for a file). The database is the session's own:
        /// only its pipeline thread reads it.
        /// </summary>
        /// <remarks>
        /// A view that is not built-in has each script block parsed once at load only to report a syntax error (and parsed
        /// again when it first formats): for these views, whose scripts are constants that xUnit parses, that was about
        /// half of what the import computed (PowerShell compiling its parser). Where this PowerShell has the members, the
        /// views load as PowerShell loads its own (no parse), and right after, on this thread and before anything
        /// formats, each view added gets the loading info of any other view again (not trusted, not product code): its
        /// scripts run in the session's language mode, as a format file's do. Anything unexpected rebuilds the database
        /// from the session's list, where the views load as a file's.
        /// </remarks>
        private bool LoadIntoCurrentDatabase(IList<ExtendedTypeDefinition> views)
        {
            LoadedUnparsed = false;
            System.Collections.IList list = null;
            bool unparsed = false, complete = false;
            int before = 0;
            try
            {
                var database = _database.GetValue(_manager, null);
                list = _viewList == null ? null : _viewList[1].GetValue(_viewList[0].GetValue(database)) as System.Collections.IList;
                unparsed = list != null;
                before = list?.Count ?? 0;
                var expressions = Activator.CreateInstance(_expressions, nonPublic: true);
                for (int v = 0; v < views.Count; v++)
                {
                    using (var loader = (IDisposable)Activator.CreateInstance(_loader, nonPublic: true))
                    {
                        if (!(bool)_load.Invoke(loader, new object[] { views[v], database, expressions, unparsed, false })) return false;
                    }
                    if (AfterEachView != null && !AfterEachView(v)) return false;
                }
                if (unparsed)
                {
                    if (list.Count != before + views.Count) return false;
                    for (int i = before; i < list.Count; i++)
                    {
                        if (!Distrust(list[i])) return false;
                    }
                }
                complete = true;
                LoadedUnparsed = unparsed;
                return true;
            }
            catch (Exception e) when (e is TargetInvocationException || e is ArgumentException || e is FieldAccessException || e is InvalidCastException)
            {
                return false;
            }
            finally
            {
                // Loaded trusted and as product code, and stopped before every view had a file's loading info again: the
                // database goes back to what it was before (the rebuild that follows may be refused by PowerShell, which
                // then keeps this database), and whatever could not be taken out is distrusted.
                if (unparsed && !complete) Restore(list, before);
            }
        }

        /// <summary>Takes every view after the first <paramref name="before"/> out of the database's list, and distrusts any that stays.</summary>
        private void Restore(System.Collections.IList list, int before)
        {
            for (int i = list.Count - 1; i >= before; i--)
            {
                try
                {
                    list.RemoveAt(i);
                }
                catch (Exception e) when (e is NotSupportedException || e is ArgumentOutOfRangeException)
                {
                    // left in place: distrusted below
                }
            }
            for (int i = before; i < list.Count; i++) Distrust(list[i]);
        }

        /// <summary>Gives the view a format file's loading info (not trusted, not product code); false where it has none or a flag could not be set.</summary>
        private bool Distrust(object view)
        {
            try
            {
                var info = _trust[0].GetValue(view);
                if (info == null) return false;
                _trust[1].SetValue(info, false);
                _trust[2].SetValue(info, false);
                return true;
            }
            catch (Exception e) when (e is ArgumentException || e is FieldAccessException || e is TargetException)
            {
                return false;
            }
        }

        /// <summary>The field <paramref name="outer"/> of <paramref name="type"/>, then the field <paramref name="inner"/> of the object it holds; null if either is missing.</summary>
        private static FieldInfo[] Fields(Type type, string outer, Type outerType, string inner)
        {
            var first = type?.GetField(outer, NonPublicInstance | BindingFlags.Public);
            var second = outerType?.GetField(inner, NonPublicInstance | BindingFlags.Public);
            return first == null || second == null || first.FieldType != outerType ? null : new[] { first, second };
        }

        private void Rebuild() => _update.Invoke(_session, new[] { _context, false });
    }

    /// <summary>
    /// The public route: the entries in the session's list, and Update-FormatData without a path, which rebuilds the format
    /// database from that list. Called by its type (Microsoft.PowerShell.Utility's assembly is loaded in both editions
    /// before any module) from a script block in the importing session.
    /// </summary>
    internal sealed class FormatDataCommand : SessionFormatData
    {
        internal override bool Add(IList<ExtendedTypeDefinition> views)
        {
            var entries = Entries;
            if (entries == null || IsFixed(entries)) return false;
            if (Holds(entries, views))
            {
                Update();   // listed by another runspace sharing this session state (DirectFormatDatabase.Add)
                return true;
            }
            AddEntries(entries, views);
            try
            {
                Update();
            }
            catch
            {
                RemoveEntries(entries, views);
                throw;
            }
            return true;
        }

        internal override void Remove(IList<ExtendedTypeDefinition> views)
        {
            var entries = Entries;
            if (entries != null && !IsFixed(entries) && RemoveEntries(entries, views)) Update();
        }

        /// <summary>A format table the host shares between runspaces (the list's one entry), or updates disabled: Update-FormatData refuses both.</summary>
        private static bool IsFixed(InitialSessionStateEntryCollection<SessionStateFormatEntry> entries) =>
            Runspace.DefaultRunspace.InitialSessionState.DisableFormatUpdates || HoldsSharedTable(entries);

        private static void Update()
        {
            var sma = typeof(PSObject).Assembly.GetName();
            var utility = new AssemblyName(sma.FullName) { Name = "Microsoft.PowerShell.Commands.Utility" };
            var implementation = Assembly.Load(utility).GetType("Microsoft.PowerShell.Commands.UpdateFormatDataCommand", throwOnError: true);
            ScriptBlock.Create("& $args[0] -WhatIf:$false -Confirm:$false -ErrorAction Stop").Invoke(new CmdletInfo("Update-FormatData", implementation));
        }
    }
}
