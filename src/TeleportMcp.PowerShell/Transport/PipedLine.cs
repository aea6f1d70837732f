using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace TeleportMcp.Transport
{
    /// <summary>
    /// Where a piped log line came from: the note properties Get-Content gives each line it writes (PSPath, PSChildName,
    /// ReadCount), kept through serialization (Import-Clixml, remoting, jobs). A string parameter receives the text only,
    /// so the object is read from the command's current pipeline input.
    /// </summary>
    internal static class PipedLine
    {
        // InternalCommand.CurrentPipelineObject is not public (PowerShell 5.1 and 7: CommandProcessor.ProcessRecord sets it
        // before binding). Absent, every line stays in the one stream of unknown source, as before.
        private static readonly PropertyInfo CurrentObject =
            typeof(Cmdlet).GetProperty("CurrentPipelineObject", BindingFlags.Instance | BindingFlags.NonPublic);

        // Select-String's output (Microsoft.PowerShell.Commands.Utility, MatchInfo.cs): a string parameter receives its
        // ToString, "path:number:line", which no log format reads; its Line, Path and LineNumber are the line itself.
        private const string MatchInfoType = "Microsoft.PowerShell.Commands.MatchInfo";

        /// <summary>
        /// The file <paramref name="text"/> was read from, its line number there and whether it starts a read of its own
        /// (<see cref="TeleportMcp.Engine.Logs.PipedBlocks.Line(string, long?, TeleportMcp.Engine.Logs.PipedRead, out bool)"/>); (null, 0, false) when not known.
        /// </summary>
        public static (string Path, long Line, bool NewRead) Source(PSObject current, string text, TeleportMcp.Engine.Logs.PipedBlocks blocks)
        {
            if (text == null || !(current is PSObject pso) || !ReferenceEquals(pso.BaseObject, text)) return (null, 0, false);
            var (file, _) = FileOf(pso, blocks);
            if (file == null) return (null, 0, false);
            var count = pso.Properties["ReadCount"]?.Value;
            long line = blocks.Line(file, count != null && LanguagePrimitives.TryConvertTo(count, out long c) ? c : (long?)null, ReadOf(pso), out bool newRead);
            return (file, line, newRead);
        }

        // The Get-Content read an object came from: one command gives every line (or block) of a file the same PSPath string
        // and another command a new one (ContentCommandBase.WriteContentObject caches its notes per path, ContentPathsCache,
        // PowerShell/PowerShell @00536fbc; measured, pwsh 7.6: `Get-Content -Tail 1 -Encoding utf7 f; Get-Content f` gives two
        // strings, `Get-Content f, f` one). Only while the object is the one Get-Content wrote (its PSProvider a
        // ProviderInfo): a deserialized copy (Import-Clixml, remoting) has a string of its own for each line. Then only its
        // RunspaceId, which remoting and jobs add to what they give back: another runspace is another command (another
        // Invoke-Command -ComputerName, another job); the same one (a PSSession used twice) says nothing.
        private static TeleportMcp.Engine.Logs.PipedRead ReadOf(PSObject pso)
        {
            if (pso.Properties["PSProvider"]?.Value is ProviderInfo provider)
                return new TeleportMcp.Engine.Logs.PipedRead(pso.Properties["PSPath"]?.Value as string, null, provider.Name == "FileSystem");
            var runspace = pso.Properties["RunspaceId"]?.Value;
            if (runspace is PSObject wrapped) runspace = wrapped.BaseObject;
            return new TeleportMcp.Engine.Logs.PipedRead(null, runspace is Guid id ? (object)id : null, false, deserialized: true);
        }

        /// <summary>
        /// The lines of the current pipeline object, each with its file and line number (null, 0 when not known), when it
        /// is one of those a log line's text parameter does not receive as written: a block of lines Get-Content wrote
        /// (-ReadCount 0 or more than 1: one list, whose ReadCount is its last line's number; it binds -LiteralPath by its
        /// PSPath, which read the whole file once per block), or Select-String's MatchInfo (its line and the context lines
        /// around it, not its ToString). Null for any other object.
        /// </summary>
        public static IEnumerable<(string Text, string Path, long Line, bool NewRead)> Lines(PSObject current, TeleportMcp.Engine.Logs.PipedBlocks blocks)
        {
            // A line, the common case: no MatchInfo, no block.
            if (!(current is PSObject pso) || pso.BaseObject is string) return null;
            if (IsMatchInfo(pso))
            {
                if (!(pso.Properties["Line"]?.Value is string line)) return null;
                // -Context: the display context around the match (the engine numbers the lines, PipedSource.MatchLines).
                var context = pso.Properties["Context"]?.Value;
                return TeleportMcp.Engine.Logs.PipedSource.MatchLines(line, Text(pso, "Path"), Number(pso.Properties["LineNumber"]?.Value),
                    context == null ? null : Strings(context, "DisplayPreContext"), context == null ? null : Strings(context, "DisplayPostContext"));
            }
            var items = pso.BaseObject is PSObject inner ? inner.BaseObject : pso.BaseObject;
            if (!(items is IList list) || items is string || pso.Properties["ReadCount"] == null) return null;
            var (file, last) = FileOf(pso, blocks);
            if (file == null) return null;
            for (int i = 0; i < list.Count; i++)
            {
                object item = list[i] is PSObject p ? p.BaseObject : list[i];
                if (item != null && !(item is string)) return null;
            }
            long first = blocks.First(file, last, list.Count, ReadOf(pso), out bool newRead);
            return Block();

            // The block's lines as they are read, not copied: -ReadCount 0 writes a whole file as one block (4 Mi lines: a
            // list of them all would add about 128 MB beside Get-Content's own array).
            IEnumerable<(string Text, string Path, long Line, bool NewRead)> Block()
            {
                for (int i = 0; i < list.Count; i++)
                {
                    object item = list[i] is PSObject p ? p.BaseObject : list[i];
                    yield return ((string)item, file, first > 0 ? first + i : 0, newRead && i == 0);
                }
            }
        }

        // A string list property of a context (MatchInfoContext, or its deserialized copy); null when absent or not strings.
        private static List<string> Strings(object context, string name)
        {
            var value = PSObject.AsPSObject(context).Properties[name]?.Value;
            var items = value == null ? null : LanguagePrimitives.GetEnumerable(value is PSObject p ? p.BaseObject : value);
            if (items == null) return null;
            var list = new List<string>();
            foreach (var item in items)
            {
                if (!((item is PSObject q ? q.BaseObject : item) is string text)) return null;
                list.Add(text);
            }
            return list;
        }

        private static bool IsMatchInfo(PSObject pso)
        {
            foreach (var name in pso.TypeNames)
                if (name == MatchInfoType || name == "Deserialized." + MatchInfoType) return true;
            return false;
        }

        private static (string Path, long Line) FileOf(PSObject pso, TeleportMcp.Engine.Logs.PipedBlocks blocks)
        {
            string key = Text(pso, "PSPath") ?? Text(pso, "PSChildName");
            if (key == null) return (null, 0);
            long line = Number(pso.Properties["ReadCount"]?.Value) is long l && l > 0 ? l : 0;
            // A provider-qualified path (Microsoft.PowerShell.Core\FileSystem::/var/log/a.log): the engine names the file.
            string file = TeleportMcp.Engine.Logs.PipedSource.FileOfPSPath(key);
            // Lines remoting gave back name the computer they were read on (PSComputerName): the same path on two computers
            // is two files (Invoke-Command -ComputerName a, b { Get-Content f } writes their lines interleaved), named
            // "computer:path"; this computer's lines (a local Start-Job, the loopback session) by the path alone, as a live
            // read names them (PipedBlocks.FileOf → PipedComputer.FileOf decides which names are this computer's, its hosts file
            // among them).
            if (!(pso.Properties["PSProvider"]?.Value is ProviderInfo))
                file = blocks.FileOf(Text(pso, "PSComputerName"), file);
            return (file, line);
        }

        private static long? Number(object value) =>
            value != null && LanguagePrimitives.TryConvertTo(value, out long l) && l > 0 ? l : (long?)null;

        /// <summary>The command's current pipeline object, read once per record; null when PowerShell does not say.</summary>
        public static PSObject Current(Cmdlet command)
        {
            try
            {
                return CurrentObject?.GetValue(command, null) as PSObject;
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static string Text(PSObject pso, string name)
        {
            // A value set from pipeline output (Add-Member -NotePropertyValue (... | Select-Object -First 1)) is a PSObject around the text.
            object value = pso.Properties[name]?.Value;
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            return value is string s && s.Length > 0 ? s : null;
        }
    }
}
