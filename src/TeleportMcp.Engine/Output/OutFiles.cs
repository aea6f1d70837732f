using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// The one rule for an -OutFile that exists (New-TeleportMcpRole, Invoke-TeleportMcpDiagnosis): nothing is lost. An
    /// existing file is replaced only with -Force, or when it is the module's own earlier output, unchanged since: the
    /// module ends what it writes with a stamp (a comment in the file's format) holding the SHA-256 of the text before
    /// it, so a file someone wrote or edited is never replaced without -Force, and a report rewritten by each run is.
    /// Line endings are not content: the digest is of the text with CRLF and CR read as LF, so a report an editor saved
    /// with other line endings, or with or without the final newline, is still the module's own unchanged output.
    /// </summary>
    public static class OutFiles
    {
        public const string ExistsCode = "OutFileExists";
        private const string StampWord = "TeleportMcp sha256:";

        /// <summary>Files larger than this are never taken for the module's own output (it is not read to find out).</summary>
        private const long MaxStampedLength = 64L * 1024 * 1024;

        /// <summary>A comment in the format of the file: "#" for YAML, "&lt;!-- --&gt;" for Markdown and HTML.</summary>
        public enum CommentStyle
        {
            Hash,
            Markup,
        }

        /// <summary>The text to write: <paramref name="content"/> then a stamp line with the digest of everything before that line.</summary>
        public static string Stamped(string content, CommentStyle style)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            var body = content.EndsWith("\n", StringComparison.Ordinal) ? content : content + "\n";
            return body + StampLine(Digest(Lines(body)), style) + "\n";
        }

        /// <summary>
        /// The refusal to write <paramref name="path"/>: null when it does not exist, with <paramref name="force"/>, or when
        /// it is the module's own earlier output unchanged (<see cref="IsOwnUnchanged"/>); otherwise an error naming the file.
        /// </summary>
        public static TeleportInputException? Refusal(string path, bool force)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (force || !File.Exists(path) || IsOwnUnchanged(path)) return null;
            return new TeleportInputException(ExistsCode, "File " + path + " exists and was not written by TeleportMcp (or was changed since); it was not overwritten.", null)
            {
                TargetObject = path,
                RecommendedAction = "Choose another -OutFile, or add -Force to replace it.",
            };
        }

        /// <summary>
        /// Writes an -OutFile (UTF-8 without a byte order mark) under the one rule: nothing is lost (<see cref="Refusal"/>,
        /// checked here, at the moment of writing) and a file that cannot be written is reported (<see cref="FileSystem.WriteFailure"/>).
        /// The text is made only once the file may be written.
        /// </summary>
        /// <param name="path">The file, resolved.</param>
        /// <param name="force">-Force: an existing file is replaced.</param>
        /// <param name="content">The text to write (already stamped, <see cref="Stamped"/>).</param>
        public static OutFileWrite Write(string path, bool force, Func<string> content)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (content == null) throw new ArgumentNullException(nameof(content));
            var refusal = Refusal(path, force);
            if (refusal != null) return new OutFileWrite(refusal, null);
            var text = content();
            try
            {
                File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            catch (Exception e) when (FileSystem.WriteFailure.Is(e))
            {
                return new OutFileWrite(null, e);
            }
            return new OutFileWrite(null, null);
        }

        /// <summary>Whether the file ends with the module's stamp and the stamp's digest is that of the text before it.</summary>
        public static bool IsOwnUnchanged(string path)
        {
            string text;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.Length > MaxStampedLength) return false;
                text = File.ReadAllText(path, new UTF8Encoding(false));
            }
            catch (Exception e) when (FileSystem.ReadFailure.Is(e))
            {
                return false;
            }
            return IsOwnUnchangedText(text);
        }

        /// <summary><see cref="IsOwnUnchanged"/> for text already read.</summary>
        public static bool IsOwnUnchangedText(string text)
        {
            if (text == null) return false;
            var lines = Lines(text);
            // The stamp is the last line, with or without the newline after it.
            var trimmed = lines.EndsWith("\n", StringComparison.Ordinal) ? lines.Substring(0, lines.Length - 1) : lines;
            int lineStart = trimmed.LastIndexOf('\n') + 1;
            var last = trimmed.Substring(lineStart);
            var digest = Digest(trimmed.Substring(0, lineStart));
            if (last == StampLine(digest, CommentStyle.Hash) || last == StampLine(digest, CommentStyle.Markup)) return true;
            // Stamps written before line endings were set aside are of the text as written (CRLF where the report was built on Windows).
            if (!text.Contains("\r")) return false;
            var raw = text.EndsWith("\r\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 2) : text.EndsWith("\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
            int rawStart = raw.LastIndexOf('\n') + 1;
            var rawDigest = Digest(raw.Substring(0, rawStart));
            var rawLast = raw.Substring(rawStart);
            return rawLast == StampLine(rawDigest, CommentStyle.Hash) || rawLast == StampLine(rawDigest, CommentStyle.Markup);
        }

        /// <summary>The text with each line ending (CRLF, CR, LF) as LF: what the digest is of.</summary>
        private static string Lines(string text) => text.IndexOf('\r') < 0 ? text : text.Replace("\r\n", "\n").Replace('\r', '\n');

        private static string StampLine(string digest, CommentStyle style) =>
            style == CommentStyle.Hash ? "# " + StampWord + digest : "<!-- " + StampWord + digest + " -->";

        private static string Digest(string text)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                var sb = new StringBuilder(hash.Length * 2);
                foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }
    }

    /// <summary>What came of writing an -OutFile (<see cref="OutFiles.Write"/>): written, refused (an existing file kept), or failed.</summary>
    public sealed class OutFileWrite
    {
        internal OutFileWrite(TeleportInputException? refusal, Exception? failure)
        {
            Refusal = refusal;
            Failure = failure;
        }

        /// <summary>The file was written.</summary>
        public bool Written => Refusal == null && Failure == null;

        /// <summary>An existing file kept (OutFileExists); null otherwise.</summary>
        public TeleportInputException? Refusal { get; }

        /// <summary>Why the file could not be written (<see cref="FileSystem.WriteFailure"/>); the caller reports it with its id. Null otherwise.</summary>
        public Exception? Failure { get; }
    }
}
