using System;
using System.Text;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// A message still in its pieces (sentence parts and the input values it quotes), for <see cref="ListText.Message(MessageText)"/>:
    /// a value of the input can be megabytes long, and joining the pieces first copied it once per message and fix
    /// before the cut to <see cref="Limits.OutputMessageChars"/> threw nearly all of it away. Joined only when the whole
    /// text is short, or when a redaction rule may apply to it (<see cref="ListText.Message(MessageText)"/>).
    /// </summary>
    public sealed class MessageText
    {
        // Each piece is a non-empty string, the escaped form of a quoted value read from it (GoText.EscapedText), or a
        // range of either (Slice, from Range).
        private readonly object[] _pieces;

        private MessageText(object[] pieces)
        {
            _pieces = pieces;
            long length = 0;
            foreach (var p in pieces) length += LengthOf(p);
            Length = length;
        }

        private static long LengthOf(object piece) => piece is string s ? s.Length : piece is Slice r ? r.Length : ((GoText.EscapedText)piece).Length;

        // The characters from..from+Length of a string or escaped piece, not copied.
        private sealed class Slice
        {
            internal Slice(object piece, long from, long length)
            {
                Piece = piece;
                From = from;
                Length = length;
            }

            internal object Piece { get; }
            internal long From { get; }
            internal long Length { get; }
        }

        // The text of a piece from a to b (piece coordinates).
        private static string PieceWindow(object p, long a, long b) =>
            p is string s ? s.Substring((int)a, (int)(b - a))
            : p is Slice r ? PieceWindow(r.Piece, r.From + a, r.From + b)
            : ((GoText.EscapedText)p).Window(a, b);

        /// <summary>The characters from <paramref name="from"/> to <paramref name="to"/> of the joined text, as pieces (none copied).</summary>
        internal MessageText Range(long from, long to)
        {
            from = Math.Max(0, from);
            to = Math.Min(Length, to);
            var list = new System.Collections.Generic.List<object>();
            long start = 0;
            foreach (var p in _pieces)
            {
                long n = LengthOf(p), end = start + n;
                if (end > from && start < to)
                {
                    long a = Math.Max(from, start) - start, b = Math.Min(to, end) - start;
                    if (a == 0 && b == n) list.Add(p);
                    else if (p is Slice r) list.Add(new Slice(r.Piece, r.From + a, b - a));
                    else list.Add(new Slice(p, a, b - a));
                }
                if (end >= to) break;
                start = end;
            }
            return new MessageText(list.ToArray());
        }

        /// <summary>
        /// The joined text in order, as (its offset, a string or a buffer, the start and count of the characters in it)
        /// chunks: a string piece whole, without a copy; an escaped piece in windows of 64 Ki characters of one reused buffer.
        /// </summary>
        internal void ForEachChunk(Action<long, string?, char[]?, int, int> chunk)
        {
            long at = 0;
            foreach (var p in _pieces)
            {
                long n = LengthOf(p);
                object inner = p is Slice r ? r.Piece : p;
                long lo = p is Slice r2 ? r2.From : 0, hi = lo + n;
                if (inner is string s) chunk(at, s, null, (int)lo, (int)n);
                else
                {
                    // An escaped value read once, in order, in windows of 64 Ki characters.
                    long pos = 0, offset = at;
                    ((GoText.EscapedText)inner).AnyWindow(64 * 1024, 0, (buf, used) =>
                    {
                        long a = Math.Max(pos, lo), b = Math.Min(pos + used, hi);
                        if (b > a) chunk(offset + (a - lo), null, buf, (int)(a - pos), (int)(b - a));
                        pos += used;
                        return pos >= hi;
                    });
                }
                at += n;
            }
        }

        /// <summary>The pieces in order (null is empty, other objects by ToString, as string concatenation takes them).</summary>
        public static MessageText Of(params object?[] pieces)
        {
            var list = new System.Collections.Generic.List<object>(pieces.Length);
            foreach (var p in pieces) Add(list, p);
            return new MessageText(list.ToArray());
        }

        private static void Add(System.Collections.Generic.List<object> list, object? piece)
        {
            switch (piece)
            {
                case null: return;
                case MessageText m: list.AddRange(m._pieces); return;
                case GoText.EscapedText e: if (e.Length > 0) list.Add(e); return;
                default:
                    var s = piece.ToString();
                    if (!string.IsNullOrEmpty(s)) list.Add(s!);
                    return;
            }
        }

        /// <summary>The length of the joined text.</summary>
        public long Length { get; }

        internal int PieceCount => _pieces.Length;

        internal long PieceLength(int i) => LengthOf(_pieces[i]);

        /// <summary>
        /// Whether <paramref name="test"/> holds for the text of piece <paramref name="i"/>: a string piece whole, an escaped
        /// value in windows of about 64 Ki characters, each starting with the last <paramref name="overlap"/> characters of
        /// the one before, in one reused buffer.
        /// </summary>
        internal bool AnyPieceText(int i, int overlap, Func<char[], int, bool> test)
        {
            if (_pieces[i] is string s) return test(s.ToCharArray(), s.Length);
            if (_pieces[i] is Slice r)
            {
                // Windows of 64 Ki characters, each starting with the last overlap characters of the one before.
                const int size = 64 * 1024;
                for (long a = 0; a < r.Length; a += size - Math.Min(overlap, size / 2))
                {
                    var w = PieceWindow(r, a, Math.Min(r.Length, a + size)).ToCharArray();
                    if (test(w, w.Length)) return true;
                    if (a + size >= r.Length) break;
                }
                return false;
            }
            return ((GoText.EscapedText)_pieces[i]).AnyWindow(64 * 1024, overlap, test);
        }

        internal string? StringPiece(int i) => _pieces[i] as string;

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull("text")]
        public static implicit operator MessageText?(string? text) => text == null ? null : new MessageText(text.Length == 0 ? Array.Empty<object>() : new object[] { text });

        public static MessageText operator +(MessageText? a, object? b) => Of(a, b);

        public static MessageText operator +(string? a, MessageText? b) => Of(a, b);

        /// <summary>Whether the joined text holds <paramref name="value"/> (which may cross pieces).</summary>
        public bool Contains(string value)
        {
            if (value.Length == 0) return true;
            for (int i = 0; i < _pieces.Length; i++)
            {
                if (_pieces[i] is string s ? s.IndexOf(value, StringComparison.Ordinal) >= 0 :
                    AnyPieceText(i, value.Length - 1, (b, n) => new string(b, 0, n).IndexOf(value, StringComparison.Ordinal) >= 0)) return true;
            }
            if (value.Length == 1 || _pieces.Length < 2) return false;
            // Across a joint: the characters on either side of each one, at most value.Length - 1 of each.
            long at = 0;
            for (int i = 0; i < _pieces.Length - 1; i++)
            {
                at += LengthOf(_pieces[i]);
                if (Window(at - (value.Length - 1), at + value.Length - 1).IndexOf(value, StringComparison.Ordinal) >= 0) return true;
            }
            return false;
        }

        /// <summary>The characters of the joined text from <paramref name="from"/> to <paramref name="to"/> (clamped to the text).</summary>
        internal string Window(long from, long to)
        {
            from = Math.Max(0, from);
            to = Math.Min(Length, to);
            if (to <= from) return "";
            var sb = new StringBuilder((int)(to - from));
            long start = 0;
            foreach (var p in _pieces)
            {
                long end = start + LengthOf(p);
                if (end > from && start < to)
                {
                    long a = Math.Max(from, start) - start, b = Math.Min(to, end) - start;
                    if (p is string s) sb.Append(s, (int)a, (int)(b - a));
                    else sb.Append(PieceWindow(p, a, b));
                }
                if (end >= to) break;
                start = end;
            }
            return sb.ToString();
        }

        /// <summary>The character at <paramref name="index"/> of the joined text.</summary>
        internal char CharAt(long index)
        {
            foreach (var p in _pieces)
            {
                long n = LengthOf(p);
                if (index < n) return p is string s ? s[(int)index] : PieceWindow(p, index, index + 1)[0];
                index -= n;
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        /// <summary>The joined text.</summary>
        public override string ToString()
        {
            if (_pieces.Length == 1 && _pieces[0] is string only) return only;
            // string.Concat copies each piece once (a StringBuilder's ToString would copy the whole again).
            var parts = new string[_pieces.Length];
            for (int i = 0; i < parts.Length; i++) parts[i] = _pieces[i] as string ?? (_pieces[i] is Slice r ? PieceWindow(r, 0, r.Length) : _pieces[i].ToString()!);
            return string.Concat(parts);
        }
    }
}
