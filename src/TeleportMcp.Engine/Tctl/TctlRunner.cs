using System;
using System.Collections.Generic;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>How to reach tctl and the cluster. Connection values are passed through to tctl unchanged.</summary>
    public sealed class TctlOptions
    {
        /// <summary>A tctl file, or a directory holding it; null to search PATH.</summary>
        public string? TctlPath { get; set; }

        /// <summary>--auth-server=VALUE (tool/tctl/common/tctl.go: auth or proxy address).</summary>
        public string? AuthServer { get; set; }

        /// <summary>--identity=FILE (-i): an identity file from 'tctl auth sign' (tctl then also needs --auth-server).</summary>
        public string? IdentityFile { get; set; }

        /// <summary>--config=FILE (-c): a teleport.yaml (kingpin ExistingFileVar: it must exist).</summary>
        public string? ConfigFile { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class TctlResult
    {
        public string? CommandLine { get; set; }
        public string? Stdout { get; set; }
        public string? Stderr { get; set; }
    }

    /// <summary>Runs tctl with an argument list, no shell, a timeout, and errors mapped to TctlErrorKind.</summary>
    public sealed class TctlRunner
    {
        private readonly TctlOptions _options;
        private readonly IHostPlatform _platform;
        private readonly IProcessRunner _launcher;
        private string? _executable;

        public TctlRunner(TctlOptions options, IHostPlatform? platform = null, IProcessRunner? launcher = null)
        {
            _options = options ?? new TctlOptions();
            _platform = platform ?? HostPlatform.Current;
            _launcher = launcher ?? ProcessRunner.Instance;
        }

        public CancellationToken Cancel { get; set; }

        /// <summary>The tctl file that runs; throws TctlException(TctlNotFound) when there is none.</summary>
        public string Executable
        {
            get
            {
                if (_executable != null) return _executable;
                var found = Find(_options.TctlPath, HostPlatform.StopWith(_platform, Cancel));
                if (!found.Found)
                {
                    string where = string.IsNullOrEmpty(_options.TctlPath)
                        ? "on PATH (" + (_platform.IsWindows ? "tctl with the PATHEXT extensions" : "tctl") + ")"
                        : "at " + _options.TctlPath;
                    throw new TctlException(TctlErrorKind.TctlNotFound, "tctl was not found " + where + ".");
                }
                if (string.IsNullOrEmpty(_options.TctlPath) && !OsPath.IsRooted(_platform.Os, found.Path))
                    throw new TctlException(TctlErrorKind.TctlNotFound,
                        "tctl on PATH resolves to " + found.Path + " through a relative PATH entry ('.' or empty), which Go's exec.LookPath refuses (exec.ErrDot); name tctl with -TctlPath.");
                if (found.Kind == CommandKind.Batch)
                    throw new TctlException(TctlErrorKind.TctlNotFound,
                        "tctl resolves to the batch file " + found.Path + "; batch files run through cmd.exe, whose parsing would change the arguments. Point -TctlPath at tctl.exe.");
                _executable = found.Path;
                return _executable;
            }
        }

        /// <summary>
        /// tctl's lookup: Go's LookPath rules (PATH, PATHEXT) on <paramref name="tctlPath"/> (a file, or a directory
        /// holding tctl), or on "tctl" when it is empty. Refusing batch files is left to the caller.
        /// </summary>
        public static CommandResolution Find(string? tctlPath, IHostPlatform platform)
        {
            platform = platform ?? HostPlatform.Current;
            string command = StringChecks.IsNullOrEmpty(tctlPath) ? "tctl"
                : platform.DirectoryExists(tctlPath) ? LookPath.Join(tctlPath, "tctl", platform.IsWindows)
                : tctlPath;
            return LookPath.Resolve(command, platform.Environment, platform);
        }

        /// <summary>
        /// Global flags first (kingpin accepts them anywhere), then the command. Each value is attached to its long flag
        /// (<see cref="ChildArguments.Kingpin"/>): an -AuthServer of '--insecure' is the auth server's address, not a flag.
        /// </summary>
        public List<string> BuildArguments(IEnumerable<string> command)
        {
            var args = new List<string>();
            // tool/tctl/common/tctl.go: app.Flag("auth-server"), Flag("identity").Short('i'), Flag("config").Short('c').
            if (!StringChecks.IsNullOrEmpty(_options.AuthServer)) args.Add(ChildArguments.Kingpin("auth-server", _options.AuthServer));
            if (!StringChecks.IsNullOrEmpty(_options.IdentityFile)) args.Add(ChildArguments.Kingpin("identity", _options.IdentityFile));
            if (!StringChecks.IsNullOrEmpty(_options.ConfigFile)) args.Add(ChildArguments.Kingpin("config", _options.ConfigFile));
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
            var result = _launcher.Run(exe, args, null, _options.Timeout, Cancel);
            if (result.StartError != null && result.ArgumentListTooLong)
                throw new TctlException(TctlErrorKind.ArgumentListTooLong,
                    "the operating system refused to start tctl with " + args.Count + " arguments (" + CommandLine.Join(args).Length +
                    " characters): " + result.StartError + ". Send fewer or shorter values.", BoundedCapture.Shorten(display), result.ExitCode, "");
            if (result.StartError != null)
                throw new TctlException(TctlErrorKind.TctlNotFound, "tctl (" + exe + ") could not be started: " + result.StartError, display, result.ExitCode, "");
            if (result.TimedOut)
            {
                if (Cancel.IsCancellationRequested)
                    throw new OperationCanceledException("stopped while running " + display);
                if (result.OutputIncomplete)
                    throw new TctlException(TctlErrorKind.Timeout,
                        "tctl exited with code " + result.ExitCode + ", but its output did not end within " + _options.Timeout.TotalSeconds +
                        " s (a process it started may hold it open); the output was not used: " + display, display, result.ExitCode, result.Stderr);
                throw new TctlException(TctlErrorKind.Timeout,
                    "tctl did not finish within " + _options.Timeout.TotalSeconds + " s and was ended: " + display, display, result.ExitCode, result.Stderr);
            }
            if (result.ExitCode != 0)
            {
                var kind = TctlErrorCatalog.Classify(result.Stderr);
                string message = BoundedCapture.Shorten(TctlErrorCatalog.Message(result.Stderr));
                if (message.Length == 0) message = "(no error text)";
                throw new TctlException(kind, "tctl exited with code " + result.ExitCode + ": " + message, display, result.ExitCode, result.Stderr);
            }
            if (result.StdoutTruncated)
                throw new TctlException(TctlErrorKind.InvalidOutput,
                    "tctl printed " + result.StdoutChars + " characters, more than the module reads (" + Limits.Current.Describe(nameof(Limits.ChildStdoutHeadChars)) + "); the output was not used: " + display, display, result.ExitCode, result.Stderr);
            return new TctlResult { CommandLine = display, Stdout = result.Stdout, Stderr = result.Stderr };
        }
    }
}
