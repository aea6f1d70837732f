using System;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Tctl
{
    /// <summary>
    /// Says whether Go's RE2 would compile a regex entry. A seam: the RBAC engine's validator can replace this one.
    /// </summary>
    public interface IToolPatternValidator
    {
        /// <summary>null when the pattern compiles under RE2; otherwise Go-style text beginning "error parsing regexp: ".</summary>
        string Check(string pattern);
    }

    /// <summary>
    /// A small RE2 check: rejects the constructs RE2 refuses although .NET accepts them (reference P8: lookaround,
    /// backreferences, atomic groups, possessive quantifiers, conditionals, \Z and \G), then lets .NET find plain
    /// syntax errors. It is not a full RE2 parser: a pattern it passes may still fail in Teleport in rare cases.
    /// </summary>
    public sealed class BasicRe2Validator : IToolPatternValidator
    {
        public static readonly BasicRe2Validator Instance = new BasicRe2Validator();

        public string Check(string pattern)
        {
            if (pattern == null) return "error parsing regexp: missing pattern";
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    char n = pattern[i + 1];
                    if (n >= '1' && n <= '9' || n == 'k' || n == 'Z' || n == 'G')
                        return "error parsing regexp: invalid escape sequence: `\\" + n + "`";
                    i++;
                    continue;
                }
                if (c == '[')
                {
                    i = SkipClass(pattern, i);
                    continue;
                }
                if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
                {
                    string rest = pattern.Substring(i);
                    foreach (var bad in new[] { "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?(", "(?#" })
                        if (rest.StartsWith(bad, StringComparison.Ordinal))
                            return "error parsing regexp: invalid or unsupported Perl syntax: `" + bad + "`";
                }
                if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == '+')
                    return "error parsing regexp: invalid nested repetition operator: `" + c + "+`";
            }
            try
            {
                // RE2 names groups (?P<name>...); .NET spells it (?<name>...).
                new Regex(pattern.Replace("(?P<", "(?<"), RegexOptions.CultureInvariant);
                return null;
            }
            catch (ArgumentException e)
            {
                return "error parsing regexp: " + e.Message;
            }
        }

        private static int SkipClass(string p, int start)
        {
            int i = start + 1;
            if (i < p.Length && p[i] == '^') i++;
            if (i < p.Length && p[i] == ']') i++;
            for (; i < p.Length; i++)
            {
                if (p[i] == '\\') { i++; continue; }
                if (p[i] == ']') return i;
            }
            return p.Length;
        }
    }
}
