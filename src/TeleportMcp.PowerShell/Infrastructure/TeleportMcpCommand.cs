using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet of the module. Objects, errors and warnings leave the module only through
    /// <see cref="Emit"/>, <see cref="EmitError"/>, <see cref="EmitWarning"/> and <see cref="Terminate"/>, so an
    /// output rule (such as redaction) applies to every cmdlet in one place. Ctrl+C cancels <see cref="Cancellation"/>.
    /// </summary>
    public abstract class TeleportMcpCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken Cancellation => _stop.Token;

        protected internal void Emit(object item) => WriteObject(item);

        protected internal void EmitAll(IEnumerable items)
        {
            foreach (var item in items) Emit(item);
        }

        protected internal void EmitError(ErrorRecord record) => WriteError(record);

        protected internal void EmitWarning(string text) => WriteWarning(text);

        /// <summary>The one cluster-input service, reporting through this cmdlet: warnings always shown, errors with their position.</summary>
        protected ClusterInput NewClusterInput(string recommendedAction) => new ClusterInput
        {
            Warning = EmitWarning,
            Verbose = WriteVerbose,
            Error = d => EmitError(ErrorRecords.FromDiagnostic(d, recommendedAction)),
        };

        /// <summary>Ends the cmdlet with the error (a terminating error).</summary>
        protected void Terminate(ErrorRecord record) => ThrowTerminatingError(record);

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
