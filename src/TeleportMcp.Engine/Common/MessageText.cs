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
        private readonly string[] _pieces;

        private MessageText(string[] pieces)
        {
            _pieces = pieces;
            long length = 0;
            foreach (var p in pieces) length += p.Length;
            Length = length;
        }

        /// <summary>The pieces in order (null is empty, other objects by ToString, as string concatenation takes them).</summary>
        public static MessageText Of(params object?[] pieces)
        {
            var list = new System.Collections.Generic.List<string>(pieces.Length);
            foreach (var p in pieces) Add(list, p);
            return new MessageText(list.ToArray());
        }

        private static void Add(System.Collections.Generic.List<string> list, object? piece)
        {
            switch (piece)
            {
                case null: return;
                case MessageText m: list.AddRange(m._pieces); return;
                default:
                    var s = piece.ToString();
                    if (!string.IsNullOrEmpty(s)) list.Add(s!);
                    return;
            }
        }

        /// <summary>The length of the joined text.</summary>
        public long Length { get; }

        internal int PieceCount => _pieces.Length;

        internal string Piece(int i) => _pieces[i];

        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull("text")]
        public static implicit operator MessageText?(string? text) => text == null ? null : new MessageText(text.Length == 0 ? Array.Empty<string>() : new[] { text });

        public static MessageText operator +(MessageText? a, object? b) => Of(a, b);

        public static MessageText operator +(string? a, MessageText? b) => Of(a, b);

        /// <summary>Whether the joined text holds <paramref name="value"/> (which may cross pieces).</summary>
        public bool Contains(string value)
        {
            if (value.Length == 0) return true;
            foreach (var p in _pieces) if (p.IndexOf(value, StringComparison.Ordinal) >= 0) return true;
            if (value.Length == 1 || _pieces.Length < 2) return false;
            // Across a joint: the characters on either side of each one, at most value.Length - 1 of each.
            long at = 0;
            for (int i = 0; i < _pieces.Length - 1; i++)
            {
                at += _pieces[i].Length;
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
                long end = start + p.Length;
                if (end > from && start < to)
                {
                    int a = (int)(Math.Max(from, start) - start), b = (int)(Math.Min(to, end) - start);
                    sb.Append(p, a, b - a);
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
                if (index < p.Length) return p[(int)index];
                index -= p.Length;
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        /// <summary>The joined text.</summary>
        public override string ToString() => _pieces.Length == 1 ? _pieces[0] : string.Concat(_pieces);
    }
}
