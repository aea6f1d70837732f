using System;
using System.Collections.Generic;
using System.Threading;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>How to reach tctl and the cluster. Connection values are passed through to tctl unchanged.</summary>
    public sealed class TctlOptions
    {
        /// <summary>A tctl file, or a directory holding it; null to search PATH.</summary>
        public string TctlPath { get; set; }

        /// <summary>--auth-server (tool/tctl/common/tctl.go: auth or proxy address).</summary>
        public string AuthServer { get; set; }

        /// <summary>-i / --identity: an identity file from 'tctl auth sign' (tctl then also needs --auth-server).</summary>
        public string IdentityFile { get; set; }

        /// <summary>-c / --config: a teleport.yaml (kingpin ExistingFileVar: it must exist).</summary>
        public string ConfigFile { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class TctlResult
    {
        public string CommandLine { get; set; }
        public string Stdout { get; set; }
        public string Stderr { get; set; }
    }

    /// <summary>Runs tctl with an argument list, no shell, a timeout, and errors mapped to TctlErrorKind.</summary>
    public sealed class TctlRunner
    {
        private readonly TctlOptions _options;
        private readonly IPlatform _platform;
        private readonly IProcessLauncher _launcher;
        private string _executable;

        public TctlRunner(TctlOptions options, IPlatform platform = null, IProcessLauncher launcher = null)
        {
            _options = options ?? new TctlOptions();
            _platform = platform ?? PlatformInfo.Current;
            _launcher = launcher ?? new ProcessLauncher(_platform);
        }

        public CancellationToken Cancel { get; set; }

        /// <summary>The tctl file that runs; throws TctlException(TctlNotFound) when there is none.</summary>
        public string Executable
        {
            get
            {
                if (_executable != null) return _executable;
                var tried = new List<string>();
                var found = ExecutableResolver.Resolve("tctl", _options.TctlPath, _platform, tried);
                if (found == null)
                {
                    string where = string.IsNullOrEmpty(_options.TctlPath)
                        ? "on PATH (" + (_platform.IsWindows ? "tctl with the PATHEXT extensions" : "tctl") + ")"
                        : "at " + _options.TctlPath;
                    throw new TctlException(TctlErrorKind.TctlNotFound, "tctl was not found " + where + ".");
                }
                if (_platform.IsWindows && ExecutableResolver.IsBatchFile(found))
                    throw new TctlException(TctlErrorKind.TctlNotFound,
                        "tctl resolves to the batch file " + found + "; batch files run through cmd.exe, whose parsing would change the arguments. Point -TctlPath at tctl.exe.");
                _executable = found;
                return found;
            }
        }

        /// <summary>Global flags first (kingpin accepts them anywhere), then the command.</summary>
        public List<string> BuildArguments(IEnumerable<string> command)
        {
            var args = new List<string>();
            if (!string.IsNullOrEmpty(_options.AuthServer)) { args.Add("--auth-server"); args.Add(_options.AuthServer); }
            if (!string.IsNullOrEmpty(_options.IdentityFile)) { args.Add("-i"); args.Add(_options.IdentityFile); }
            if (!string.IsNullOrEmpty(_options.ConfigFile)) { args.Add("-c"); args.Add(_options.ConfigFile); }
            args.AddRange(command);
            return args;
        }

        /// <summary>How the call is shown to people (verbose output, error messages).</summary>
        public string Display(IEnumerable<string> command) => CommandLine.Join(new[] { "tctl" }) + " " + CommandLine.Join(BuildArguments(command));

        public TctlResult Run(params string[] command)
        {
            string exe = Executable;
            var args = BuildArguments(command);
            string display = Display(command);
            var result = _launcher.Run(exe, args, _options.Timeout, Cancel);
            if (result.TimedOut)
            {
                if (Cancel.IsCancellationRequested)
                    throw new OperationCanceledException("stopped while running " + display);
                throw new TctlException(TctlErrorKind.Timeout,
                    "tctl did not finish within " + _options.Timeout.TotalSeconds + " s and was ended: " + display, display, result.ExitCode, result.Stderr);
            }
            if (result.ExitCode != 0)
            {
                var kind = TctlErrorCatalog.Classify(result.Stderr);
                string message = TctlErrorCatalog.Message(result.Stderr);
                if (message.Length == 0) message = "(no error text)";
                throw new TctlException(kind, "tctl exited with code " + result.ExitCode + ": " + message, display, result.ExitCode, result.Stderr);
            }
            return new TctlResult { CommandLine = display, Stdout = result.Stdout, Stderr = result.Stderr };
        }
    }
}
