using System;
using System.IO;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// Every error record of the module is made here: a stable id (the FullyQualifiedErrorId is "id,cmdlet class"),
    /// a category that follows from the exception, the file, user or app as the target object, and for bad input the
    /// position as data on the exception (TeleportInputException: Location.Path, Line, Column, LineText).
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>Input that cannot be used: a broken document, an unreadable file, a name that is not there.</summary>
        public static ErrorRecord FromInput(TeleportInputException e, string recommendedAction = null, object target = null)
        {
            var record = new ErrorRecord(e, e.Code, CategoryOf(e), target ?? e.Target);
            record.ErrorDetails = new ErrorDetails(e.Message);
            if ((recommendedAction ?? e.RecommendedAction) != null) record.ErrorDetails.RecommendedAction = recommendedAction ?? e.RecommendedAction;
            return record;
        }

        /// <summary>A reader's error about one document or file; the other documents were read.</summary>
        public static ErrorRecord FromDiagnostic(ResourceDiagnostic d, string recommendedAction) =>
            FromInput(new TeleportInputException(d.Code, d.Message, d.Location) { LineText = d.LineText }, d.RecommendedAction ?? recommendedAction);

        /// <summary>Any other error: the category follows from the exception type.</summary>
        public static ErrorRecord Create(Exception e, string errorId, object target, string recommendedAction = null, ErrorCategory? category = null, string detail = null)
        {
            var record = new ErrorRecord(e, errorId, category ?? CategoryOf(e), target ?? (e as TeleportInputException)?.Target);
            if (recommendedAction != null || detail != null) record.ErrorDetails = new ErrorDetails(detail ?? e.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        public static ErrorCategory CategoryOf(Exception e)
        {
            switch (e)
            {
                case TeleportNotFoundException _: return ErrorCategory.ObjectNotFound;
                case TeleportReadException _: return ErrorCategory.ReadError;
                case TeleportArgumentException _: return ErrorCategory.InvalidArgument;
                case TeleportInputException input: return CategoryFor(input.Code);
                case ItemNotFoundException _: return ErrorCategory.ObjectNotFound;
                case FileNotFoundException _: return ErrorCategory.ObjectNotFound;
                case DirectoryNotFoundException _: return ErrorCategory.ObjectNotFound;
                case UnauthorizedAccessException _: return ErrorCategory.PermissionDenied;
                case InvalidDataException _: return ErrorCategory.InvalidData;
                case IOException _: return ErrorCategory.ReadError;
                case TimeoutException _: return ErrorCategory.OperationTimeout;
                case OperationCanceledException _: return ErrorCategory.OperationStopped;
                case ArgumentException _: return ErrorCategory.InvalidArgument;
                case NotSupportedException _: return ErrorCategory.NotImplemented;
                case InvalidOperationException _: return ErrorCategory.InvalidOperation;
                default: return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>The category of an input error code.</summary>
        private static ErrorCategory CategoryFor(string code)
        {
            switch (code)
            {
                case "YamlParseError":
                case "JsonParseError":
                case "CatalogParseError":
                case "ClientConfigParseError":
                case "MalformedAuditEvent":
                    return ErrorCategory.ParserError;
                case "FileReadError":
                case "CatalogReadError":
                case "LogReadError":
                    return ErrorCategory.ReadError;
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        /// <summary>A role that cannot be designed as asked: a proof that failed is a wrong result, a conflict a refused operation, the rest bad arguments.</summary>
        public static ErrorRecord FromRoleDesign(TeleportMcp.Engine.RoleDesign.RoleDesignException e, string role)
        {
            ErrorCategory category;
            switch (e.Code)
            {
                case "ProofFailed": category = ErrorCategory.InvalidResult; break;
                case "LabelsNotExact":
                case "ToolConflict":
                case "NothingToGrant": category = ErrorCategory.InvalidOperation; break;
                default: category = ErrorCategory.InvalidArgument; break;
            }
            var record = new ErrorRecord(new InvalidOperationException(e.Message, e), e.Code, category, role);
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.Fix };
            return record;
        }

        /// <summary>The ErrorRecord for a failed tctl call: stable id per kind, honest category, tctl's stderr kept.</summary>
        public static ErrorRecord FromTctl(TctlException e, object target, string notFoundId)
        {
            string id;
            ErrorCategory category;
            string action;
            switch (e.Kind)
            {
                case TctlErrorKind.TctlNotFound:
                    id = "TctlNotFound"; category = ErrorCategory.ObjectNotFound;
                    action = "Install Teleport's tctl, or pass its location with -TctlPath.";
                    break;
                case TctlErrorKind.NotFound:
                    id = notFoundId; category = ErrorCategory.ObjectNotFound;
                    action = "Check the name with tctl get users (or roles, app_servers).";
                    break;
                case TctlErrorKind.AccessDenied:
                    id = "TctlAccessDenied"; category = ErrorCategory.PermissionDenied;
                    action = "Use an identity whose roles allow this on the user resource (for example the editor role).";
                    break;
                case TctlErrorKind.NotLoggedIn:
                    id = "TctlNotLoggedIn"; category = ErrorCategory.AuthenticationError;
                    action = "Run tsh login (tctl uses the tsh profile), or pass -IdentityFile with -AuthServer.";
                    break;
                case TctlErrorKind.Timeout:
                    id = "TctlTimeout"; category = ErrorCategory.OperationTimeout;
                    action = "Check that the auth server is reachable, or raise -TimeoutSec.";
                    break;
                case TctlErrorKind.ArgumentListTooLong:
                    id = "TctlArgumentListTooLong"; category = ErrorCategory.LimitsExceeded;
                    action = "Send fewer or shorter values in one call.";
                    break;
                case TctlErrorKind.InvalidOutput:
                    id = "TctlInvalidOutput"; category = ErrorCategory.InvalidData;
                    action = "Run the command by hand and compare its output with tctl get --format=json.";
                    break;
                default:
                    id = "TctlFailed"; category = ErrorCategory.InvalidOperation;
                    action = "Run the command by hand to see the whole output: " + e.CommandLine;
                    break;
            }
            var record = new ErrorRecord(e, id, category, target);
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = action };
            return record;
        }
    }
}
