using System.Diagnostics.CodeAnalysis;
using System.Threading;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    /// <summary>The one rule for text that leaves the module: secrets redacted, then control characters escaped.</summary>
    public static class OutputText
    {
        // The same short texts (user, app, tool and role names, reasons) leave the module thousands of times in one
        // explained run; the rule is deterministic, so their answer is kept. Bounded: cleared when full.
        private const int MaxCachedLength = 512;
        private const int MaxCached = 8192;
        private static readonly Common.BoundedCache<string?> s_cache = new Common.BoundedCache<string?>(MaxCached);

        // Texts proven to need no change, by reference: a string never changes, so the very same string (a tool, user or
        // role name, an engine note, held by thousands of output objects) is answered without reading it again. One
        // slot per text (SlotOf), a newer text replaces an older one: at most KnownSlots strings of at most
        // MaxKnownLength characters are held. Only the reference is stored, so a reader sees a whole answer or none.
        private const int KnownSlots = 4096;
        private const int MaxKnownLength = 1024;
        private static readonly string?[] s_known = new string?[KnownSlots];

        [return: NotNullIfNotNull("text")]
        public static string? Safe(string? text)
        {
            if (StringChecks.IsNullOrEmpty(text)) return text;
            int slot = -1;
            if (text.Length <= MaxKnownLength)
            {
                slot = SlotOf(text);
                if (ReferenceEquals(Volatile.Read(ref s_known[slot]), text)) return text;
            }
            string safe = MayChange(text) ? Changed(text) : text;
            if (slot >= 0 && ReferenceEquals(safe, text)) Volatile.Write(ref s_known[slot], text);
            return safe;
        }

        // A slot from the length and four characters: no reading of the whole text, and unlike the identity hash no
        // write to a string that is written once (most reasons).
        internal static int SlotOf(string text)
        {
            int n = text.Length;
            int h = n * 31 + text[0];
            h = h * 31 + text[n >> 2];
            h = h * 31 + text[(n >> 1) + (n >> 2)];
            h = h * 31 + text[n - 1];
            h ^= h >> 13;
            return (h * 0x5bd1e995 >> 7) & (KnownSlots - 1);
        }

        /// <summary>The rule's answer for a text the scan could not clear (the same string when nothing changes).</summary>
        private static string Changed(string text)
        {
            if (text.Length > MaxCachedLength) return Compute(text);
            if (s_cache.TryGetValue(text, out var cached)) return cached ?? text;   // null: the text needs no change
            string safe = Compute(text);
            s_cache.Add(text, safe == text ? null : safe);
            return safe == text ? text : safe;
        }

        /// <summary>
        /// One pass that proves most texts need nothing: no control character (nor CR, DEL, C1, bidi, anything
        /// outside ASCII, which go the full way) and no hint of any redaction rule. Only texts that fail it are
        /// looked up in the cache or given to the rules.
        /// </summary>
        /// <remarks>
        /// When every hint is at least three characters long, the catalog's pairs are looked up at every second
        /// position only: a hint starting at an even position shows its first pair there, one starting at an odd
        /// position its second pair at the next (even) one, and both are in <see cref="Redactor.HintIndex.PairBits"/>; a hit
        /// is confirmed at both possible starts by the hint table. Every character is still checked for control
        /// characters and ASCII.
        /// </remarks>
        internal static bool MayChange(string text)
        {
            var hints = Redactor.Hints;
            if (hints.AlwaysCheck) return true;
            var table = hints.Table;
            var pairs = hints.PairBits;
            int n = text.Length;
            if (hints.PairStride == 2)
            {
                int i = 0;
                for (; i + 1 < n; i += 2)
                {
                    char a = text[i], b = text[i + 1];
                    if (NotPlain(a) || NotPlain(b)) return true;
                    int pair = (Fold(a) << 7) | Fold(b);
                    if ((pairs[pair >> 6] & (1UL << (pair & 63))) != 0 &&
                        (Redactor.HintAt(table, text, i) || (i > 0 && Redactor.HintAt(table, text, i - 1)))) return true;
                }
                return i < n && NotPlain(text[i]);
            }
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                if (NotPlain(c)) return true;
                if (Redactor.HintAt(table, text, i)) return true;
            }
            return false;
        }

        // Outside printable ASCII, tab and line feed: a control character, DEL, or a character the rules fold.
        private static bool NotPlain(char c) => c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n');

        private static int Fold(char c) => (uint)(c - 'A') <= 'Z' - 'A' ? c | 0x20 : c;

        /// <summary>
        /// A text about a named thing (an app, a host): "aws-secrets - user: unknown user". Never "name: text", which the
        /// key-value-secret rule reads as a key and its value when the name ends in a secret word ("vault-token: the
        /// live probe..." would lose "the"); the rule stays as strict for real "vault-token: VALUE" text.
        /// </summary>
        public static string Labelled(string? label, string? text) => StringChecks.IsNullOrEmpty(label) ? text ?? "" : label + " - " + text;

        /// <summary>
        /// A name or one line from outside the module (an MCP server's name, a tool's name) as a message may hold it: the
        /// rule above, then its line breaks and tabs escaped too (ControlCharacters.EscapeName), so it stays on its line.
        /// </summary>
        [return: NotNullIfNotNull("text")]
        public static string? SafeName(string? text) => ControlCharacters.EscapeName(Safe(text));

        /// <summary>
        /// A message, warning, reason or fix as it leaves the module: the rule above, then cut to
        /// <see cref="Limits.OutputMessageChars"/> (<see cref="ListText.CutSafe"/>): a message quotes values of the input (a
        /// role, app or tool name, a label value, a log line), which can be megabytes long; the objects keep them whole.
        /// </summary>
        [return: NotNullIfNotNull("text")]
        public static string? SafeMessage(string? text) => ListText.CutSafe(Safe(text));

        private static string Compute(string text) => ControlCharacters.Escape(Redactor.Redact(text));
    }
}
