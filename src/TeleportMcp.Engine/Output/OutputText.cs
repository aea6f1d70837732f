using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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
        private static readonly ConcurrentDictionary<string, string?> s_cache = new ConcurrentDictionary<string, string?>(System.StringComparer.Ordinal);

        [return: NotNullIfNotNull("text")]
        public static string? Safe(string? text)
        {
            if (StringChecks.IsNullOrEmpty(text) || !MayChange(text)) return text;
            if (text.Length > MaxCachedLength) return Compute(text);
            if (s_cache.TryGetValue(text, out var cached)) return cached ?? text;   // null: the text needs no change
            string safe = Compute(text);
            if (s_cache.Count >= MaxCached) s_cache.Clear();
            s_cache[text] = safe == text ? null : safe;
            return safe;
        }

        /// <summary>
        /// One pass that proves most texts need nothing: no control character (nor CR, DEL, C1, bidi, anything
        /// outside ASCII, which go the full way) and no hint of any redaction rule. Only texts that fail it are
        /// looked up in the cache or given to the rules.
        /// </summary>
        internal static bool MayChange(string text)
        {
            if (Redactor.AlwaysCheck) return true;
            var table = Redactor.HintTable;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n')) return true;
                if (Redactor.HintAt(table, text, i)) return true;
            }
            return false;
        }

        private static string Compute(string text) => ControlCharacters.Escape(Redactor.Redact(text));
    }
}
