using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using TeleportMcp.Engine.Completion;
using TeleportMcp.Transport;

namespace TeleportMcp.Parameters
{
    /// <summary>
    /// Tab completion of names from the cluster files named on the same command line (-Path or -ClusterPath). The
    /// reading, matching and tooltips are the engine's (ClusterCompletion); this class only finds the paths typed so far.
    /// </summary>
    public abstract class ClusterNameCompleter : IArgumentCompleter
    {
        private static readonly string[] SourceParameters = { "ClusterPath", "LiteralClusterPath", "Path", "LiteralPath" };

        // The engine's CompletionKind by name: PowerShell scans this public type before the engine can load.
        internal abstract string KindName { get; }

        /// <summary>The names come from the MCP events of audit logs, not from the cluster's resources.</summary>
        internal virtual bool Audit => false;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                return ClusterCompletion.Complete(ResolvePaths(fakeBoundParameters), KindName, Audit, wordToComplete)
                    .Select(c => new CompletionResult(c.Text, c.ListItem, CompletionResultType.ParameterValue, c.Tooltip)).ToList();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Tab must never throw at the user.
                return Array.Empty<CompletionResult>();
            }
        }

        private static List<string> ResolvePaths(IDictionary bound)
        {
            var result = new List<string>();
            if (bound == null) return result;
            foreach (var name in SourceParameters)
            {
                if (!bound.Contains(name)) continue;
                foreach (var p in LanguagePrimitives.GetEnumerable(bound[name]) ?? new[] { bound[name] })
                {
                    var text = PlainValues.Base(p) as string;
                    if (!string.IsNullOrEmpty(text)) result.AddRange(Resolve(text, name.StartsWith("Literal", StringComparison.Ordinal)));
                }
            }
            return result;
        }

        /// <summary>
        /// The items one path names by exactly the rule the cmdlet will use when run (PathResolver.Items: -Literal...
        /// as written; a wildcard expanded, or the item as written when it matches nothing), so cluster[1].yaml
        /// contributes its names under -LiteralPath and under -Path alike. The session's path API comes from a nested
        /// pipeline of the current runspace: completion runs inside a pipeline, where SessionStateProxy refuses calls,
        /// and the paths are relative to the PowerShell location, not the process's. A path that names nothing gives nothing.
        /// </summary>
        private static IEnumerable<string> Resolve(string path, bool literal)
        {
            if (Runspace.DefaultRunspace == null) return new[] { path };
            EngineIntrinsics engine;
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand("Microsoft.PowerShell.Utility\\Get-Variable").AddParameter("Name", "ExecutionContext").AddParameter("ValueOnly");
                engine = ps.Invoke().Select(o => o?.BaseObject as EngineIntrinsics).FirstOrDefault(e => e != null);
            }
            if (engine == null) return Array.Empty<string>();
            try
            {
                var items = Infrastructure.PathResolver.Items(engine.SessionState.Path, path, literal, out var provider);
                return provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) ? items : new List<string>();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Not there, a malformed pattern, a drive the provider refuses: the cmdlet will say so; Tab offers nothing from it.
                return Array.Empty<string>();
            }
        }
    }

    public sealed class UserNameCompleter : ClusterNameCompleter
    {
        internal override string KindName => "User";
    }

    public sealed class AppNameCompleter : ClusterNameCompleter
    {
        internal override string KindName => "App";
    }

    public sealed class McpAppNameCompleter : ClusterNameCompleter
    {
        internal override string KindName => "McpApp";
    }

    /// <summary>Get-TeleportMcpAuditEvent: the users, apps or tools of the MCP events in the audit logs of -Path.</summary>
    public abstract class AuditNameCompleter : ClusterNameCompleter
    {
        internal override bool Audit => true;
    }

    public sealed class AuditUserCompleter : AuditNameCompleter
    {
        internal override string KindName => "User";
    }

    public sealed class AuditAppCompleter : AuditNameCompleter
    {
        internal override string KindName => "App";
    }

    public sealed class AuditToolCompleter : AuditNameCompleter
    {
        internal override string KindName => "Tool";
    }

    public sealed class RoleNameCompleter : ClusterNameCompleter
    {
        internal override string KindName => "Role";
    }

    /// <summary>The role versions New-TeleportMcpRole writes (v3 to v8), newest first.</summary>
    public sealed class RoleVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ClusterCompletion.RoleVersions(wordToComplete).Select(c => new CompletionResult(c.Text, c.ListItem, CompletionResultType.ParameterValue, c.Tooltip)).ToList();
    }

    public sealed class ToolNameCompleter : ClusterNameCompleter
    {
        internal override string KindName => "Tool";
    }

    /// <summary>
    /// For the tctl cmdlets: names would have to come from the cluster, and Tab must not reach the network or start
    /// tctl, so nothing is offered (rather than file names, which are never right here).
    /// </summary>
    public sealed class OfflineNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Array.Empty<CompletionResult>();
    }
}
