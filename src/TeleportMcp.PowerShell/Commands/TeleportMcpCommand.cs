using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Commands
{
    /// <summary>
    /// The base of every cmdlet of the module. Objects, errors and warnings leave the module only through
    /// <see cref="Emit"/>, <see cref="EmitError"/>, <see cref="EmitWarning"/> and <see cref="Terminate"/>, so an
    /// output rule applies to every cmdlet in one place: the engine's redactor and control-character escaping
    /// (<see cref="OutputSanitizer"/>, <see cref="OutputText"/>), and for messages the cut to Limits.OutputMessageChars
    /// (<see cref="OutputText.SafeMessage"/>). Verbose, debug, progress and ShouldProcess text go through the same rule
    /// (the Write* methods are hidden here, so a direct call cannot bypass it).
    /// Ctrl+C cancels <see cref="Cancellation"/>.
    /// </summary>
    public abstract class TeleportMcpCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>This cmdlet's parameters, for the engine's texts (they name only what this cmdlet's user can give).</summary>
        protected CallerParameters Caller
        {
            get
            {
                var command = MyInvocation.MyCommand;
                return new CallerParameters(command.Name, command.Parameters.Values.SelectMany(p => new[] { p.Name }.Concat(p.Aliases)));
            }
        }

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken Cancellation => _stop.Token;

        protected internal void Emit(object item)
        {
            object safe;
            try
            {
                using (OutputSanitizer.StopWith(Cancellation)) safe = SafeObject(item);
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            base.WriteObject(safe);
        }

        protected internal void EmitAll(IEnumerable items)
        {
            foreach (var item in items) Emit(item);
        }

        protected internal void EmitError(ErrorRecord record) => base.WriteError(SafeError(record));

        /// <summary>
        /// Writes an -OutFile the one way every cmdlet does: the path taken literally, -WhatIf/-Confirm asked with
        /// <paramref name="action"/>, an existing file replaced only with -Force or when it is this module's own and
        /// unchanged (nothing is lost), checked after the confirmation, which may wait. A refusal is OutFileExists, a
        /// failure OutFileWriteFailed; either is non-terminating. Returns the path written, or null.
        /// </summary>
        internal string WriteOutFile(string outFile, bool force, string action, Func<string, string> content)
        {
            // A new file matches no wildcard, so none is expanded; an escaped character ('role `[1`].yaml', as Tab completion writes it) is that character.
            var path = PathResolver.ResolveOne(this, outFile == null ? null : WildcardPattern.Unescape(outFile), literal: true, TeleportMcp.Engine.FileSystem.PathMust.MayBeNew, out var refused);
            if (refused != null)
            {
                EmitError(refused);
                return null;
            }
            if (!ShouldProcess(path, action)) return null;
            var written = OutFiles.Write(path, force, () => content(path));
            if (written.Refusal != null) EmitError(ErrorRecords.FromInput(written.Refusal));
            else if (written.Failure != null) EmitError(ErrorRecords.Create(ErrorCategory.WriteError, "OutFileWriteFailed", written.Failure.Message, path, written.Failure));
            else return path;
            return null;
        }

        protected internal void EmitWarning(string text) => base.WriteWarning(OutputText.SafeMessage(text));

        /// <summary>The one cluster-input service, reporting through this cmdlet: warnings always shown, errors with their position.</summary>
        protected ClusterInput NewClusterInput(string recommendedAction) => new ClusterInput
        {
            Warning = EmitWarning,
            Verbose = WriteVerbose,
            Error = d => EmitError(ErrorRecords.FromDiagnostic(d, recommendedAction)),
            Cancel = Cancellation,
        };

        /// <summary>A reader's note about one document, on the stream its level names: detail, a warning, or an error with its position.</summary>
        protected void EmitDiagnostic(ResourceDiagnostic d, string recommendedAction)
        {
            switch (d.Level)
            {
                case DiagnosticLevel.Verbose:
                    WriteVerbose(d.ToString());
                    break;
                case DiagnosticLevel.Warning:
                    EmitWarning(d.ToString());
                    break;
                default:
                    EmitError(ErrorRecords.FromDiagnostic(d, recommendedAction));
                    break;
            }
        }

        /// <summary>Ends the cmdlet with the error (a terminating error).</summary>
        protected internal void Terminate(ErrorRecord record) => base.ThrowTerminatingError(SafeError(record));

        /// <summary>
        /// PowerShell's own "argument is null or empty" error for a parameter that also binds by property name, so cannot
        /// declare [ValidateNotNullOrEmpty] (a null property there is skipped); the engine decides when (Choice.NullOrEmpty).
        /// </summary>
        protected void RefuseNullOrEmpty(string parameter) => Terminate(ErrorRecords.NullOrEmptyArgument(parameter));

        /// <summary>
        /// A list of plain names or patterns given on the command line (null when not given), by the engine's one rule
        /// (<see cref="InputPolicy.Items"/>): a list of nothing but nulls and empty strings is PowerShell's usual refusal;
        /// each other blank item is its own error to <paramref name="refused"/>, the good items are returned. Such a
        /// parameter does not declare [ValidateNotNullOrEmpty], which would refuse the whole list for one null.
        /// </summary>
        protected List<string> ItemsGiven(string parameter, string[] values, Action<TeleportInputException> refused)
        {
            if (!MyInvocation.BoundParameters.ContainsKey(parameter)) return null;
            if (InputPolicy.NullOrEmpty(values)) RefuseNullOrEmpty(parameter);
            return InputPolicy.Items("-" + parameter, values, refused);
        }

        /// <summary>
        /// <see cref="ItemsGiven"/> for a list of objects (-Session): a list of nothing but nulls is PowerShell's usual
        /// refusal; each other null item (or one <paramref name="nameOf"/> names blank) is its own error to
        /// <paramref name="refused"/> (<see cref="InputPolicy.ObjectItems{T}"/>), the good items are returned.
        /// </summary>
        protected List<T> ObjectsGiven<T>(string parameter, T[] values, Func<T, string> nameOf, Action<TeleportInputException> refused) where T : class
        {
            if (!MyInvocation.BoundParameters.ContainsKey(parameter)) return null;
            if (InputPolicy.NullOrEmptyObjects(values, nameOf)) RefuseNullOrEmpty(parameter);
            return InputPolicy.ObjectItems("-" + parameter, values, nameOf, refused);
        }

        public new void WriteObject(object sendToPipeline) => Emit(sendToPipeline);

        public new void WriteObject(object sendToPipeline, bool enumerateCollection)
        {
            if (enumerateCollection && sendToPipeline is IEnumerable items && !(sendToPipeline is string)) EmitAll(items);
            else Emit(sendToPipeline);
        }

        public new void WriteError(ErrorRecord errorRecord) => EmitError(errorRecord);

        public new void ThrowTerminatingError(ErrorRecord errorRecord) => Terminate(errorRecord);

        public new void WriteWarning(string text) => EmitWarning(text);

        public new void WriteVerbose(string text) => base.WriteVerbose(OutputText.SafeMessage(text));

        public new void WriteDebug(string text) => base.WriteDebug(OutputText.SafeMessage(text));

        /// <summary>The id of the error that ends a command whose -Confirm the host cannot ask (-NonInteractive, or a console whose input has ended).</summary>
        internal const string ConfirmationUnavailableId = "ConfirmationUnavailable";

        /// <remarks>
        /// A host that cannot ask (see <see cref="Ask"/>) ends the command with the module's
        /// <see cref="ConfirmationUnavailableId"/> error, <paramref name="target"/> its target, nothing done for it.
        /// </remarks>
        public new bool ShouldProcess(string target, string action)
        {
            try
            {
                return Ask(() => base.ShouldProcess(OutputText.SafeMessage(target), OutputText.SafeMessage(action)));
            }
            catch (HostCannotAskException e)
            {
                Terminate(ErrorRecords.Create(ErrorCategory.InvalidOperation, ConfirmationUnavailableId, e.Message, target, e.InnerException,
                    recommendedAction: "Run it where the console can answer, or without asking for confirmation."));
                return false;
            }
        }

        /// <remarks>A host that cannot ask throws <see cref="PSInvalidOperationException"/> (see <see cref="Ask"/>).</remarks>
        public new bool ShouldContinue(string query, string caption) => Ask(() => base.ShouldContinue(OutputText.SafeMessage(query), OutputText.SafeMessage(caption)));

        /// <summary>
        /// Asks the host, and makes a console whose input has ended a host that cannot ask, as -NonInteractive is. The
        /// console host reads the answer with ReadLine and uses it unchecked: with stdin closed or at its end the read
        /// gives null and PromptForChoice throws a NullReferenceException (PowerShell
        /// src/Microsoft.PowerShell.ConsoleHost/host/msh/ConsoleHostUserInterfacePromptForChoice.cs, response.Length).
        /// Under -NonInteractive the console host itself refuses to prompt (ConsoleHostUserInterface.HandleThrowOnReadAndPrompt
        /// throws PSInvalidOperationException ReadFailsOnNonInteractiveFlag): either is a <see cref="HostCannotAskException"/>.
        /// </summary>
        private static bool Ask(Func<bool> question)
        {
            try
            {
                return question();
            }
            catch (PSInvalidOperationException e) when (ThrownByHostUI(e))
            {
                throw new HostCannotAskException(e.Message, e);
            }
            catch (NullReferenceException e) when (ThrownByHostUI(e))
            {
                throw new HostCannotAskException(
                    "PowerShell cannot ask for confirmation here: the console's input ended (stdin is closed or at its end) before an answer was read.", e);
            }
        }

        /// <summary>The host could not ask (-NonInteractive, or its input ended); a <see cref="PSInvalidOperationException"/>, as PowerShell's own refusal is.</summary>
        private sealed class HostCannotAskException : PSInvalidOperationException
        {
            public HostCannotAskException(string message, Exception inner) : base(message, inner)
            {
            }
        }

        private static bool ThrownByHostUI(Exception e) =>
            e.TargetSite?.DeclaringType is Type t && typeof(System.Management.Automation.Host.PSHostUserInterface).IsAssignableFrom(t);

        public new void WriteProgress(ProgressRecord progressRecord)
        {
            if (progressRecord != null)
            {
                progressRecord.Activity = OutputText.SafeMessage(progressRecord.Activity);
                progressRecord.StatusDescription = OutputText.SafeMessage(progressRecord.StatusDescription);
                if (progressRecord.CurrentOperation != null) progressRecord.CurrentOperation = OutputText.SafeMessage(progressRecord.CurrentOperation);
            }
            base.WriteProgress(progressRecord);
        }

        /// <summary>
        /// A -Name wildcard checked up front: a malformed one ('a*[') is one non-terminating InvalidWildcardPattern
        /// error (null is returned) instead of a WildcardPatternException that ends the whole command.
        /// </summary>
        protected WildcardPattern WildcardOrError(string name)
        {
            var pattern = new WildcardPattern(name ?? "", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                // WildcardPattern parses lazily: the first match is where a bad pattern throws.
                pattern.IsMatch("");
                return pattern;
            }
            catch (WildcardPatternException e)
            {
                var refused = Engine.Common.NameSelection.Refuse(name, e.Message);
                EmitError(ErrorRecords.Create(ErrorCategory.InvalidArgument, refused.Code, refused.Message, name, e, refused.Fix, refused.Detail));
                return null;
            }
        }

        /// <summary>How a name given to a [SupportsWildcards] name parameter is read (<see cref="NamePatterns"/>); a malformed pattern is reported here.</summary>
        protected Func<string, bool> NamePattern(string name) => NamePatterns.Of(name, WildcardOrError);

        internal static object SafeObject(object value) => SafeObject(value, 0);

        // Deserialized objects (remoting, Import-Clixml) are property bags whose lists hold more bags: walked to a bounded depth.
        private const int MaxBagDepth = 16;

        // A bag's copy with its type names and the properties SafeObject reads, as note properties (PSObject.Copy refuses a
        // deserializer's adapted properties).
        private static PSObject CopyBag(PSObject pso)
        {
            var copy = new PSObject();
            copy.TypeNames.Clear();
            foreach (var name in pso.TypeNames) copy.TypeNames.Add(name);
            foreach (var p in pso.Properties)
            {
                if (!(p is PSNoteProperty) && !(p is PSProperty && p.IsSettable)) continue;
                object value;
                try { value = p.Value; }
                catch (GetValueException) { continue; }
                copy.Properties.Add(new PSNoteProperty(p.Name, value));
            }
            return copy;
        }

        private static object SafeObject(object value, int depth)
        {
            if (value is PSObject pso)
            {
                // The target may be the caller's own object (IInputObject.Original: a custom object refused as given): what
                // needs redacting goes into a copy, never into the object the caller still holds.
                if (pso.BaseObject is PSCustomObject)
                {
                    if (depth > MaxBagDepth) return pso;
                    PSObject copy = null;
                    foreach (var p in pso.Properties)
                    {
                        // Note properties of a bag; a deserializer outside a runspace gives settable adapted properties instead.
                        if (!(p is PSNoteProperty) && !(p is PSProperty && p.IsSettable)) continue;
                        object current;
                        try { current = p.Value; }
                        catch (GetValueException) { continue; }
                        var safe = current is PSObject inner ? SafeObject(inner, depth + 1) : OutputSanitizer.Sanitize(current);
                        if (ReferenceEquals(safe, current)) continue;
                        copy ??= CopyBag(pso);
                        try { copy.Properties[p.Name].Value = safe; }
                        catch (SetValueException) { }
                    }
                    return copy ?? pso;
                }
                if (pso.BaseObject is IList list && !list.IsReadOnly && !(list is Array) && depth <= MaxBagDepth)
                {
                    ArrayList copy = null;
                    for (int i = 0; i < list.Count; i++)
                    {
                        var safe = list[i] is PSObject item ? SafeObject(item, depth + 1) : OutputSanitizer.Sanitize(list[i]);
                        if (copy == null && ReferenceEquals(safe, list[i])) continue;
                        if (copy == null)
                        {
                            copy = new ArrayList(list.Count);
                            for (int k = 0; k < i; k++) copy.Add(list[k]);
                        }
                        copy.Add(safe);
                    }
                    if (copy == null) return pso;
                    var bag = new PSObject(copy);
                    foreach (var name in pso.TypeNames) if (!bag.TypeNames.Contains(name)) bag.TypeNames.Add(name);
                    return bag;
                }
                OutputSanitizer.Sanitize(pso.BaseObject);
                return pso;
            }
            return OutputSanitizer.Sanitize(value);
        }

        /// <summary>
        /// The same error with its message, details and target passed through the redactor; the message, details and
        /// recommended action cut to Limits.OutputMessageChars (the target keeps its whole value).
        /// </summary>
        internal static ErrorRecord SafeError(ErrorRecord record)
        {
            if (record == null) return null;
            var e = record.Exception;
            string message = e?.Message;
            string safeMessage = OutputText.SafeMessage(message);
            object target = record.TargetObject is string t ? OutputText.Safe(t) : SafeObject(record.TargetObject);
            var details = record.ErrorDetails;
            string detailMessage = details == null ? null : OutputText.SafeMessage(details.Message);
            string action = details == null ? null : OutputText.SafeMessage(details.RecommendedAction);
            bool same = safeMessage == message && ReferenceEquals(target, record.TargetObject) &&
                        (details == null || (detailMessage == details.Message && action == details.RecommendedAction));
            // The exception's own properties (tctl's Stderr, the command line) are output too.
            OutputSanitizer.SanitizeException(e);
            if (same) return record;
            var exception = safeMessage == message ? e : SafeExceptions.WithMessage(e, safeMessage);
            var safe = new ErrorRecord(exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, target);
            if (details != null) safe.ErrorDetails = new ErrorDetails(detailMessage ?? "") { RecommendedAction = action };
            return safe;
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
