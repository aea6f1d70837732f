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
            // An error that came with its category (one a remote host wrote) keeps it.
            if (e is TeleportInputException { Category: string named } && Enum.TryParse(named, out ErrorCategory given) && Enum.IsDefined(typeof(ErrorCategory), given)) return given;
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

        /// <summary>The category of an input error code; any other code is InvalidData.</summary>
        private static readonly System.Collections.Generic.Dictionary<string, ErrorCategory> InputCategories = new System.Collections.Generic.Dictionary<string, ErrorCategory>
        {
            ["YamlParseError"] = ErrorCategory.ParserError,
            ["JsonParseError"] = ErrorCategory.ParserError,
            ["CatalogParseError"] = ErrorCategory.ParserError,
            ["ClientConfigParseError"] = ErrorCategory.ParserError,
            ["MalformedAuditEvent"] = ErrorCategory.ParserError,
            ["FileReadError"] = ErrorCategory.ReadError,
            ["CatalogReadError"] = ErrorCategory.ReadError,
            ["LogReadError"] = ErrorCategory.ReadError,
            ["DiagnosisFailed"] = ErrorCategory.InvalidResult,
            [TeleportMcp.Engine.Fleet.FleetRun.HostUnreachableCode] = ErrorCategory.ConnectionError,
            [TeleportMcp.Engine.Fleet.FleetRun.HostModuleMissingCode] = ErrorCategory.NotInstalled,
        };

        private static ErrorCategory CategoryFor(string code) => InputCategories.TryGetValue(code ?? "", out var c) ? c : ErrorCategory.InvalidData;

        /// <summary>A role design error's category: a proof that failed is a wrong result, a conflict a refused operation; any other is a bad argument.</summary>
        private static readonly System.Collections.Generic.Dictionary<string, ErrorCategory> RoleDesignCategories = new System.Collections.Generic.Dictionary<string, ErrorCategory>
        {
            ["ProofFailed"] = ErrorCategory.InvalidResult,
            ["LabelsNotExact"] = ErrorCategory.InvalidOperation,
            ["ToolConflict"] = ErrorCategory.InvalidOperation,
            ["NothingToGrant"] = ErrorCategory.InvalidOperation,
        };

        /// <summary>A role that cannot be designed as asked: a proof that failed is a wrong result, a conflict a refused operation, the rest bad arguments.</summary>
        public static ErrorRecord FromRoleDesign(TeleportMcp.Engine.RoleDesign.RoleDesignException e, string role)
        {
            var category = RoleDesignCategories.TryGetValue(e.Code ?? "", out var c) ? c : ErrorCategory.InvalidArgument;
            var record = new ErrorRecord(new InvalidOperationException(e.Message, e), e.Code, category, role);
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.Fix };
            return record;
        }

        /// <summary>How each kind of refused Set-TeleportMcpTools update is reported: category (and the exception type it stands for); any other is a bad argument.</summary>
        private static readonly System.Collections.Generic.Dictionary<McpToolsUpdateProblem, ErrorCategory> McpToolsProblems =
            new System.Collections.Generic.Dictionary<McpToolsUpdateProblem, ErrorCategory>
            {
                [McpToolsUpdateProblem.TooLong] = ErrorCategory.LimitsExceeded,
                [McpToolsUpdateProblem.LostUpdate] = ErrorCategory.InvalidResult,
            };

        /// <summary>A user Set-TeleportMcpTools left unchanged: the engine's id, the user as target, the detail and what to do.</summary>
        public static ErrorRecord FromMcpToolsUpdate(McpToolsUpdateError e)
        {
            var category = McpToolsProblems.TryGetValue(e.Problem, out var c) ? c : ErrorCategory.InvalidArgument;
            Exception exception = e.Problem == McpToolsUpdateProblem.LostUpdate ? new InvalidOperationException(e.Message) : new ArgumentException(e.Message);
            var record = Create(exception, e.Code, e.User, category: category);
            record.ErrorDetails = new ErrorDetails(e.Detail) { RecommendedAction = e.RecommendedAction };
            return record;
        }

        /// <summary>How each kind of tctl failure is reported: id, category and what to do. Any other kind is TctlFailed.</summary>
        private static readonly System.Collections.Generic.Dictionary<TctlErrorKind, (string Id, ErrorCategory Category, string Action)> TctlErrors =
            new System.Collections.Generic.Dictionary<TctlErrorKind, (string, ErrorCategory, string)>
            {
                [TctlErrorKind.TctlNotFound] = ("TctlNotFound", ErrorCategory.ObjectNotFound, "Install Teleport's tctl, or pass its location with -TctlPath."),
                // The id of a name that is not there is the caller's (UserNotFound, RoleNotFound, ...).
                [TctlErrorKind.NotFound] = (null, ErrorCategory.ObjectNotFound, "Check the name with tctl get users (or roles, app_servers)."),
                [TctlErrorKind.AccessDenied] = ("TctlAccessDenied", ErrorCategory.PermissionDenied, "Use an identity whose roles allow this on the user resource (for example the editor role)."),
                [TctlErrorKind.NotLoggedIn] = ("TctlNotLoggedIn", ErrorCategory.AuthenticationError, "Run tsh login (tctl uses the tsh profile), or pass -IdentityFile with -AuthServer."),
                [TctlErrorKind.Timeout] = ("TctlTimeout", ErrorCategory.OperationTimeout, "Check that the auth server is reachable, or raise -TimeoutSec."),
                [TctlErrorKind.ArgumentListTooLong] = ("TctlArgumentListTooLong", ErrorCategory.LimitsExceeded, "Send fewer or shorter values in one call."),
                [TctlErrorKind.InvalidOutput] = ("TctlInvalidOutput", ErrorCategory.InvalidData, "Run the command by hand and compare its output with tctl get --format=json."),
            };

        /// <summary>The ErrorRecord for a failed tctl call: stable id per kind, honest category, tctl's stderr kept.</summary>
        public static ErrorRecord FromTctl(TctlException e, object target, string notFoundId)
        {
            var (id, category, action) = TctlErrors.TryGetValue(e.Kind, out var known)
                ? known
                : ("TctlFailed", ErrorCategory.InvalidOperation, "Run the command by hand to see the whole output: " + e.CommandLine);
            var record = new ErrorRecord(e, id ?? notFoundId, category, target);
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = action };
            return record;
        }
    }
}
