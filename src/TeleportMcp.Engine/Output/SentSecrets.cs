using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// The secret values the module itself handed to a server (a credential header, a secret-named environment variable,
    /// the value of a secret option): a server may echo them back in any words ("key X is invalid"), where no catalog rule
    /// can see a secret, so every text taken from that server is masked for these exact values before it is kept.
    /// </summary>
    public sealed class SentSecrets
    {
        /// <summary>
        /// Shorter values are not masked in free text: a secret of one to three characters is no credential, and masking
        /// it would take those characters out of every word of a server's message.
        /// </summary>
        public const int MinLength = 4;

        private readonly HashSet<string> _values = new HashSet<string>(StringComparer.Ordinal);
        private string[]? _longestFirst;

        public bool IsEmpty => _values.Count == 0;

        public int Count => _values.Count;

        // Values no credential takes: a switch ("true") under a secret-looking name (DISABLE_TOKEN_CACHE) would otherwise
        // take that word out of every message.
        private static readonly HashSet<string> s_noCredential = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "none", "enabled", "disabled" };

        /// <summary>Adds a whole value; white space around it is not part of it.</summary>
        public void Add(string? value)
        {
            var v = value?.Trim();
            if (v == null || v.Length < MinLength || s_noCredential.Contains(v)) return;
            if (_values.Add(v)) _longestFirst = null;
        }

        /// <summary>
        /// Adds the parts of <paramref name="raw"/> that <paramref name="shown"/> replaced by <paramref name="mask"/>: the
        /// output rules already decided which part is secret ("--token=X", a URL's password), and the text between the
        /// masks is matched back in order. When the two do not line up (the shown text escaped something), the whole raw
        /// value is taken: masking too much of a server's echo is safe, too little is not.
        /// </summary>
        public void AddMaskedParts(string? raw, string? shown, string mask)
        {
            if (raw == null || shown == null || string.Equals(raw, shown, StringComparison.Ordinal)) return;
            var pieces = SplitOn(shown, mask);
            if (pieces.Count < 2 || !raw.StartsWith(pieces[0], StringComparison.Ordinal))
            {
                Add(raw);
                return;
            }
            int at = pieces[0].Length;
            var gaps = new List<string>();
            for (int k = 1; k < pieces.Count; k++)
            {
                string piece = pieces[k];
                int next;
                if (k == pieces.Count - 1)
                {
                    next = raw.Length - piece.Length;
                    if (next < at || !raw.EndsWith(piece, StringComparison.Ordinal)) next = -1;
                }
                else next = piece.Length == 0 ? at : raw.IndexOf(piece, at, StringComparison.Ordinal);
                if (next < 0)
                {
                    Add(raw);
                    return;
                }
                gaps.Add(raw.Substring(at, next - at));
                at = next + piece.Length;
            }
            foreach (var g in gaps) Add(g);
        }

        private static List<string> SplitOn(string text, string mask)
        {
            var pieces = new List<string>();
            int from = 0;
            for (int i = text.IndexOf(mask, StringComparison.Ordinal); i >= 0; i = text.IndexOf(mask, from, StringComparison.Ordinal))
            {
                pieces.Add(text.Substring(from, i - from));
                from = i + mask.Length;
            }
            pieces.Add(text.Substring(from));
            return pieces;
        }

        /// <summary><paramref name="text"/> with every occurrence of a value masked, the longest values first (one may hold another).</summary>
        public string? Mask(string? text)
        {
            if (text == null || text.Length < MinLength || _values.Count == 0) return text;
            var values = _longestFirst ??= _values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
            StringBuilder? sb = null;
            string current = text;
            foreach (var v in values)
            {
                if (current.IndexOf(v, StringComparison.Ordinal) < 0) continue;
                sb ??= new StringBuilder(current.Length);
                sb.Clear();
                int from = 0;
                for (int i = current.IndexOf(v, StringComparison.Ordinal); i >= 0; i = current.IndexOf(v, from, StringComparison.Ordinal))
                {
                    sb.Append(current, from, i - from).Append(Redactor.Mask);
                    from = i + v.Length;
                }
                sb.Append(current, from, current.Length - from);
                current = sb.ToString();
            }
            return current;
        }

        /// <summary>Every item masked in place.</summary>
        public void MaskAll(IList<string>? items)
        {
            if (items == null || IsEmpty) return;
            for (int i = 0; i < items.Count; i++) items[i] = Mask(items[i])!;
        }
    }
}
