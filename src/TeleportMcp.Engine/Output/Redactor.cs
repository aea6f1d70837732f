using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Output
{
    /// <summary>One rule of the redaction catalog.</summary>
    public sealed class RedactionRule
    {
        private Regex? _pattern;

        public string Id { get; internal set; } = "";
        /// <summary>Literal fragments (case-insensitive): the pattern runs only on text that holds one.</summary>
        public string[] Hints { get; internal set; } = Array.Empty<string>();
        internal string PatternText { get; set; } = "";

        /// <summary>
        /// Built when a text first holds one of the rule's hints: most outputs (resource names, tool lists) hold none,
        /// and building the catalog's expressions was most of a first cmdlet call's cost (bench/import.ps1).
        /// </summary>
        public Regex Pattern => System.Threading.Volatile.Read(ref _pattern) ?? Build();

        /// <summary>Whether the pattern masks only its "secret" group; known once the pattern is built.</summary>
        internal bool HasSecretGroup
        {
            get
            {
                if (System.Threading.Volatile.Read(ref _pattern) == null) Build();
                return _hasSecretGroup;
            }
        }

        private bool _hasSecretGroup;

        private Regex Build()
        {
            var regex = new Regex(PatternText, RegexOptions.CultureInvariant, Redactor.MatchTimeout);
            _hasSecretGroup = Array.IndexOf(regex.GetGroupNames(), "secret") >= 0;
            System.Threading.Volatile.Write(ref _pattern, regex); // after the flag: a reader that sees the pattern sees the flag
            return regex;
        }
    }

    /// <summary>
    /// The one redactor: every string the module writes passes through it. The rules are data (the embedded
    /// redaction.catalog.yaml), like the known-error catalog.
    /// </summary>
    public static partial class Redactor
    {
        public const string Mask = "<redacted>";
        public const string CatalogName = "redaction.catalog.yaml";
        internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
        private static LoadedCatalog? s_catalog;

        private static LoadedCatalog Catalog => System.Threading.Volatile.Read(ref s_catalog) ?? LoadEmbedded();

        public static IReadOnlyList<RedactionRule> Rules => Catalog.Rules;

        /// <summary>
        /// A Teleport template ({{external.api_key}}), as the catalog's fragment "template" writes it: no secret, so the
        /// mask of a secret leaves it readable (<see cref="MaskOutsideTemplates"/>).
        /// </summary>
        internal static Regex Template => Catalog.Template;

        private static LoadedCatalog LoadEmbedded()
        {
            var loaded = Load(ReadEmbeddedText(), "embedded:" + CatalogName);
            return System.Threading.Interlocked.CompareExchange(ref s_catalog, loaded, null) ?? loaded;
        }

        /// <summary>The rules of a catalog and the fragments their patterns include.</summary>
        internal sealed class LoadedCatalog
        {
            private readonly string _templateText;
            private Regex? _template;

            internal LoadedCatalog(IReadOnlyList<RedactionRule> rules, string templateText)
            {
                Rules = rules;
                _templateText = templateText;
            }

            internal IReadOnlyList<RedactionRule> Rules { get; }

            // Built when a secret first holds "{{", like the rules' patterns.
            internal Regex Template
            {
                get
                {
                    var built = System.Threading.Volatile.Read(ref _template);
                    if (built != null) return built;
                    built = new Regex(_templateText, RegexOptions.CultureInvariant, MatchTimeout);
                    return System.Threading.Interlocked.CompareExchange(ref _template, built, null) ?? built;
                }
            }
        }

        /// <summary>
        /// <paramref name="secret"/> as output shows it: every literal part replaced by <paramref name="mask"/>, each
        /// Teleport template in it kept as written ("abc123{{external.k}}" gives "&lt;redacted&gt;{{external.k}}"), and the
        /// white space between a template and a literal part kept. A secret without literal text (only templates) is
        /// returned as it is; one without a template is the mask.
        /// </summary>
        public static string MaskOutsideTemplates(string secret, string mask)
        {
            if (string.IsNullOrEmpty(secret)) return secret;
            if (secret.IndexOf("{{", StringComparison.Ordinal) < 0) return mask;
            var sb = new StringBuilder(secret.Length);
            int at = 0;
            foreach (Match t in Template.Matches(secret))
            {
                AppendMaskedLiteral(sb, secret, at, t.Index, at > 0, true, mask);
                sb.Append(t.Value);
                at = t.Index + t.Length;
            }
            if (at == 0) return mask;
            AppendMaskedLiteral(sb, secret, at, secret.Length, true, false, mask);
            return sb.ToString();
        }

        // The literal text between from and to, masked; white space next to a template stays (a piece of only white space
        // is kept whole).
        private static void AppendMaskedLiteral(StringBuilder sb, string text, int from, int to, bool afterTemplate, bool beforeTemplate, string mask)
        {
            int start = from, end = to;
            if (afterTemplate) while (start < end && char.IsWhiteSpace(text[start])) start++;
            if (beforeTemplate) while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            sb.Append(text, from, start - from);
            if (end > start) sb.Append(mask);
            sb.Append(text, end, to - end);
        }

        // Every rule's hints by their first two characters (ASCII letters folded to lower case): one pass over a text
        // tells whether any hint occurs in it, so the many short names of large outputs cost one scan, not a search
        // per hint. The table is built from the catalog's hints, so a new rule is covered by its data.
        // One immutable object, published once and read once per call: a reader on any memory model sees all of it or none.
        private static HintIndex? s_hints;

        /// <summary>The catalog's hints as the scans look them up.</summary>
        internal sealed class HintIndex
        {
            internal HintIndex(string[]?[] table, ulong[] pairBits, int pairStride, bool alwaysCheck, int maxLength, Dictionary<string, int> owners)
            {
                MaxLength = maxLength;
                Owners = owners;
                Table = table;
                PairBits = pairBits;
                PairStride = pairStride;
                AlwaysCheck = alwaysCheck;
            }

            /// <summary>The hints (folded) by their first two characters, at first * 128 + second.</summary>
            internal string[]?[] Table { get; }

            /// <summary>
            /// The first and second pairs of every hint (folded), as bits over 128 x 128: what OutputText's one-pass scan
            /// looks up at every PairStride-th position.
            /// </summary>
            internal ulong[] PairBits { get; }

            /// <summary>Each hint (folded) and the index of the one rule it belongs to, or -1 when rules share it.</summary>
            internal Dictionary<string, int> Owners { get; }

            /// <summary>The length of the longest hint.</summary>
            internal int MaxLength { get; }

            /// <summary>2, or 1 when a hint is only two characters long.</summary>
            internal int PairStride { get; }

            /// <summary>A rule without hints, or a hint the table cannot hold (shorter than two characters, not ASCII): every text goes to the rules.</summary>
            internal bool AlwaysCheck { get; }
        }

        internal static HintIndex Hints => System.Threading.Volatile.Read(ref s_hints) ?? BuildHints();

        private static char Fold(char c) => c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;

        /// <summary>
        /// Whether some rule could change <paramref name="text"/>: one of the catalog's hints occurs in it (ASCII,
        /// case-insensitive), or it holds a character outside ASCII (the rules' case-insensitive matching folds some
        /// of those, the Kelvin sign to k, so such a text is always given to every rule).
        /// </summary>
        internal static bool MayHoldSecret(string text)
        {
            var hints = Hints;
            if (hints.AlwaysCheck) return true;
            var table = hints.Table;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] >= 0x80) return true;
                if (HintAt(table, text, i)) return true;
            }
            return false;
        }

        /// <summary>
        /// <see cref="MayHoldSecret(string)"/> of the joined pieces, without joining them: each piece, and the characters
        /// around each joint (a hint crossing it lies within the longest hint's length on either side).
        /// </summary>
        internal static bool MayHoldSecret(Common.MessageText text)
        {
            var hints = Hints;
            if (hints.AlwaysCheck) return true;
            long at = 0;
            for (int i = 0; i < text.PieceCount; i++)
            {
                if (text.StringPiece(i) is string s ? MayHoldSecret(s) : text.AnyPieceText(i, Math.Max(0, hints.MaxLength - 1), MayHoldSecret)) return true;
                if (i > 0 && hints.MaxLength > 1 && MayHoldSecret(text.Window(at - (hints.MaxLength - 1), at + hints.MaxLength - 1))) return true;
                at += text.PieceLength(i);
            }
            return false;
        }

        /// <summary><see cref="MayHoldSecret(string)"/> of the first <paramref name="length"/> characters of a buffer.</summary>
        internal static bool MayHoldSecret(char[] text, int length) => MayHoldSecret(text, 0, length);

        /// <summary><see cref="MayHoldSecret(string)"/> of <paramref name="length"/> characters of a buffer from <paramref name="start"/>.</summary>
        internal static bool MayHoldSecret(char[] text, int start, int length)
        {
            var hints = Hints;
            if (hints.AlwaysCheck) return true;
            var table = hints.Table;
            length += start;
            for (int i = start; i < length; i++)
            {
                if (text[i] >= 0x80) return true;
                if (i + 1 >= length) return false;
                char b = text[i + 1];
                if (b >= 0x80) continue;
                var candidates = table[Fold(text[i]) * 128 + Fold(b)];
                if (candidates == null) continue;
                foreach (var h in candidates)
                {
                    if (i + h.Length > length) continue;
                    int k = 2;
                    while (k < h.Length && Fold(text[i + k]) == h[k]) k++;
                    if (k == h.Length) return true;
                }
            }
            return false;
        }

        /// <summary>True when a hint of the catalog starts at <paramref name="i"/> (the caller checked text[i] is ASCII).</summary>
        internal static bool HintAt(string[]?[] table, string text, int i)
        {
            if (i + 1 >= text.Length) return false;
            char b = text[i + 1];
            if (b >= 0x80) return false;
            var hints = table[Fold(text[i]) * 128 + Fold(b)];
            if (hints == null) return false;
            foreach (var h in hints)
            {
                if (i + h.Length > text.Length) continue;
                int k = 2;
                while (k < h.Length && Fold(text[i + k]) == h[k]) k++;
                if (k == h.Length) return true;
            }
            return false;
        }

        private static HintIndex BuildHints()
        {
            var lists = new List<string>?[128 * 128];
            var bits = new ulong[128 * 128 / 64];
            int stride = 2, longest = 0;
            bool always = false;
            var owners = new Dictionary<string, int>(StringComparer.Ordinal);
            var rules = Rules;
            for (int r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                if (rule.Hints.Length == 0) always = true;
                foreach (var h in rule.Hints)
                {
                    var folded = new StringBuilder(h.Length);
                    foreach (char c in h) folded.Append(Fold(c));
                    string l = folded.ToString();
                    owners[l] = owners.TryGetValue(l, out int o) && o != r ? -1 : r;
                    bool ascii = true;
                    foreach (char c in l) if (c >= 0x80) ascii = false;
                    if (l.Length < 2 || !ascii) { always = true; continue; }
                    int slot = l[0] * 128 + l[1];
                    (lists[slot] ?? (lists[slot] = new List<string>())).Add(l);
                    longest = Math.Max(longest, l.Length);
                    bits[slot >> 6] |= 1UL << (slot & 63);
                    if (l.Length < 3) stride = 1;
                    else
                    {
                        int second = l[1] * 128 + l[2];
                        bits[second >> 6] |= 1UL << (second & 63);
                    }
                }
            }
            var table = new string[]?[128 * 128];
            for (int i = 0; i < lists.Length; i++) table[i] = lists[i]?.Distinct().ToArray();
            var built = new HintIndex(table, bits, stride, always, longest, owners);
            // The first one published is the one every caller reads (CompareExchange is a full fence).
            return System.Threading.Interlocked.CompareExchange(ref s_hints, built, null) ?? built;
        }

        /// <summary>The text with every secret the rules know replaced by &lt;redacted&gt;.</summary>
        [return: NotNullIfNotNull("text")] public static string? Redact(string? text) => Redact(text, null);

        /// <summary>
        /// <see cref="Redact(string)"/> with every rule's match timeout at <paramref name="timeout"/> instead of
        /// <see cref="MatchTimeout"/>: for tests that prove a rule is linear on a machine whose load can stretch a linear
        /// pass past the 1 s wall-clock timeout (a quadratic one still passes any timeout they give).
        /// </summary>
        internal static string RedactWithTimeout(string text, TimeSpan timeout) =>
            Redact(text, rule => new Regex(rule.Pattern.ToString(), rule.Pattern.Options, timeout))!;

        private static string? Redact(string? text, Func<RedactionRule, Regex>? patternOf)
        {
            if (text == null || text.Length < 5 || !MayHoldSecret(text)) return text;
            bool ascii = IsAscii(text);
            foreach (var rule in Rules)
            {
                if (ascii && !HasHint(text, rule.Hints)) continue;
                try
                {
                    text = ApplyRule(rule, patternOf?.Invoke(rule) ?? rule.Pattern, text);
                }
                catch (RegexMatchTimeoutException)
                {
                    // A pathological text: nothing of it is shown rather than a secret.
                    return Mask + " (text of " + text.Length + " characters withheld: the redaction rule " + rule.Id + " timed out)";
                }
            }
            return text;
        }

        /// <summary>
        /// The part of <paramref name="text"/> around <paramref name="index"/>, at most <paramref name="max"/>
        /// characters, redacted before it is cut so that a secret crossing the edge is never half shown.
        /// </summary>
        [return: NotNullIfNotNull("text")] public static string? RedactWindow(string? text, int index, int max, int before)
        {
            if (text == null) return null;
            if (text.Length <= max) return Redact(text);
            int at = index < 0 || index > text.Length ? 0 : index;
            string redacted = Redact(text);
            // Where the index lands once the text before it is redacted.
            int shifted = Math.Min(redacted.Length, Redact(text.Substring(0, at)).Length);
            if (redacted.Length <= max) return redacted;
            int from = Math.Max(0, shifted - before);
            int to = Math.Min(redacted.Length, from + max);
            // Never cut through a mask.
            from = NotInsideMask(redacted, from, back: true);
            to = NotInsideMask(redacted, to, back: false);
            var sb = new StringBuilder();
            if (from > 0) sb.Append('…');
            sb.Append(redacted, from, to - from);
            if (to < redacted.Length) sb.Append('…');
            return sb.ToString();
        }

        private static int NotInsideMask(string text, int pos, bool back)
        {
            int start = Math.Max(0, pos - Mask.Length + 1);
            int i = text.IndexOf(Mask, start, Math.Min(text.Length, pos + Mask.Length - 1) - start, StringComparison.Ordinal);
            if (i < 0 || i >= pos || i + Mask.Length <= pos) return pos;
            return back ? i : i + Mask.Length;
        }

        /// <summary>
        /// Masks the "secret" group of one rule's matches in one text. A secret that ends its match with ')' it did not
        /// open itself, inside a parenthesis opened before it on its line, leaves those ')' unmasked: they close that
        /// parenthesis ("(token=abc(def)ghi)" keeps its last ')'), and so does the sentence punctuation after them
        /// ("(token=abc)." keeps ")."). Any other ')' stays masked: one the secret opened, one
        /// with no open parenthesis to close, and all of them when the secret holds a ')' it never opened, whose
        /// parentheses then say nothing about where it ends ("(token=abc)def)").
        /// </summary>
        /// <remarks>
        /// Regex.Replace hands the matches over in order and they do not overlap, so the parentheses before each secret
        /// are counted on from the previous one, and each secret is read once: linear in the text.
        /// </remarks>
        private sealed class SecretMask
        {
            private readonly string _text;
            private int _counted; // the text before this index is counted in _open
            private int _open;    // parentheses open on the current line before _counted

            internal SecretMask(string text) => _text = text;

            internal string Apply(Match m)
            {
                var g = m.Groups["secret"];
                if (!g.Success || g.Length == 0) return m.Value;
                int length = g.Length;
                // A secret followed by more of its match ("user:pa)@host") ends where the rule says, ')' included.
                if (g.Index + g.Length == m.Index + m.Length) length -= ClosingParentheses(g.Index, g.Length);
                if (length == 0) return m.Value;
                int at = g.Index - m.Index;
                return m.Value.Substring(0, at) + MaskOutsideTemplates(m.Value.Substring(at, length), Mask) + m.Value.Substring(at + length);
            }

            // How many characters at the end of the secret are not its own: the ')' that close a parenthesis opened
            // before it, and the sentence punctuation after them ("(token=abc)." ends at "abc"). Punctuation after no
            // such ')' stays the value's ("token=abc." masks "abc.").
            private int ClosingParentheses(int start, int length)
            {
                CountTo(start);
                if (_open == 0) return 0;
                int punctuation = 0;
                while (punctuation < length && IsSentenceEnd(_text[start + length - 1 - punctuation])) punctuation++;
                int trailing = 0;
                while (punctuation + trailing < length && _text[start + length - 1 - punctuation - trailing] == ')') trailing++;
                if (trailing == 0) return 0;
                int depth = 0;
                for (int i = start; i < start + length - punctuation - trailing; i++)
                {
                    char c = _text[i];
                    if (c == '(') depth++;
                    else if (c == ')' && --depth < 0) return 0;
                }
                int closing = Math.Min(Math.Max(0, trailing - depth), _open);
                return closing == 0 ? 0 : closing + punctuation;
            }

            private static bool IsSentenceEnd(char c) => c == '.' || c == ':' || c == '!' || c == '?';

            private void CountTo(int index)
            {
                for (; _counted < index; _counted++)
                {
                    char c = _text[_counted];
                    if (c == '\n' || c == '\r') _open = 0;
                    else if (c == '(') _open++;
                    else if (c == ')' && _open > 0) _open--;
                }
            }
        }

        private static bool IsAscii(string text)
        {
            foreach (char c in text) if (c >= 0x80) return false;
            return true;
        }

        private static bool HasHint(string text, string[] hints)
        {
            if (hints == null || hints.Length == 0) return true;
            foreach (var h in hints)
                if (text.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return false;
        }

        internal static string ReadEmbeddedText()
        {
            var asm = typeof(Redactor).Assembly;
            foreach (var name in asm.GetManifestResourceNames())
            {
                if (!name.EndsWith(CatalogName, StringComparison.Ordinal)) continue;
                using (var s = asm.GetManifestResourceStream(name))
                using (var r = new StreamReader(s, Encoding.UTF8))
                    return r.ReadToEnd();
            }
            throw new InvalidOperationException("The embedded resource " + CatalogName + " is missing from the engine.");
        }

        /// <summary>
        /// Reads a redaction catalog; a broken rule is an error of the module itself (the catalog is embedded; a test
        /// builds every pattern, which are otherwise built on first need).
        /// </summary>
        internal static LoadedCatalog Load(string text, string source)
        {
            var rules = new List<RedactionRule>();
            var fragments = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var doc in YamlDocumentReader.Read(text, source))
            {
                if (doc.Error != null) throw new InvalidOperationException(source + ": " + doc.Error.Message);
                if (!(doc.Root is DocMap root) || !(root.Get("rules") is DocList list))
                    throw new InvalidOperationException(source + ": the redaction catalog must be a mapping with a list 'rules'");
                if (root.Get("fragments") is DocMap named)
                    foreach (var f in named.Entries)
                        fragments[f.Key] = f.Value.AsString() ?? throw new InvalidOperationException(f.Value.Location + ": fragment " + f.Key + " must be a string");
                foreach (var item in list.Items)
                {
                    var map = item as DocMap ?? throw new InvalidOperationException(item.Location + ": a redaction rule must be a mapping");
                    string id = map.Get("id")?.AsString() ?? throw new InvalidOperationException(map.Location + ": a redaction rule needs an id");
                    string pattern = map.Get("pattern")?.AsString() ?? throw new InvalidOperationException(map.Location + ": rule " + id + " needs a pattern");
                    var hints = new List<string>();
                    switch (map.Get("hint"))
                    {
                        case DocList l:
                            foreach (var h in l.Items) if (h.AsString() is string hint) hints.Add(hint);
                            break;
                        case DocScalar s when s.AsString() is string hint:
                            hints.Add(hint);
                            break;
                    }
                    rules.Add(new RedactionRule { Id = id, Hints = hints.ToArray(), PatternText = Include(pattern, fragments, id, source) });
                }
            }
            if (!fragments.TryGetValue("template", out var template))
                throw new InvalidOperationException(source + ": the redaction catalog needs the fragment 'template'");
            return new LoadedCatalog(rules, template);
        }

        // Every (?&name) of a pattern replaced by its fragment as a non-capturing group; an unknown name is an error of the catalog.
        private static string Include(string pattern, IReadOnlyDictionary<string, string> fragments, string id, string source) =>
            Regex.Replace(pattern, @"\(\?&([A-Za-z][A-Za-z0-9_-]*)\)", m => fragments.TryGetValue(m.Groups[1].Value, out var f)
                ? "(?:" + f + ")"
                : throw new InvalidOperationException(source + ": rule " + id + " includes the unknown fragment " + m.Groups[1].Value));
    }
}
