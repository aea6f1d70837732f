using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace TeleportMcp.Initialization
{
    /// <summary>
    /// The importing session's type table, as <see cref="ModuleInit"/> reads and changes it. Both ways in have the effect
    /// of Get-, Update- and Remove-TypeData: each entry added also goes into the session's InitialSessionState.Types, the
    /// list PowerShell replays when a types file is added later, so a later Update-TypeData -AppendPath keeps it.
    /// </summary>
    internal abstract class SessionTypeData
    {
        /// <summary>
        /// The table itself where this PowerShell has the members Update-TypeData uses, else the type-data cmdlets.
        /// Calling the cmdlets made PowerShell compile their binding code at every import: about 75 ms of CPU, half of
        /// what the whole import cost (bench/import.ps1, session 8).
        /// </summary>
        internal static SessionTypeData Open() => DirectTypeTable.TryOpen(Runspace.DefaultRunspace) ?? (SessionTypeData)new TypeDataCommands();

        /// <summary>What the table holds for each of the given types that it has any data for.</summary>
        internal abstract Dictionary<string, TypeData> Current(IList<TypeData> of);

        /// <summary>Adds the entries, replacing the same settings of the same types; false when the table is fixed (shared between runspaces by its host) and was left alone.</summary>
        internal abstract bool Add(IList<TypeData> data);

        /// <summary>Removes every setting of the given types; a fixed table is left alone.</summary>
        internal abstract void Remove(IList<TypeData> data);

        /// <summary>The session's list of type entries that PowerShell replays, or null where the session has none.</summary>
        internal static InitialSessionStateEntryCollection<SessionStateTypeEntry> Replayed => Runspace.DefaultRunspace?.InitialSessionState?.Types;
    }

    /// <summary>
    /// The type table reached the way Update-TypeData reaches it: the runspace's execution context, then the table's own
    /// AddType and RemoveType (public) and its per-type readers (what Get-TypeData builds for every type of the table
    /// before it filters by name). Internal members, so each is looked up by name and signature; a PowerShell without
    /// one of them gets <see cref="TypeDataCommands"/> instead.
    /// </summary>
    internal sealed class DirectTypeTable : SessionTypeData
    {
        private const BindingFlags NonPublicInstance = BindingFlags.Instance | BindingFlags.NonPublic;
        private static readonly string[] Readers = { "RetrieveMembersToTypeData", "RetrieveConverterToTypeData", "RetrieveAdapterToTypeData" };

        private readonly TypeTable _table;
        private readonly bool _shared;
        private readonly Func<TypeTable, TypeData, bool>[] _readers;

        private DirectTypeTable(TypeTable table, bool shared, Func<TypeTable, TypeData, bool>[] readers)
        {
            _table = table;
            _shared = shared;
            _readers = readers;
        }

        internal static DirectTypeTable TryOpen(Runspace runspace)
        {
            if (runspace == null) return null;
            try
            {
                var context = SessionFormatData.ExecutionContextOf(runspace);
                var table = context?.GetType().GetProperty("TypeTable", NonPublicInstance)?.GetValue(context, null) as TypeTable;
                var shared = typeof(TypeTable).GetField("isShared", NonPublicInstance);
                if (table == null || shared == null || shared.FieldType != typeof(bool)) return null;
                // Called as delegates: a method called by reflection more than once has a stub emitted and compiled for it, about a millisecond each at import.
                // Loops rather than LINQ here and in Current: this runs at every import, where each lambda is one more method to compile.
                var read = new Func<TypeTable, TypeData, bool>[Readers.Length];
                for (int i = 0; i < Readers.Length; i++)
                {
                    var method = typeof(TypeTable).GetMethod(Readers[i], NonPublicInstance, null, new[] { typeof(TypeData) }, null);
                    if (method == null || method.ReturnType != typeof(bool)) return null;
                    read[i] = (Func<TypeTable, TypeData, bool>)Delegate.CreateDelegate(typeof(Func<TypeTable, TypeData, bool>), method);
                }
                return new DirectTypeTable(table, (bool)shared.GetValue(table), read);
            }
            catch (Exception e) when (e is TargetInvocationException || e is AmbiguousMatchException || e is MemberAccessException || e is ArgumentException)
            {
                return null;
            }
        }

        internal override Dictionary<string, TypeData> Current(IList<TypeData> of)
        {
            var current = new Dictionary<string, TypeData>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in of)
            {
                string name = entry.TypeName;
                var data = new TypeData(name);
                bool any = false;
                foreach (var read in _readers) any |= read(_table, data);
                if (any) current[name] = data;
            }
            return current;
        }

        internal override bool Add(IList<TypeData> data)
        {
            if (_shared) return false;
            var replayed = Replayed;
            foreach (var entry in data)
            {
                _table.AddType(entry);
                replayed?.Add(new SessionStateTypeEntry(entry, false));
            }
            return true;
        }

        internal override void Remove(IList<TypeData> data)
        {
            if (_shared) return;
            foreach (var entry in data) _table.RemoveType(entry.TypeName);
        }
    }

    /// <summary>
    /// Get-, Update- and Remove-TypeData, called by their types (so PowerShell does not import Microsoft.PowerShell.Utility
    /// for them; its assembly is loaded in both editions before any module) from a script block in the importing session.
    /// </summary>
    internal sealed class TypeDataCommands : SessionTypeData
    {
        internal override Dictionary<string, TypeData> Current(IList<TypeData> of) =>
            // Only the types in question: Get-TypeData matches each name as a wildcard against the whole type table.
            Run("GetTypeDataCommand", "Get-TypeData", "& $args[0] -TypeName $args[1]", of.Select(t => t.TypeName).ToArray())
                .Select(o => o?.BaseObject).OfType<TypeData>()
                .ToDictionary(t => t.TypeName, StringComparer.OrdinalIgnoreCase);

        internal override bool Add(IList<TypeData> data)
        {
            try
            {
                Run("UpdateTypeDataCommand", "Update-TypeData", "& $args[0] -TypeData $args[1] -Force -WhatIf:$false -Confirm:$false -ErrorAction Stop", data.ToArray());
                return true;
            }
            catch (RuntimeException e) when (e.ErrorRecord?.FullyQualifiedErrorId?.StartsWith("CannotUpdateSharedTypeTable", StringComparison.Ordinal) == true)
            {
                return false;
            }
        }

        internal override void Remove(IList<TypeData> data)
        {
            // Remove-TypeData appends a removal entry to the replayed list for each type; they go again, as the add entries do.
            var replayed = Replayed;
            int before = replayed?.Count ?? 0;
            Run("RemoveTypeDataCommand", "Remove-TypeData", "$args[1] | & $args[0] -WhatIf:$false -Confirm:$false -ErrorAction SilentlyContinue", data.ToArray());
            if (replayed == null) return;
            var names = new HashSet<string>(data.Select(t => t.TypeName), StringComparer.OrdinalIgnoreCase);
            for (int i = replayed.Count - 1; i >= before; i--)
            {
                if (replayed[i].IsRemove && replayed[i].TypeData is TypeData removal && names.Contains(removal.TypeName)) replayed.RemoveItem(i);
            }
        }

        private static System.Collections.ObjectModel.Collection<PSObject> Run(string commandType, string commandName, string script, object[] argument)
        {
            var sma = typeof(PSObject).Assembly.GetName();
            var utility = new AssemblyName(sma.FullName) { Name = "Microsoft.PowerShell.Commands.Utility" };
            var implementation = Assembly.Load(utility).GetType("Microsoft.PowerShell.Commands." + commandType, throwOnError: true);
            return ScriptBlock.Create(script).Invoke(new CmdletInfo(commandName, implementation), argument);
        }
    }
}
