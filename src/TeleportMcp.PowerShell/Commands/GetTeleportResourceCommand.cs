using System;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Infrastructure;
using TeleportMcp.Parameters;

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
        [SupportsWildcards]
        // Not [ValidateNotNullOrEmpty]: a null among names would refuse them all; each blank value is that item's error
        // (InputPolicy.Items on the command line, InputPolicy.PipedItems for a piped record), the names beside it still read.
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(OfflineNameCompleter))]
        public string[] Name { get; set; }

        private bool _namesFromCommandLine;

        protected override void BeginProcessing()
        {
            _namesFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Name));
            // Alone, a $null or '' (or only such values) stays PowerShell's usual "null or empty" refusal, as before.
            if (_namesFromCommandLine && InputPolicy.NullOrEmpty(Name)) RefuseNullOrEmpty(nameof(Name));
            RequireTctl();
        }

        protected override void ProcessRecord()
        {
            string plural = TctlResourceQuery.Plural(Kind);
            Action<TeleportMcp.Engine.Common.TeleportInputException> refused = e => EmitError(ErrorRecords.FromInput(e));
            List<string> names;
            if (_namesFromCommandLine) names = InputPolicy.Items("-" + nameof(Name), Name, refused);
            else if (MyInvocation.ExpectingInput) names = InputPolicy.PipedItems("-" + nameof(Name), Name, refused);
            else
            {
                // No name at all: every resource of the kind. A list whose every item was refused reads nothing.
                Read(plural, null);
                return;
            }
            foreach (var given in names)
            {
                // Every kind, plain name or wildcard: a lone surrogate is refused before any tctl call.
                var surrogate = TctlResourceQuery.SurrogateProblem(given);
                if (surrogate != null)
                {
                    EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, "InvalidResourceName", surrogate, given));
                    continue;
                }
                if (TctlResourceQuery.ListsAndFilters(Kind, WildcardPattern.ContainsWildcardCharacters(given)))
                {
                    var pattern = WildcardOrError(given);
                    if (pattern == null) continue;
                    Read(plural, pattern, given);
                    continue;
                }
                // 'bob`*' is the name bob* (the module's wildcard rule): tctl gets the name, never the escape.
                string name = WildcardPattern.Unescape(given);
                var problem = TctlResourceQuery.NameProblem(name);
                if (problem != null)
                {
                    EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, "InvalidResourceName", problem, name));
                    continue;
                }
                Read(plural + "/" + name, null, name);
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
                EmitError(FromTctl(e, reference, "TeleportResourceNotFound"));
                return;
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                return;
            }
            var listing = new TctlListing(filter == null ? null : (Func<string, bool>)filter.IsMatch);
            bool unread = false;
            foreach (var item in items)
            {
                if (item.Resource != null)
                {
                    if (listing.Keep(item.Resource)) Emit(item.Resource);
                    continue;
                }
                unread |= item.Diagnostic.Level == DiagnosticLevel.Error;
                EmitDiagnostic(item.Diagnostic, "Run " + display + " by hand and check its output.");
            }
            // A name tctl answered with nothing (tctl itself says "not found" and fails; an empty list is not an answer
            // either) is the same error as a name a listing lacks, unless what came could not be read (that error says it).
            var notFound = filterText == null || (unread && !listing.Any) ? null : listing.NotFound(Kind.ToLowerInvariant(), filterText, reference, WildcardPattern.ContainsWildcardCharacters(filterText));
            if (notFound != null) EmitError(ErrorRecords.FromInput(notFound));
            else if (filterText == null && !listing.Any && !unread) WriteVerbose(display + " listed no " + reference + ".");
        }
    }
}
