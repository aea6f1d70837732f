using System;
using System.Collections.Generic;
using System.Management.Automation;
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
                Emit(plural, null);
                return;
            }
            foreach (var name in Name)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name) || kind == "app")
                {
                    Emit(plural, new WildcardPattern(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant), name);
                    continue;
                }
                if (name.IndexOf(',') >= 0 || name.IndexOf('/') >= 0 || name.StartsWith("-", StringComparison.Ordinal))
                {
                    WriteError(new ErrorRecord(new ArgumentException("The name '" + name + "' contains ',' or '/' or starts with '-', which tctl would misread."),
                        "InvalidResourceName", ErrorCategory.InvalidArgument, name));
                    continue;
                }
                Emit(plural + "/" + name, null);
            }
        }

        private void Emit(string reference, WildcardPattern filter, string filterText = null)
        {
            var settings = Settings();
            WriteVerbose(TctlBridge.Display(settings, "get", reference, "--format=json"));
            List<ResourceBridge.Item> items;
            try
            {
                items = TctlBridge.Get(settings, reference);
            }
            catch (TctlFailure f)
            {
                WriteError(TctlBridge.ToErrorRecord(f, reference, "TeleportResourceNotFound"));
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
                if (item.Output != null)
                {
                    string name = NameOf(item.Output);
                    if (filter != null && !filter.IsMatch(name ?? "")) continue;
                    // Several agents serving one app give one app_server each: write the app once.
                    if (item.Output is App && !seen.Add(name ?? "")) continue;
                    any = true;
                    WriteObject(item.Output);
                    continue;
                }
                switch (item.Level)
                {
                    case "Verbose": WriteVerbose(item.Location + ": " + item.Message); break;
                    case "Warning": WriteWarning(item.Location + ": " + item.Message); break;
                    default:
                        WriteError(ErrorRecords.InvalidInput(item.Code, item.Message, item.Location, ErrorRecords.CategoryFor(item.Code),
                            "Run " + TctlBridge.Display(settings, "get", reference, "--format=json") + " by hand and check its output."));
                        break;
                }
            }
            if (!any && filter != null && !WildcardPattern.ContainsWildcardCharacters(filterText ?? ""))
            {
                var message = Kind + " '" + filterText + "' was not found in tctl get " + reference + ".";
                WriteError(new ErrorRecord(new ItemNotFoundException(message), "TeleportResourceNotFound", ErrorCategory.ObjectNotFound, filterText));
            }
        }

        private static string NameOf(object o)
        {
            switch (o)
            {
                case Role r: return r.Name;
                case User u: return u.Name;
                case App a: return a.Name;
                default: return null;
            }
        }
    }
}
