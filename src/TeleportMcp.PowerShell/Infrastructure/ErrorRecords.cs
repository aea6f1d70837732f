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
        /// <summary>The categories of input that cannot be used: their errors keep the engine's exception, which carries the position (Location, LineText).</summary>
        internal static readonly System.Collections.Generic.HashSet<ErrorCategory> InputErrorCategories = new System.Collections.Generic.HashSet<ErrorCategory>
        {
            ErrorCategory.InvalidData, ErrorCategory.ParserError, ErrorCategory.SyntaxError, ErrorCategory.ReadError,
            ErrorCategory.ObjectNotFound, ErrorCategory.InvalidArgument,
        };

        /// <summary>
        /// Input that cannot be used: a broken document, an unreadable file, a name that is not there.
        /// An engine error whose category is not one of input (a host unreachable, a module not installed, a relayed
        /// host error) gets the category's exception type from the table, the engine's exception as its inner one.
        /// </summary>
        public static ErrorRecord FromInput(TeleportInputException e, string recommendedAction = null, object target = null)
        {
            var category = CategoryOf(e);
            var exception = InputErrorCategories.Contains(category) ? e : Exceptions[category].Make(e.Message, e);
            var record = new ErrorRecord(exception, e.Code, category, target ?? e.Target);
            record.ErrorDetails = new ErrorDetails(e.Message);
            if ((recommendedAction ?? e.RecommendedAction) != null) record.ErrorDetails.RecommendedAction = recommendedAction ?? e.RecommendedAction;
            return record;
        }

        /// <summary>PowerShell's own "argument is null or empty" error, word for word, with the parameter's name as its target.</summary>
        public static ErrorRecord NullOrEmptyArgument(string parameter) =>
            Create(new ParameterBindingException("Cannot validate argument on parameter '" + parameter + "'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again."),
                "ParameterArgumentValidationError", "-" + parameter, category: ErrorCategory.InvalidData);

        /// <summary>A reader's error about one document or file; the other documents were read.</summary>
        public static ErrorRecord FromDiagnostic(ResourceDiagnostic d, string recommendedAction) =>
            FromInput(new TeleportInputException(d.Code, d.Message, d.Location) { LineText = d.LineText }, d.RecommendedAction ?? recommendedAction);

        /// <summary>An error the module states itself: the category names the exception type (built here from the table), the cause kept as its inner exception.</summary>
        public static ErrorRecord Create(ErrorCategory category, string errorId, string message, object target, Exception cause = null, string recommendedAction = null, string detail = null) =>
            Record(Exceptions[category].Make(message, cause), errorId, category, target, recommendedAction, detail);

        /// <summary>
        /// An exception a call threw: the category follows from its type (CategoryOf), or is the one given; an exception
        /// that is not of the category's type becomes the inner exception of one that is.
        /// </summary>
        public static ErrorRecord Create(Exception e, string errorId, object target, string recommendedAction = null, ErrorCategory? category = null, string detail = null)
        {
            var c = category ?? CategoryOf(e);
            var exception = Matches(c, e) ? e : Exceptions[c].Make(e.Message, e);
            return Record(exception, errorId, c, target ?? (e as TeleportInputException)?.Target, recommendedAction, detail);
        }

        private static ErrorRecord Record(Exception e, string errorId, ErrorCategory category, object target, string recommendedAction, string detail)
        {
            var record = new ErrorRecord(e, errorId, category, target);
            if (recommendedAction != null || detail != null) record.ErrorDetails = new ErrorDetails(detail ?? e.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        /// <summary>
        /// The exception type of each category, the one PowerShell itself raises with it, and how to make one (message,
        /// inner exception); Also lists other types PowerShell uses with the category (its parameter binder's InvalidData).
        /// </summary>
        internal static readonly System.Collections.Generic.IReadOnlyDictionary<ErrorCategory, (Type Type, Func<string, Exception, Exception> Make, Type Also)> Exceptions =
            new System.Collections.Generic.Dictionary<ErrorCategory, (Type, Func<string, Exception, Exception>, Type)>
        {
            // Path and item lookups (Get-Item, Resolve-Path).
            [ErrorCategory.ObjectNotFound] = (typeof(ItemNotFoundException), (m, i) => new ItemNotFoundException(m, i), null),
            [ErrorCategory.InvalidArgument] = (typeof(ArgumentException), (m, i) => new ArgumentException(m, i), null),
            [ErrorCategory.InvalidData] = (typeof(InvalidDataException), (m, i) => new InvalidDataException(m, i), typeof(ParameterBindingException)),
            [ErrorCategory.InvalidOperation] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.InvalidResult] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.ParserError] = (typeof(FormatException), (m, i) => new FormatException(m, i), null),
            [ErrorCategory.ReadError] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            [ErrorCategory.WriteError] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            // New-Item on a file that exists.
            [ErrorCategory.ResourceExists] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            [ErrorCategory.PermissionDenied] = (typeof(UnauthorizedAccessException), (m, i) => new UnauthorizedAccessException(m, i), null),
            [ErrorCategory.AuthenticationError] = (typeof(System.Security.Authentication.AuthenticationException), (m, i) => new System.Security.Authentication.AuthenticationException(m, i), null),
            [ErrorCategory.OperationTimeout] = (typeof(TimeoutException), (m, i) => new TimeoutException(m, i), null),
            [ErrorCategory.OperationStopped] = (typeof(OperationCanceledException), (m, i) => new OperationCanceledException(m, i), null),
            [ErrorCategory.LimitsExceeded] = (typeof(ArgumentOutOfRangeException), (m, i) => new ArgumentOutOfRangeException(m, i), null),
            // New-PSSession and Invoke-Command report a host they cannot reach with it.
            [ErrorCategory.ConnectionError] = (typeof(System.Management.Automation.Remoting.PSRemotingTransportException),
                (m, i) => new System.Management.Automation.Remoting.PSRemotingTransportException(m, i), null),
            // Import-Module reports a module that is not installed with it.
            [ErrorCategory.NotInstalled] = (typeof(FileNotFoundException), (m, i) => new FileNotFoundException(m, i), null),
            [ErrorCategory.NotImplemented] = (typeof(NotSupportedException), (m, i) => new NotSupportedException(m, i), null),
            [ErrorCategory.OpenError] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            [ErrorCategory.CloseError] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            [ErrorCategory.DeviceError] = (typeof(IOException), (m, i) => new IOException(m, i), null),
            [ErrorCategory.SyntaxError] = (typeof(FormatException), (m, i) => new FormatException(m, i), null),
            [ErrorCategory.InvalidType] = (typeof(InvalidCastException), (m, i) => new InvalidCastException(m, i), null),
            [ErrorCategory.MetadataError] = (typeof(MetadataException), (m, i) => new MetadataException(m, i), null),
            [ErrorCategory.SecurityError] = (typeof(System.Security.SecurityException), (m, i) => new System.Security.SecurityException(m, i), null),
            [ErrorCategory.DeadlockDetected] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.ResourceBusy] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.ResourceUnavailable] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.QuotaExceeded] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.ProtocolError] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            [ErrorCategory.NotEnabled] = (typeof(InvalidOperationException), (m, i) => new InvalidOperationException(m, i), null),
            // A native command's stderr (NativeCommandError).
            [ErrorCategory.FromStdErr] = (typeof(RemoteException), (m, i) => new RemoteException(m, i), null),
            // A failure nobody foresaw keeps its own exception; a made one is what PowerShell's throw "text" makes.
            [ErrorCategory.NotSpecified] = (typeof(Exception), (m, i) => new RuntimeException(m, i), null),
        };

        /// <summary>
        /// Whether the exception is of the category's type. The engine's input exception is the one other form: it carries
        /// the position (Location, LineText), and its category follows from its code.
        /// </summary>
        internal static bool Matches(ErrorCategory category, Exception e)
        {
            if (e is TeleportInputException) return CategoryOf(e) == category;
            if (!Exceptions.TryGetValue(category, out var kind)) return false;
            return kind.Type.IsInstanceOfType(e) || (kind.Also != null && kind.Also.IsInstanceOfType(e));
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
                // PowerShell's own records of these say ObjectNotFound: the drive or provider named is not there.
                case System.Management.Automation.DriveNotFoundException _: return ErrorCategory.ObjectNotFound;
                case ProviderNotFoundException _: return ErrorCategory.ObjectNotFound;
                case FileNotFoundException _: return ErrorCategory.ObjectNotFound;
                case DirectoryNotFoundException _: return ErrorCategory.ObjectNotFound;
                case UnauthorizedAccessException _: return ErrorCategory.PermissionDenied;
                case InvalidDataException _: return ErrorCategory.InvalidData;
                case IOException _: return ErrorCategory.ReadError;
                case TimeoutException _: return ErrorCategory.OperationTimeout;
                case OperationCanceledException _: return ErrorCategory.OperationStopped;
                case ArgumentException _: return ErrorCategory.InvalidArgument;
                case FormatException _: return ErrorCategory.ParserError;
                case NotSupportedException _: return ErrorCategory.NotImplemented;
                case InvalidOperationException _: return ErrorCategory.InvalidOperation;
                case System.Security.Authentication.AuthenticationException _: return ErrorCategory.AuthenticationError;
                case System.Management.Automation.Remoting.PSRemotingTransportException _: return ErrorCategory.ConnectionError;
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
            [TeleportMcp.Engine.Diagnosis.DiagnosisGate.InputUnreadableCode] = ErrorCategory.ReadError,
            ["DiagnosisFailed"] = ErrorCategory.InvalidResult,
            [TeleportMcp.Engine.Output.OutFiles.ExistsCode] = ErrorCategory.ResourceExists,
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
            return Create(category, e.Code, e.Message, role, e, e.Fix, e.Message);
        }

        /// <summary>How each kind of refused Set-TeleportMcpTools update is reported: its category; any other is a bad argument.</summary>
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
            var record = Create(category, e.Code, e.Message, e.User);
            record.ErrorDetails = new ErrorDetails(e.Detail) { RecommendedAction = e.RecommendedAction };
            return record;
        }
    }
}
