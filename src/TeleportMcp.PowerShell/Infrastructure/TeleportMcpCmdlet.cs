using System;
using System.Management.Automation;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// The output boundary of every cmdlet: objects, errors, warnings, verbose and progress text pass through the
    /// engine's redactor and control-character escaping before they reach the host.
    /// </summary>
    public abstract class TeleportMcpCmdlet : PSCmdlet
    {
        public new void WriteObject(object sendToPipeline) => base.WriteObject(SafeObject(sendToPipeline));

        public new void WriteObject(object sendToPipeline, bool enumerateCollection)
        {
            if (!enumerateCollection || !(sendToPipeline is System.Collections.IEnumerable items) || sendToPipeline is string)
            {
                base.WriteObject(SafeObject(sendToPipeline), enumerateCollection);
                return;
            }
            foreach (var item in items) base.WriteObject(SafeObject(item));
        }

        public new void WriteError(ErrorRecord errorRecord) => base.WriteError(SafeError(errorRecord));

        public new void ThrowTerminatingError(ErrorRecord errorRecord) => base.ThrowTerminatingError(SafeError(errorRecord));

        public new void WriteWarning(string text) => base.WriteWarning(OutputText.Safe(text));

        public new void WriteVerbose(string text) => base.WriteVerbose(OutputText.Safe(text));

        public new void WriteDebug(string text) => base.WriteDebug(OutputText.Safe(text));

        public new bool ShouldProcess(string target, string action) => base.ShouldProcess(OutputText.Safe(target), OutputText.Safe(action));

        public new bool ShouldContinue(string query, string caption) => base.ShouldContinue(OutputText.Safe(query), OutputText.Safe(caption));

        public new void WriteProgress(ProgressRecord progressRecord)
        {
            if (progressRecord != null)
            {
                progressRecord.StatusDescription = OutputText.Safe(progressRecord.StatusDescription);
                if (progressRecord.CurrentOperation != null) progressRecord.CurrentOperation = OutputText.Safe(progressRecord.CurrentOperation);
            }
            base.WriteProgress(progressRecord);
        }

        internal static object SafeObject(object value)
        {
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    foreach (var p in pso.Properties)
                    {
                        if (!(p is PSNoteProperty note)) continue;
                        note.Value = note.Value is PSObject inner ? SafeObject(inner) : OutputSanitizer.Sanitize(note.Value);
                    }
                    return pso;
                }
                OutputSanitizer.Sanitize(pso.BaseObject);
                return pso;
            }
            return OutputSanitizer.Sanitize(value);
        }

        /// <summary>The same error with its message, details and target passed through the redactor.</summary>
        internal static ErrorRecord SafeError(ErrorRecord record)
        {
            if (record == null) return null;
            var e = record.Exception;
            string message = e?.Message;
            string safeMessage = OutputText.Safe(message);
            object target = record.TargetObject is string t ? OutputText.Safe(t) : SafeObject(record.TargetObject);
            var details = record.ErrorDetails;
            string detailMessage = details == null ? null : OutputText.Safe(details.Message);
            string action = details == null ? null : OutputText.Safe(details.RecommendedAction);
            bool same = safeMessage == message && ReferenceEquals(target, record.TargetObject) &&
                        (details == null || (detailMessage == details.Message && action == details.RecommendedAction));
            // The exception's own properties (tctl's Stderr, the command line) are output too.
            SanitizeExceptionChain(e);
            if (same) return record;
            var exception = safeMessage == message ? e : SetMessage(e, safeMessage) ?? SameKind(e, safeMessage);
            var safe = new ErrorRecord(exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, target);
            if (details != null) safe.ErrorDetails = new ErrorDetails(detailMessage ?? "") { RecommendedAction = action };
            return safe;
        }

        private static void SanitizeExceptionChain(Exception e)
        {
            for (int depth = 0; e != null && depth < 8; depth++, e = e.InnerException)
            {
                var ns = e.GetType().Namespace ?? "";
                if (ns == "TeleportMcp" || ns.StartsWith("TeleportMcp.", StringComparison.Ordinal)) OutputSanitizer.Sanitize(e);
                if (depth > 0) SetMessage(e, OutputText.Safe(e.Message));
            }
        }

        /// <summary>Replaces the message in place (System.Exception._message), so the exception keeps its type and data.</summary>
        private static Exception SetMessage(Exception e, string message)
        {
            if (e == null || e.Message == message) return e;
            var field = typeof(Exception).GetField("_message", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
            if (field == null) return null;
            try
            {
                field.SetValue(e, message);
                return e.Message == message ? e : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static Exception SameKind(Exception e, string message)
        {
            try
            {
                if (e.GetType().GetConstructor(new[] { typeof(string) }) != null)
                    return (Exception)Activator.CreateInstance(e.GetType(), message);
            }
            catch (Exception)
            {
                // Fall through to a plain exception with the safe message.
            }
            return new InvalidOperationException(message);
        }
    }
}
