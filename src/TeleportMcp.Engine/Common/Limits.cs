using System;
using System.Globalization;
using System.Threading;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Every bound the module puts on what it reads, so that hostile input ends in a clear error instead of a crash,
    /// a hang or unbounded memory. One object: the readers take their numbers from <see cref="Current"/> (the
    /// process-wide <see cref="Default"/>, or the one a caller set for its own work with <see cref="Use"/>), and each
    /// error a limit raises names it (<see cref="Describe"/>), so an administrator who meets one knows which.
    /// </summary>
    public sealed class Limits
    {
        // ---- YAML and JSON ---------------------------------------------------------------------------------

        /// <summary>Nesting of a YAML document (go-yaml v2 scannerc.go max_flow_level / max_indents: Teleport refuses deeper too). Default 10,000.</summary>
        public int YamlMaxDepth { get; set; } = 10000;

        /// <summary>
        /// Alias expansion (go-yaml v2 decode.go allowedAliasRatio): up to this many decoded nodes 99% may come from
        /// aliases; from <see cref="YamlAliasRatioHighNodes"/> only 10%, linearly in between. Default 400,000.
        /// </summary>
        public long YamlAliasRatioLowNodes { get; set; } = 400000;

        /// <summary>See <see cref="YamlAliasRatioLowNodes"/>. Default 4,000,000.</summary>
        public long YamlAliasRatioHighNodes { get; set; } = 4000000;

        /// <summary>
        /// Work on values inside flow collections ('[', '{') nested more than 64 deep: each value counts its depth, since
        /// YamlDotNet's scanner visits every open flow level for each token (go-yaml v2 keeps its simple keys by token
        /// and does not), so a large file nested thousands deep would take hours to read. Teleport reads such a file;
        /// TeleportMcp stops with an error that names this limit. Default 100,000,000 (about a second here).
        /// </summary>
        public long YamlDeepFlowWork { get; set; } = 100_000_000;

        /// <summary>Nesting of a JSON value (objects and arrays). Default 512.</summary>
        public int JsonMaxDepth { get; set; } = 512;

        /// <summary>
        /// Nesting of an app_labels_expression the module evaluates (Teleport's Go parser accepts up to 100,000; past
        /// this the decision is Indeterminate, never a stack overflow). Default 256.
        /// </summary>
        public int LabelExpressionMaxDepth { get; set; } = 256;

        /// <summary>Nesting of an event object piped to Get-TeleportMcpAuditEvent (ConvertFrom-Json, a hashtable), which is written back as one JSON line. Default 64.</summary>
        public int PipedObjectMaxDepth { get; set; } = 64;

        /// <summary>
        /// Characters of one audit event spread over lines (pretty-printed, or in a JSON array) kept while it is read;
        /// a longer one, or one never closed, is reported and skipped. Teleport's own lines stop at 64 KiB. Default 16 Mi.
        /// </summary>
        public int AuditEventMaxChars { get; set; } = 16 * 1024 * 1024;

        /// <summary>
        /// Characters of unfinished audit events held, all together, by the piped files of one Get-TeleportMcpAuditEvent:
        /// those read at once (64) and those set aside while more files come interleaved, each event going on when its file's
        /// next line comes. Past this, the event of the file whose line would pass it is not read (a warning names its file
        /// and line) and its lines are skipped; the other files' events are read. Default 16 Mi.
        /// </summary>
        public int PipedHeldEventChars { get; set; } = 16 * 1024 * 1024;

        // ---- files -----------------------------------------------------------------------------------------

        /// <summary>Largest file read whole (resources, configurations, catalogs). Default 64 MiB.</summary>
        public int FileMaxBytes { get; set; } = 64 * 1024 * 1024;

        /// <summary>No .gz log is inflated beyond this many bytes. Default 2 GiB.</summary>
        public long GzipMaxDecompressedBytes { get; set; } = 2L << 30;

        /// <summary>Past <see cref="GzipRatioCheckAfterBytes"/>, a .gz that inflates more than this many times what was read is a bomb. Default 100.</summary>
        public int GzipMaxCompressionRatio { get; set; } = 100;

        /// <summary>Inflated bytes after which <see cref="GzipMaxCompressionRatio"/> applies (small files compress well legitimately). Default 64 MiB.</summary>
        public long GzipRatioCheckAfterBytes { get; set; } = 64L << 20;

        // ---- child processes (tctl, tsh) -------------------------------------------------------------------

        /// <summary>Stdout of tctl/tsh kept from the start (tctl get of a large cluster is tens of MB); past it only the tail is kept and the output is refused. Default 64 Mi characters.</summary>
        public int ChildStdoutHeadChars { get; set; } = 64 * 1024 * 1024;

        /// <summary>Stdout kept from the end once <see cref="ChildStdoutHeadChars"/> is passed. Default 64 Ki characters.</summary>
        public int ChildStdoutTailChars { get; set; } = 64 * 1024;

        /// <summary>Stderr kept from the start (it is for messages). Default 16 Ki characters.</summary>
        public int ChildStderrHeadChars { get; set; } = 16 * 1024;

        /// <summary>Stderr kept from the end (tctl writes its ERROR line last). Default 48 Ki characters.</summary>
        public int ChildStderrTailChars { get; set; } = 48 * 1024;

        /// <summary>A child's message shown in an error, head and tail kept. Default 2,000 characters.</summary>
        public int ChildMessageChars { get; set; } = 2000;

        /// <summary>
        /// Bytes of one stderr line of a stdio MCP server that the probe keeps (its tail holds the last
        /// <see cref="Probe.StdioProbe.StderrTailLines"/> lines); the rest of a longer line is counted and dropped, so a server
        /// that writes without a newline costs a bounded amount of memory. Default 1,024.
        /// </summary>
        public int ProbeStderrLineBytes { get; set; } = 1024;

        // ---- HTTP upstreams (the probe's HTTP/1.1 client) -------------------------------------------------------

        /// <summary>
        /// Bytes of one HTTP answer's status line and headers, and of a chunk-size line with the trailers after the last
        /// chunk, that the HTTP probe reads from an upstream, as .NET's HttpClient (MaxResponseHeadersLength) would (the App
        /// Service's Go transport allows 10 MiB of response headers: net/http Transport.MaxResponseHeaderBytes). Default 64 KiB.
        /// </summary>
        public int HttpHeaderMaxBytes { get; set; } = 64 * 1024;

        // ---- output text ---------------------------------------------------------------------------------

        /// <summary>
        /// Items one list inside an output text names (a reason, message, warning or verbose line that lists values
        /// from the input); the rest are counted: "... and 79980 more". Default 20.
        /// </summary>
        public int OutputListItems { get; set; } = 20;

        /// <summary>Characters of one listed item shown (a label value of a megabyte is cut, and its length said). Default 200.</summary>
        public int OutputListItemChars { get; set; } = 200;

        /// <summary>Characters of an input line an error shows with its position (a log or config line can be megabytes long). Default 1,000.</summary>
        public int ShownLineChars { get; set; } = 1000;

        /// <summary>
        /// Characters of one message or fix a client check gives (it quotes values of the input, such as an app name, which can
        /// be megabytes long); the first and last parts are kept. Default 10,000.
        /// </summary>
        public int OutputMessageChars { get; set; } = 10000;

        // ---- process-wide and scoped values ----------------------------------------------------------------

        private static readonly AsyncLocal<Limits> s_scoped = new AsyncLocal<Limits>();

        /// <summary>The limits of this process (change a property to change a limit for every command).</summary>
        public static Limits Default { get; } = new Limits();

        /// <summary>The limits in force for the current work: those set with <see cref="Use"/>, else <see cref="Default"/>.</summary>
        public static Limits Current => s_scoped.Value ?? Default;

        /// <summary>Makes <paramref name="limits"/> the <see cref="Current"/> ones for this flow of work until the result is disposed.</summary>
        public static IDisposable Use(Limits limits)
        {
            var previous = s_scoped.Value;
            s_scoped.Value = limits ?? throw new ArgumentNullException(nameof(limits));
            return new Restore(previous);
        }

        public Limits Clone() => (Limits)MemberwiseClone();

        /// <summary>"limit YamlMaxDepth = 10000": how an error names the limit it hit (<paramref name="name"/> is a property of this class).</summary>
        public string Describe(string name)
        {
            var p = typeof(Limits).GetProperty(name) ?? throw new ArgumentException("no limit named " + name, nameof(name));
            return "limit " + name + " = " + Convert.ToString(p.GetValue(this), CultureInfo.InvariantCulture);
        }

        private sealed class Restore : IDisposable
        {
            private readonly Limits _previous;
            private bool _done;

            public Restore(Limits previous) => _previous = previous;

            public void Dispose()
            {
                if (_done) return;
                _done = true;
                s_scoped.Value = _previous;
            }
        }
    }
}
