namespace TeleportMcp.Engine.Probe
{
    public enum CheckStatus
    {
        Pass,
        Warn,
        Fail,
        Skipped,
        /// <summary>The check could not decide (e.g. the probe cannot authenticate the way Teleport would); the message says why.</summary>
        Indeterminate,
    }

    /// <summary>One static check of one app.</summary>
    public sealed class AppCheckResult
    {
        public AppCheckResult(string app, string check, CheckStatus status, string message, string fix = null)
        {
            App = app;
            Check = check;
            Status = status;
            Message = message;
            Fix = fix;
        }

        public string App { get; }
        public string Check { get; }
        public CheckStatus Status { get; }
        public string Message { get; }
        public string Fix { get; }

        /// <summary>For a Fail that Teleport would hit before starting the process: the error text Teleport would log.</summary>
        public bool BlocksSpawn { get; set; }

        public override string ToString() => Status + " " + Check + ": " + Message;
    }
}
