using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Documents
{
    /// <summary>What an unquoted scalar is to go-yaml v2 (YAML 1.1), which tctl reads resources with.</summary>
    public enum PlainScalarKind
    {
        Text,
        Boolean,
        Number,
        Null,
    }

    /// <summary>
    /// go-yaml v2's resolve rule for a plain scalar (sigs.k8s.io/yaml goyaml.v2/resolve.go, the decoder under tctl's
    /// resource reading): yes/no/on/off/y/n and true/false in three spellings are booleans, decimal, 0x, 0o, 0b and
    /// leading-0 octal integers (underscores dropped) and YAML-style floats are numbers. A timestamp-like value stays
    /// text when decoded into an untyped value, which is how tctl decodes a resource.
    /// </summary>
    public static class GoYamlV2Scalar
    {
        private static readonly Regex YamlStyleFloat = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

        /// <summary>A boolean or a number: not text to a decoder that keeps YAML's types (JSON, after sigs.k8s.io/yaml).</summary>
        public static bool IsTyped(PlainScalarKind kind) => kind == PlainScalarKind.Boolean || kind == PlainScalarKind.Number;

        public static PlainScalarKind Kind(string s)
        {
            if (s == null) throw new ArgumentNullException(nameof(s));
            switch (s)
            {
                case "y": case "Y": case "yes": case "Yes": case "YES":
                case "n": case "N": case "no": case "No": case "NO":
                case "true": case "True": case "TRUE":
                case "false": case "False": case "FALSE":
                case "on": case "On": case "ON":
                case "off": case "Off": case "OFF":
                    return PlainScalarKind.Boolean;
                case "": case "~": case "null": case "Null": case "NULL":
                    return PlainScalarKind.Null;
                case ".nan": case ".NaN": case ".NAN":
                case ".inf": case ".Inf": case ".INF":
                case "+.inf": case "+.Inf": case "+.INF":
                case "-.inf": case "-.Inf": case "-.INF":
                    return PlainScalarKind.Number;
            }
            char first = s[0];
            if (first == '.')
                return YamlStyleFloat.IsMatch(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && !double.IsInfinity(f) ? PlainScalarKind.Number : PlainScalarKind.Text;
            if (!(first >= '0' && first <= '9') && first != '+' && first != '-') return PlainScalarKind.Text;
            string plain = s.Replace("_", "");
            if (IsGoInteger(plain)) return PlainScalarKind.Number;
            if (YamlStyleFloat.IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d))
                return PlainScalarKind.Number;
            return PlainScalarKind.Text;
        }

        // strconv.ParseInt(plain, 0, 64), then ParseUint(plain, 0, 64): a sign, then 0x/0o/0b or a leading 0 for octal. A
        // signed value must fit int64 (ParseUint takes no sign), an unsigned one uint64. v2's own "0b"/"-0b" branch adds
        // nothing Go's base-0 parsing does not take. A value out of range is then tried as a YAML-style float, which
        // takes a decimal or leading-0 one; a hex or binary one out of range stays text.
        private static bool IsGoInteger(string s)
        {
            int i = 0;
            bool signed = s.Length > 0 && (s[0] == '+' || s[0] == '-');
            if (signed) i = 1;
            if (i >= s.Length) return false;
            string body = s.Substring(i);
            int radix = 10;
            if (body.Length > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) { radix = 16; body = body.Substring(2); }
            else if (body.Length > 2 && body[0] == '0' && (body[1] == 'o' || body[1] == 'O')) { radix = 8; body = body.Substring(2); }
            else if (body.Length > 2 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B')) { radix = 2; body = body.Substring(2); }
            else if (body.Length > 1 && body[0] == '0') { radix = 8; body = body.Substring(1); }
            if (!TryMagnitude(body, radix, out ulong magnitude)) return false;
            if (!signed) return true;
            const ulong int64Max = long.MaxValue;
            return s[0] == '-' ? magnitude <= int64Max + 1 : magnitude <= int64Max;
        }

        /// <summary>The digits' value in the radix, false when a digit is not one of it or the value passes 64 bits.</summary>
        private static bool TryMagnitude(string digits, int radix, out ulong value)
        {
            value = 0;
            if (digits.Length == 0) return false;
            foreach (char c in digits)
            {
                int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
                if (v >= radix) return false;
                if (value > (ulong.MaxValue - (ulong)v) / (ulong)radix) return false;
                value = value * (ulong)radix + (ulong)v;
            }
            return true;
        }
    }
}
