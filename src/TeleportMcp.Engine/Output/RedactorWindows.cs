using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    public static partial class Redactor
    {
        /// <summary>Longest text the windows of <see cref="RedactInWindows"/> hold in all; past it the text is redacted whole.</summary>
        internal const int MaxWindowChars = 1 << 20;

        /// <summary>Most windows <see cref="RedactInWindows"/> redacts; past them the text is redacted whole.</summary>
        internal const int MaxWindows = 64;

        private static readonly ConditionalReach s_reach = new ConditionalReach();

        // Each rule's reach, derived from its pattern once (null: the pattern is not of the form RedactionReach reads).
        private sealed class ConditionalReach
        {
            private readonly System.Runtime.CompilerServices.ConditionalWeakTable<RedactionRule, Box> _table = new System.Runtime.CompilerServices.ConditionalWeakTable<RedactionRule, Box>();

            internal RedactionReach? Of(RedactionRule rule) => _table.GetValue(rule, r => new Box(RedactionReach.Of(r.PatternText))).Reach;

            private sealed class Box
            {
                internal Box(RedactionReach? reach) => Reach = reach;
                internal RedactionReach? Reach { get; }
            }
        }

        /// <summary>The reach of a rule's matches (<see cref="RedactionReach"/>), or null when its pattern is not read.</summary>
        internal static RedactionReach? ReachOf(RedactionRule rule) => s_reach.Of(rule);

        /// <summary>
        /// <see cref="Redact(string)"/> of the joined pieces, as pieces, without joining them: the same text, or null when
        /// that cannot be shown here (then the caller redacts the joined text). Only when the text is ASCII and the hints
        /// in it are one rule's, a rule whose reach is known (<see cref="RedactionReach"/>): every match of it then lies
        /// in a window around an occurrence of its literal, and the rule is applied to each window alone (one character
        /// more on each side, for \b); the text between the windows is no match's and is kept as it is, not copied.
        /// </summary>
        internal static MessageText? RedactInWindows(MessageText text)
        {
            var rules = Rules;
            var hints = Hints;
            if (hints.AlwaysCheck) return null;
            // Pass 1: ASCII, and which rules' hints occur (Redact runs a rule on ASCII text only when a hint of it occurs).
            var byHint = hints.Owners;
            int k = Math.Max(2, hints.MaxLength);
            var ring = new char[k];
            long seen = 0;
            bool ascii = true;
            var found = new HashSet<int>();
            void StartsAt(long s, long available)
            {
                // The hints that start at s (its next available characters are in the ring).
                char a = ring[s % k], b = available > 1 ? ring[(s + 1) % k] : '\0';
                if (available < 2) return;
                var candidates = hints.Table[a * 128 + b];
                if (candidates == null) return;
                foreach (var h in candidates)
                {
                    if (h.Length > available) continue;
                    int m = 2;
                    while (m < h.Length && ring[(s + m) % k] == h[m]) m++;
                    if (m == h.Length) found.Add(byHint.TryGetValue(h, out int owner) ? owner : -1);
                }
            }
            text.ForEachChunk((at, s, buf, start, count) =>
            {
                if (!ascii) return;
                for (int i = start; i < start + count; i++)
                {
                    char c = s != null ? s[i] : buf![i];
                    if (c >= 0x80)
                    {
                        ascii = false;
                        return;
                    }
                    ring[seen % k] = Fold(c);
                    seen++;
                    if (seen >= k) StartsAt(seen - k, k);
                }
            });
            if (!ascii) return null;
            for (long s = Math.Max(0, seen - k + 1); s < seen; s++) StartsAt(s, seen - s);
            if (found.Count == 0) return text;
            if (found.Count != 1 || found.Contains(-1)) return null;
            int only = -1;
            foreach (int f in found) only = f;
            var rule = rules[only];
            var reach = ReachOf(rule);
            if (reach == null) return null;

            // Pass 2: the windows around each occurrence of the rule's literal.
            var windows = Windows(text, reach);
            if (windows == null) return null;
            var pieces = new List<object>();
            long done = 0;
            foreach (var (from, to) in windows)
            {
                if (from > done) pieces.Add(text.Range(done, from));
                string window = text.Window(from, to);
                string redacted;
                try
                {
                    redacted = ApplyRule(rule, rule.Pattern, window);
                }
                catch (RegexMatchTimeoutException)
                {
                    return null;
                }
                pieces.Add(redacted);
                done = to;
            }
            if (done < text.Length) pieces.Add(text.Range(done, text.Length));
            return MessageText.Of(pieces.ToArray());
        }

        /// <summary>One rule's step of <see cref="Redact(string)"/>: its matches masked in <paramref name="text"/>.</summary>
        private static string ApplyRule(RedactionRule rule, Regex pattern, string text) =>
            rule.HasSecretGroup ? pattern.Replace(text, new SecretMask(text).Apply) : pattern.Replace(text, Mask);

        // The windows, in order and apart, that hold every match of the reach's rule (each occurrence of its literal, the run
        // of Before characters that ends at it, the run of After characters after it, or up to the first Last character in
        // that run when the rule has one (none in the run: no window), one character more on each side);
        // null when there are more than MaxWindows or they hold more than MaxWindowChars.
        private static List<(long From, long To)>? Windows(MessageText text, RedactionReach reach)
        {
            string literal = reach.Literal;
            var lastChars = reach.Last;
            int n = literal.Length;
            var last = new char[n];
            var notBefore = new long[n]; // for each of the last n positions: the last position before it whose character is not in Before
            long lastNotBefore = -1;
            long position = 0;
            var open = new List<(long Start, long LiteralEnd)>(); // occurrences whose After run has not ended
            var spans = new List<(long From, long To)>();
            bool tooMany = false;
            text.ForEachChunk((at, s, buf, start, count) =>
            {
                if (tooMany) return;
                for (int i = start; i < start + count; i++, position++)
                {
                    char c = s != null ? s[i] : buf![i];
                    // An open window already longer than all windows may be: the text is redacted whole. With a known last
                    // character an open occurrence is not yet a window (it may hold no match), so it is measured when it ends.
                    if (lastChars == null && open.Count > 0 && position - open[0].Start > MaxWindowChars)
                    {
                        tooMany = true;
                        return;
                    }
                    char f = reach.IgnoreCase ? Fold(c) : c;
                    if (open.Count > 0 && (lastChars != null && lastChars[c] || !reach.After[c]))
                    {
                        // A last character ends every open occurrence's match here; a character outside After ends its run,
                        // and without a known last character its window; with one, that occurrence is in no match.
                        bool ends = lastChars != null && lastChars[c];
                        for (int o = open.Count - 1; o >= 0; o--)
                        {
                            if (open[o].LiteralEnd > position) continue;
                            if (ends) spans.Add((open[o].Start, position + 1));
                            else if (lastChars == null) spans.Add((open[o].Start, position));
                            open.RemoveAt(o);
                        }
                    }
                    notBefore[position % n] = lastNotBefore;
                    if (!reach.Before[c]) lastNotBefore = position;
                    last[position % n] = f;
                    if (position + 1 >= n)
                    {
                        long h = position + 1 - n;
                        int m = 0;
                        while (m < n && last[(h + m) % n] == literal[m]) m++;
                        if (m == n)
                        {
                            // The Before run that ends at h starts after the last non-Before character before h.
                            open.Add((notBefore[h % n] + 1, h + n));
                            if (open.Count + spans.Count > MaxWindows)
                            {
                                tooMany = true;
                                return;
                            }
                        }
                    }
                }
            });
            if (tooMany) return null;
            if (lastChars == null)
                foreach (var o in open) spans.Add((o.Start, text.Length));
            spans.Sort((a, b) => a.From.CompareTo(b.From));
            var merged = new List<(long From, long To)>();
            long total = 0;
            foreach (var (from0, to0) in spans)
            {
                long from = Math.Max(0, from0 - 1), to = Math.Min(text.Length, to0 + 1);
                if (merged.Count > 0 && from <= merged[merged.Count - 1].To)
                {
                    var prev = merged[merged.Count - 1];
                    total += Math.Max(0, to - prev.To);
                    merged[merged.Count - 1] = (prev.From, Math.Max(prev.To, to));
                }
                else
                {
                    merged.Add((from, to));
                    total += to - from;
                }
                if (total > MaxWindowChars) return null;
            }
            return merged;
        }
    }
}
