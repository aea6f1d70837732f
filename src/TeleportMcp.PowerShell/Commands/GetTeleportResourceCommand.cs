using System;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// Get-TeleportResource: roles, users or apps read live with tctl get --format=json, as the same objects
    /// Import-TeleportResource writes, so every check can run against a live cluster.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TeleportResource")]
    [OutputType(typeof(Role), typeof(User), typeof(App))]
    public sealed class GetTeleportResourceCommand : TctlCommandBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Role", "User", "App", IgnoreCase = true)]
        public string Kind { get; set; }

        /// <summary>Names to read; wildcards read every resource of the kind and filter.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public string[] Name { get; set; }

        protected override void BeginProcessing() => RequireTctl();

        protected override void ProcessRecord()
        {
            string kind = Kind.ToLowerInvariant();
            // App Service agents register every app they serve (teleport.yaml and dynamic) as an app_server;
            // tctl get apps would list only the dynamic app resources.
            string plural = kind == "app" ? "app_servers" : kind + "s";
            if (Name == null || Name.Length == 0)
            {
                Read(plural, null);
                return;
            }
            foreach (var name in Name)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name) || kind == "app")
                {
                    var pattern = WildcardOrError(name);
                    if (pattern == null) continue;
                    Read(plural, pattern, name);
                    continue;
                }
                if (name.IndexOf(',') >= 0 || name.IndexOf('/') >= 0 || name.StartsWith("-", StringComparison.Ordinal))
                {
                    EmitError(ErrorRecords.Create(new ArgumentException("The name '" + name + "' contains ',' or '/' or starts with '-', which tctl would misread."),
                        "InvalidResourceName", name));
                    continue;
                }
                Read(plural + "/" + name, null);
            }
        }

        private void Read(string reference, WildcardPattern filter, string filterText = null)
        {
            var tctl = Tctl();
            string display = tctl.Runner.Display(new[] { "get", reference, "--format=json" });
            WriteVerbose(display);
            List<ResourceReadItem> items;
            try
            {
                items = tctl.Get(reference);
            }
            catch (TctlException e)
            {
                EmitError(ErrorRecords.FromTctl(e, reference, "TeleportResourceNotFound"));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool any = false;
            foreach (var item in items)
            {
                if (item.Resource != null)
                {
                    string name = item.Resource.Name;
                    if (filter != null && !filter.IsMatch(name ?? "")) continue;
                    // Several agents serving one app give one app_server each: write the app once.
                    if (item.Resource is App && !seen.Add(name ?? "")) continue;
                    any = true;
                    Emit(item.Resource);
                    continue;
                }
                var d = item.Diagnostic;
                switch (d.Level)
                {
                    case DiagnosticLevel.Verbose: WriteVerbose(d.ToString()); break;
                    case DiagnosticLevel.Warning: EmitWarning(d.ToString()); break;
                    default:
                        EmitError(ErrorRecords.FromDiagnostic(d, "Run " + display + " by hand and check its output."));
                        break;
                }
            }
            if (!any && filter != null && !WildcardPattern.ContainsWildcardCharacters(filterText ?? ""))
            {
                var message = Kind + " '" + filterText + "' was not found in tctl get " + reference + ".";
                EmitError(ErrorRecords.Create(new ItemNotFoundException(message), "TeleportResourceNotFound", filterText));
            }
        }
    }
}
