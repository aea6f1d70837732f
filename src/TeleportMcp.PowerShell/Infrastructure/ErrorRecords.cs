using System;
using System.IO;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Builds the module's ErrorRecords: stable ids, honest categories, and the location in ErrorDetails.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord InvalidInput(string errorId, string message, string location, ErrorCategory category, string recommendedAction = null)
        {
            string full = string.IsNullOrEmpty(location) ? message : location + ": " + message;
            var record = new ErrorRecord(new InvalidDataException(full), errorId, category, location);
            record.ErrorDetails = new ErrorDetails(full);
            if (recommendedAction != null) record.ErrorDetails.RecommendedAction = recommendedAction;
            return record;
        }

        /// <summary>A reader's error about one document or file; the other documents were read.</summary>
        public static ErrorRecord FromDiagnostic(ResourceDiagnostic d, string recommendedAction) =>
            InvalidInput(d.Code, d.Message, d.Location?.ToString(), CategoryFor(d.Code), recommendedAction);

        /// <summary>A known-error catalog problem.</summary>
        public static ErrorRecord FromInput(TeleportInputException e, string recommendedAction) =>
            InvalidInput(e.Code, e.Detail, e.Location?.ToString(), CategoryFor(e.Code), recommendedAction);

        /// <summary>The category that fits an engine diagnostic code.</summary>
        public static ErrorCategory CategoryFor(string code)
        {
            switch (code)
            {
                case "YamlParseError":
                case "JsonParseError":
                case "CatalogParseError":
                    return ErrorCategory.ParserError;
                case "FileReadError":
                case "CatalogReadError":
                case "LogReadError":
                    return ErrorCategory.ReadError;
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        public static ErrorRecord Wrap(Exception e, string errorId, ErrorCategory category, object target) =>
            new ErrorRecord(e, errorId, category, target);

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
