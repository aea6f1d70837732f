using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.Tctl;

namespace TeleportMcp.Infrastructure
{
    /// <summary>How to call tctl, as the cmdlets' common parameters give it. No engine types.</summary>
    internal sealed class TctlSettings
    {
        public string TctlPath;
        public string AuthServer;
        public string IdentityFile;
        public string ConfigFile;
        public int TimeoutSec = 30;
        public CancellationToken Cancel;
    }

    /// <summary>A failed tctl call, with the engine's TctlErrorKind as a string.</summary>
    internal sealed class TctlFailure : Exception
    {
        public TctlFailure(string kind, string message, string commandLine, string stderr, Exception inner)
            : base(message, inner)
        {
            Kind = kind;
            CommandLine = commandLine;
            Stderr = stderr;
        }

        public string Kind { get; }
        public string CommandLine { get; }
        public string Stderr { get; }
    }

    internal sealed class ToolIssue
    {
        public bool IsError;
        public string Code;
        public string Message;
    }

    /// <summary>The tctl side of the engine, behind module types only.</summary>
    internal static class TctlBridge
    {
        private static TctlClient Client(TctlSettings s)
        {
            var runner = new TctlRunner(new TctlOptions
            {
                TctlPath = s.TctlPath,
                AuthServer = s.AuthServer,
                IdentityFile = s.IdentityFile,
                ConfigFile = s.ConfigFile,
                Timeout = TimeSpan.FromSeconds(s.TimeoutSec),
            }) { Cancel = s.Cancel };
            return new TctlClient(runner);
        }

        private static TctlFailure Wrap(TctlException e) =>
            new TctlFailure(e.Kind.ToString(), e.Message, e.CommandLine, e.Stderr, e);

        /// <summary>The tctl that will run; throws TctlFailure("TctlNotFound").</summary>
        public static string Resolve(TctlSettings s)
        {
            try { return Client(s).Runner.Executable; }
            catch (TctlException e) { throw Wrap(e); }
        }

        public static string Display(TctlSettings s, params string[] command) => Client(s).Runner.Display(command);

        /// <summary>tctl get users/NAME, as a UserTools.</summary>
        public static UserTools GetUserTools(TctlSettings s, string name)
        {
            try
            {
                var user = Client(s).GetUser(name);
                return new UserTools
                {
                    User = user.Name,
                    Tools = TctlClient.McpTools(user).Where(t => !string.IsNullOrEmpty(t)).ToArray(),
                    Roles = user.Roles.ToArray(),
                };
            }
            catch (TctlException e) { throw Wrap(e); }
        }

        /// <summary>tctl users update NAME --set-mcp-tools=...; returns tctl's output.</summary>
        public static string SetMcpTools(TctlSettings s, string user, string[] tools)
        {
            try { return Client(s).SetMcpTools(user, tools); }
            catch (TctlException e) { throw Wrap(e); }
        }

        /// <summary>tctl get REF --format=json, mapped like Import-TeleportResource.</summary>
        public static List<ResourceBridge.Item> Get(TctlSettings s, string reference)
        {
            try
            {
                var output = Client(s).Runner.Run("get", reference, "--format=json").Stdout;
                if (string.IsNullOrWhiteSpace(output)) return new List<ResourceBridge.Item>();
                return ResourceBridge.ReadText(output, "tctl get " + reference).ToList();
            }
            catch (TctlException e) { throw Wrap(e); }
        }

        public static string UpdateCommandDisplay(TctlSettings s, string user, string[] tools) =>
            Client(s).Runner.Display(McpToolsPlan.UpdateArguments(user, tools));

        public static List<ToolIssue> Validate(IEnumerable<string> entries, string mode) =>
            McpToolsPlan.Validate(entries, Mode(mode))
                .Select(i => new ToolIssue { IsError = i.IsError, Code = i.Code, Message = i.Message }).ToList();

        public static string[] Compute(IEnumerable<string> current, IEnumerable<string> requested, string mode) =>
            McpToolsPlan.Compute(current, requested, Mode(mode)).ToArray();

        public static bool SameTools(IEnumerable<string> a, IEnumerable<string> b) => McpToolsPlan.SameTools(a, b);

        /// <summary>Warnings for removed tools an entry of the trait still grants.</summary>
        public static IEnumerable<string> StillGranted(string user, IEnumerable<string> after, IEnumerable<string> removed) =>
            McpToolsPlan.StillGranted(user, after, removed).Select(g => g.Message);

        public static string CheckUserName(string user) => McpToolsPlan.CheckUserName(user);

        public static string Format(IEnumerable<string> tools) => McpToolsPlan.Format(tools);

        private static McpToolsMode Mode(string mode) => (McpToolsMode)Enum.Parse(typeof(McpToolsMode), mode);

        /// <summary>The ErrorRecord for a failed call: stable id per kind, honest category, tctl's stderr kept.</summary>
        public static ErrorRecord ToErrorRecord(TctlFailure f, object target, string notFoundId)
        {
            string id;
            ErrorCategory category;
            string action;
            switch (f.Kind)
            {
                case "TctlNotFound":
                    id = "TctlNotFound"; category = ErrorCategory.ObjectNotFound;
                    action = "Install Teleport's tctl, or pass its location with -TctlPath.";
                    break;
                case "NotFound":
                    id = notFoundId; category = ErrorCategory.ObjectNotFound;
                    action = "Check the name with tctl get users (or roles, app_servers).";
                    break;
                case "AccessDenied":
                    id = "TctlAccessDenied"; category = ErrorCategory.PermissionDenied;
                    action = "Use an identity whose roles allow this on the user resource (for example the editor role).";
                    break;
                case "NotLoggedIn":
                    id = "TctlNotLoggedIn"; category = ErrorCategory.AuthenticationError;
                    action = "Run tsh login (tctl uses the tsh profile), or pass -IdentityFile with -AuthServer.";
                    break;
                case "Timeout":
                    id = "TctlTimeout"; category = ErrorCategory.OperationTimeout;
                    action = "Check that the auth server is reachable, or raise -TimeoutSec.";
                    break;
                case "InvalidOutput":
                    id = "TctlInvalidOutput"; category = ErrorCategory.InvalidData;
                    action = "Run the command by hand and compare its output with tctl get --format=json.";
                    break;
                default:
                    id = "TctlFailed"; category = ErrorCategory.InvalidOperation;
                    action = "Run the command by hand to see the whole output: " + f.CommandLine;
                    break;
            }
            var record = new ErrorRecord(f, id, category, target);
            record.ErrorDetails = new ErrorDetails(f.Message) { RecommendedAction = action };
            return record;
        }
    }
}
