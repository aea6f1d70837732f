using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Infrastructure;
using TeleportMcp.Transport;

namespace TeleportMcp.Commands
{
    /// <summary>Find-TeleportMcpError: known MCP failures in Teleport, tsh and MCP client logs.</summary>
    [Cmdlet(VerbsCommon.Find, "TeleportMcpError", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(Finding), typeof(FindingSummary))]
    public sealed class FindTeleportMcpErrorCommand : TeleportMcpCommand
    {
        private const int ProgressId = 0x7E1F;
        private ProgressWriter _progress;
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string LineSet = "InputObject";

        private KnownErrorCatalog _catalog;
        // The lines piped in, through the engine's one scan, each source file its own input (PipedLogLines).
        private PipedLogLines _pipeline;
        private readonly FindingSummaries _summary = new FindingSummaries();

        /// <summary>Log files or folders; wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        // ProviderPath: Resolve-Path output (PathInfo) binds here, not as text.
        [Alias("PSPath", "LP", "ProviderPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// <summary>Log lines from the pipeline (journalctl, Get-Content, tsh output).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LineSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        [AllowNull]
        public string InputObject { get; set; }

        /// <summary>Accepted so existing scripts run: folders are always read at every level (LogFiles.Folders).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Admin catalog files whose entries add to or override the built-in ones; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] CatalogPath { get; set; }

        /// <summary>Admin catalog files taken exactly as written (no wildcards).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] LiteralCatalogPath { get; set; }

        /// <summary>Output one TeleportMcp.FindingSummary per id and app instead of each finding.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void BeginProcessing()
        {
            _progress = new ProgressWriter(this, ProgressId, "Find-TeleportMcpError");
            // A piped line whose read cannot be told (deserialized, counted from 0), or a read of a file named as another but for case: said.
            _blocks.Warning = EmitWarning;
            var adminFiles = new List<string>();
            if (CatalogPath != null)
                adminFiles.AddRange(PathResolver.ResolveFiles(this, "-CatalogPath", CatalogPath, false, KnownErrorCatalog.Folders));
            if (LiteralCatalogPath != null)
                adminFiles.AddRange(PathResolver.ResolveFiles(this, "-CatalogPath", LiteralCatalogPath, true, KnownErrorCatalog.Folders));
            var problems = new List<TeleportInputException>();
            _catalog = KnownErrorCatalog.Load(adminFiles, problems);
            _catalog.PatternTimedOut = e => EmitError(ErrorRecords.FromInput(e));
            _catalog.PatternUndecided = e => EmitError(ErrorRecords.FromInput(e));
            foreach (var p in problems)
                EmitError(ErrorRecords.FromInput(p, "Fix the catalog entry at " + p.Location + "; the other entries are used."));
            WriteVerbose("Catalog: " + _catalog.Entries.Count + " known errors.");
        }

        protected override void ProcessRecord()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case LineSet:
                        var current = PipedLine.Current(this);
                        if (FeedLines(current)) break;
                        var (file, line, newRead) = PipedLine.Source(current, InputObject, _blocks);
                        Pipeline().Feed(InputObject, file, line, newRead);
                        break;
                    case LiteralPathSet:
                        // Get-Content -ReadCount's blocks bind here by their PSPath: they are lines, not the file again.
                        if (FeedLines(PipedLine.Current(this))) break;
                        ScanFiles(PathResolver.ResolveFiles(this, "-Path", LiteralPath, true, LogFiles.Folders));
                        break;
                    default:
                        if (Path == null) LogFiles.ScanClientFolders(HostPlatform.Current, ScanFiles, WriteVerbose, EmitWarning);
                        else ScanFiles(PathResolver.ResolveFiles(this, "-Path", Path, false, LogFiles.Folders));
                        break;
                }
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                // Ctrl+C: StopProcessing cancelled the scan between two 64 KiB reads.
                throw new PipelineStoppedException();
            }
            // No catch-all: a file that cannot be read is LogReadError from LogFiles.Scan (the rule Invoke-TeleportMcpDiagnosis
            // -LogPath shares), and any other exception is a fault that ends the command as it does there.
            finally
            {
                _progress.Complete();
            }
        }

        private PipedLogLines Pipeline() => _pipeline ??= new PipedLogLines(_catalog, EmitFinding) { Warning = EmitWarning, Verbose = WriteVerbose };

        // The block just read of piped Get-Content lines, to number a -Tail's last block, and the files read from a count of 0 (PipedBlocks).
        private readonly TeleportMcp.Engine.Logs.PipedBlocks _blocks = new TeleportMcp.Engine.Logs.PipedBlocks();

        // The current pipeline object's lines when it is a block of Get-Content lines or a Select-String match (PipedLine.Lines).
        private bool FeedLines(PSObject current)
        {
            var lines = PipedLine.Lines(current, _blocks);
            if (lines == null) return false;
            var pipeline = Pipeline();
            foreach (var (text, file, line, newRead) in lines) pipeline.Feed(text, file, line, newRead);
            return true;
        }

        protected override void EndProcessing()
        {
            if (_pipeline != null)
            {
                _pipeline.Flush();
                WriteVerbose("pipeline: " + _pipeline.LineCount + " lines read.");
            }
            if (Summary) EmitAll(_summary.Rows());
        }

        private void ScanFiles(List<string> files)
        {
            int index = 0;
            LogFiles.Scan(_catalog, files, EmitFinding,
                failure => EmitError(ErrorRecords.FromInput(failure.ToInputException())),
                Cancellation, (file, lines, _) => { index++; WriteVerbose(file + ": " + lines + " lines read."); },
                (file, done, length) => _progress.Bytes(ProgressText.File(index + 1, files.Count, file), done, length));
        }

        private void EmitFinding(Finding f)
        {
            if (Summary) _summary.Add(f);
            else Emit(f);
        }
    }
}
