using System.Collections.Generic;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>
    /// The characters a whole-input match can start and end with, for a pattern anchored at both ends (^...$ without
    /// (?m), as Teleport's regex entries are): such a match consumes the whole input, so an input whose first or last
    /// character no path can consume is refused without running the automaton. With many roles, most entries refuse
    /// most tool names this way, at the cost of two set lookups.
    /// </summary>
    internal sealed class GoRegexEnds
    {
        private readonly List<RSet> _first;
        private readonly List<RSet> _last;

        private GoRegexEnds(List<RSet> first, List<RSet> last)
        {
            _first = first;
            _last = last;
        }

        /// <summary>The ends of <paramref name="root"/>, or null when the pattern is not anchored at both ends or a part is not understood.</summary>
        public static GoRegexEnds? For(RNode root)
        {
            while (root is RCapture c) root = c.Sub;
            if (!(root is RConcat concat) || concat.Items.Count < 2) return null;
            var items = concat.Items;
            if (!(items[0] is RAssert b) || b.Kind != AssertKind.BeginText) return null;
            if (!(items[items.Count - 1] is RAssert e) || e.Kind != AssertKind.EndText) return null;
            var middle = items.GetRange(1, items.Count - 2);
            var first = new List<RSet>();
            var last = new List<RSet>();
            if (!Sequence(middle, first, fromEnd: false, out _) || !Sequence(middle, last, fromEnd: true, out _)) return null;
            return new GoRegexEnds(first, last);
        }

        /// <summary>False when the input's first or last character cannot be consumed there by any match.</summary>
        public bool MayMatch(string input)
        {
            if (string.IsNullOrEmpty(input)) return true;
            char a = input[0], z = input[input.Length - 1];
            if (char.IsSurrogate(a) || char.IsSurrogate(z)) return true;
            return Any(_first, a) && Any(_last, z);
        }

        public bool MayStartWith(int cp) => Any(_first, cp);

        public bool MayEndWith(int cp) => Any(_last, cp);

        private static bool Any(List<RSet> sets, int cp)
        {
            foreach (var s in sets) if (s.Matches(cp)) return true;
            return false;
        }

        // Adds the sets that may consume the first (or last) character of a match of the node; nullable when the
        // node can match the empty string. Assertions consume nothing and are passed over (a superset stays sound).
        private static bool Node(RNode node, List<RSet> into, bool fromEnd, out bool nullable)
        {
            nullable = false;
            switch (node)
            {
                case RSet s:
                    into.Add(s);
                    return true;
                case RAssert _:
                    nullable = true;
                    return true;
                case RCapture c:
                    return Node(c.Sub, into, fromEnd, out nullable);
                case RConcat cat:
                    return Sequence(cat.Items, into, fromEnd, out nullable);
                case RAlt alt:
                    foreach (var item in alt.Items)
                    {
                        if (!Node(item, into, fromEnd, out bool n)) return false;
                        nullable |= n;
                    }
                    return true;
                case RRepeat r:
                    if (r.Max == 0) { nullable = true; return true; }
                    if (!Node(r.Sub, into, fromEnd, out bool subNullable)) return false;
                    nullable = r.Min == 0 || subNullable;
                    return true;
                default:
                    return false;
            }
        }

        private static bool Sequence(List<RNode> items, List<RSet> into, bool fromEnd, out bool nullable)
        {
            nullable = true;
            for (int k = 0; k < items.Count; k++)
            {
                var item = items[fromEnd ? items.Count - 1 - k : k];
                if (!Node(item, into, fromEnd, out bool n)) return false;
                if (!n) { nullable = false; return true; }
            }
            return true;
        }
    }
}
