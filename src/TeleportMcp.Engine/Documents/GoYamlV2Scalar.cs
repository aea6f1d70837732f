using System;
using System.Globalization;
using System.Numerics;
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

        /// <summary>
        /// A cheap test every key passes first: a boolean or null is at most 5 letters, and anything else typed starts with
        /// a digit, a sign, '.' or '~'.
        /// </summary>
        public static bool MayBeTyped(string s)
        {
            if (s.Length == 0) return true;
            char c = s[0];
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == '~') return true;
            return s.Length <= 5 && (c == 'y' || c == 'Y' || c == 'n' || c == 'N' || c == 't' || c == 'T' || c == 'f' || c == 'F' || c == 'o' || c == 'O');
        }

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
            if (first == '.') return IsDotFloat(s) ? PlainScalarKind.Number : PlainScalarKind.Text;
            if (!(first >= '0' && first <= '9') && first != '+' && first != '-') return PlainScalarKind.Text;
            string plain = s.Replace("_", "");
            if (IsGoInteger(plain) || IsYamlStyleFloat(plain) || TryBinaryBranch(plain, out _, out _)) return PlainScalarKind.Number;
            return PlainScalarKind.Text;
        }

        private static bool IsYamlStyleFloat(string plain) =>
            YamlStyleFloat.IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d);

        // resolve.go's '.' hint: strconv.ParseFloat(in, 64) on the value as written, which takes underscores between digits
        // (atof.go underscoreOK) and refuses a value out of range.
        private static bool IsDotFloat(string s)
        {
            if (s.IndexOf('_') >= 0)
            {
                if (!UnderscoresBetweenDigits(s)) return false;
                s = s.Replace("_", "");
            }
            return IsYamlStyleFloat(s);
        }

        // atof.go underscoreOK for a value without a base prefix: each '_' has a digit before and after it.
        private static bool UnderscoresBetweenDigits(string s)
        {
            for (int i = 0; i < s.Length; i++)
                if (s[i] == '_' && (i == 0 || !IsDigit(s[i - 1]) || i + 1 == s.Length || !IsDigit(s[i + 1]))) return false;
            return true;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        // resolve.go's last try for a value starting "0b": strconv.ParseInt(plain[2:], 2, 64), which takes a sign, so
        // "0b-1" is -1 and "0b+101" is 5 (a value base-0 parsing refuses); ParseUint takes no sign, so nothing beyond int64.
        private static bool TryBinaryBranch(string plain, out bool negative, out ulong magnitude)
        {
            negative = false;
            magnitude = 0;
            if (plain.Length < 4 || plain[0] != '0' || plain[1] != 'b' || (plain[2] != '-' && plain[2] != '+')) return false;
            if (!TryMagnitude(plain.Substring(3), 2, out magnitude)) return false;
            negative = plain[2] == '-';
            return negative ? magnitude <= (ulong)long.MaxValue + 1 : magnitude <= long.MaxValue;
        }

        // strconv.ParseInt(plain, 0, 64), then ParseUint(plain, 0, 64): a sign, then 0x/0o/0b or a leading 0 for octal. A
        // signed value must fit int64 (ParseUint takes no sign), an unsigned one uint64. v2's own "0b" branch adds a signed
        // body (TryBinaryBranch); its "-0b" one adds nothing base-0 parsing does not take. A value out of range is then
        // tried as a YAML-style float, which takes a decimal or leading-0 one; a hex or binary one out of range stays text.
        private static bool IsGoInteger(string s) => TryGoInteger(s, out _, out _);

        private static bool TryGoInteger(string s, out bool negative, out ulong magnitude)
        {
            negative = false;
            magnitude = 0;
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
            if (!TryMagnitude(body, radix, out magnitude)) return false;
            negative = s[0] == '-';
            if (!signed) return true;
            const ulong int64Max = long.MaxValue;
            return negative ? magnitude <= int64Max + 1 : magnitude <= int64Max;
        }

        /// <summary>
        /// The name a map key written plain gets in the JSON tctl decodes (sigs.k8s.io/yaml convertToJSONableObject): a
        /// boolean is "true" or "false", an int its decimal, a float strconv.FormatFloat(v, 'g', -1, 32) with .inf, -.inf
        /// and .nan for the infinite ones; a string stays itself. Null, and an integer above int64 (a uint64), are keys it
        /// refuses ("unsupported map key of type"): null is returned, with the type in <paramref name="refused"/>.
        /// </summary>
        public static string? KeyText(string plain, out string? refused)
        {
            refused = null;
            switch (Kind(plain))
            {
                case PlainScalarKind.Null:
                    refused = "<nil>";
                    return null;
                case PlainScalarKind.Boolean:
                    return Array.IndexOf(TrueSpellings, plain) >= 0 ? "true" : "false";
                case PlainScalarKind.Text:
                    return plain;
            }
            switch (plain)
            {
                case ".nan": case ".NaN": case ".NAN": return ".nan";
                case ".inf": case ".Inf": case ".INF": case "+.inf": case "+.Inf": case "+.INF": return ".inf";
                case "-.inf": case "-.Inf": case "-.INF": return "-.inf";
            }
            string digits = plain[0] == '.' ? plain : plain.Replace("_", "");
            if (plain[0] != '.' && (TryGoInteger(digits, out bool negative, out ulong magnitude) || TryBinaryBranch(digits, out negative, out magnitude)))
            {
                if (!negative && magnitude > long.MaxValue)
                {
                    refused = "uint64";
                    return null;
                }
                return (negative && magnitude != 0 ? "-" : "") + magnitude.ToString(CultureInfo.InvariantCulture);
            }
            return GoFloat32G(double.Parse(plain.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The JSON text sigs.k8s.io/yaml gives a plain value go-yaml v2 reads as a boolean or a number (json.Marshal of the
        /// bool, int64, uint64 or float64 it decodes to; a value keeps its type, as tctl decodes into no typed target): true
        /// or false, an integer's decimal, a float as encoding/json writes a float64. Null for infinity and NaN, which
        /// json.Marshal refuses, and for text or null.
        /// </summary>
        public static string? JsonValueText(string plain)
        {
            if (plain == null) throw new ArgumentNullException(nameof(plain));
            switch (Kind(plain))
            {
                case PlainScalarKind.Boolean:
                    return Array.IndexOf(TrueSpellings, plain) >= 0 ? "true" : "false";
                case PlainScalarKind.Number:
                    break;
                default:
                    return null;
            }
            string digits = plain[0] == '.' ? plain : plain.Replace("_", "");
            if (plain[0] != '.' && (TryGoInteger(digits, out bool negative, out ulong magnitude) || TryBinaryBranch(digits, out negative, out magnitude)))
                return (negative && magnitude != 0 ? "-" : "") + magnitude.ToString(CultureInfo.InvariantCulture);
            if (plain.IndexOf("inf", StringComparison.OrdinalIgnoreCase) >= 0 || plain.IndexOf("nan", StringComparison.OrdinalIgnoreCase) >= 0) return null;
            double value = double.Parse(plain.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsInfinity(value) || double.IsNaN(value) ? null : GoJsonFloat64(value);
        }

        /// <summary>encoding/json's float64 (encode.go floatEncoder): the shortest digits, %f from 1e-6 up to 1e21, else %e with a one-digit negative exponent.</summary>
        internal static string GoJsonFloat64(double value)
        {
            bool negative = value < 0 || (value == 0 && 1 / value < 0);
            string sign = negative ? "-" : "";
            double abs = Math.Abs(value);
            if (abs == 0) return sign + "0";
            // .NET's round-trip form is the shortest that reads back, as strconv's -1 precision.
            string r = abs.ToString("R", CultureInfo.InvariantCulture);
            int e = r.IndexOfAny(new[] { 'E', 'e' });
            string mantissa = e < 0 ? r : r.Substring(0, e);
            int exponent = e < 0 ? 0 : int.Parse(r.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            int dot = mantissa.IndexOf('.');
            string all = mantissa.Replace(".", "");
            int intDigits = dot < 0 ? mantissa.Length : dot;
            int lead = 0;
            while (lead < all.Length - 1 && all[lead] == '0') lead++;
            string digits = all.Substring(lead).TrimEnd('0');
            if (digits.Length == 0) digits = "0";
            int point = intDigits - lead + exponent;   // digits are 0.d1d2... x 10^point
            if (abs < 1e-6 || abs >= 1e21)
            {
                int exp10 = point - 1;
                string m = digits.Length > 1 ? digits.Substring(0, 1) + "." + digits.Substring(1) : digits;
                return sign + m + "e" + (exp10 < 0 ? "-" + (-exp10).ToString(CultureInfo.InvariantCulture)
                    : "+" + (exp10 < 10 ? "0" : "") + exp10.ToString(CultureInfo.InvariantCulture));
            }
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
            return sign + digits.Substring(0, point) + "." + digits.Substring(point);
        }

        /// <summary>
        /// What the key is in the Go map go-yaml v2 decodes a mapping into (map[interface{}]interface{}): two keys that are
        /// equal there are one entry, the later value kept. Null for text, and for NaN, which equals no key.
        /// </summary>
        internal static string? GoMapKey(string plain)
        {
            switch (Kind(plain))
            {
                case PlainScalarKind.Null: return "nil";
                case PlainScalarKind.Boolean: return "bool " + KeyText(plain, out _);
                case PlainScalarKind.Text: return null;
            }
            string? name = KeyText(plain, out var refused);
            if (name == ".nan") return null;
            if (name == ".inf" || name == "-.inf") return "float " + name;
            string digits = plain[0] == '.' ? plain : plain.Replace("_", "");
            if (plain[0] != '.' && (TryGoInteger(digits, out bool negative, out ulong magnitude) || TryBinaryBranch(digits, out negative, out magnitude)))
                return refused != null ? "uint64 " + magnitude.ToString(CultureInfo.InvariantCulture) : "int " + name;
            double value = double.Parse(plain.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
            // -0 and 0 are one float64 key (Go compares map keys with ==).
            return "float " + BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value).ToString(CultureInfo.InvariantCulture);
        }

        private static readonly string[] TrueSpellings = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };

        /// <summary>strconv.FormatFloat(v, 'g', -1, 32), with sigs.k8s.io/yaml's names for the infinite values and NaN.</summary>
        internal static string GoFloat32G(double value)
        {
            float f = (float)value;
            if (float.IsNaN(f)) return ".nan";
            if (float.IsPositiveInfinity(f)) return ".inf";
            if (float.IsNegativeInfinity(f)) return "-.inf";
            bool negative = f < 0 || (f == 0 && 1 / f < 0);
            string sign = negative ? "-" : "";
            if (f == 0) return sign + "0";
            var (digits, exponent) = ShortestDigits(Math.Abs(f));
            // %e when the exponent is below -4 or at least 6 (the shortest form decides with precision 6), else %f.
            if (exponent < -4 || exponent >= 6)
            {
                string mantissa = digits.Length > 1 ? digits.Substring(0, 1) + "." + digits.Substring(1) : digits;
                int abs = Math.Abs(exponent);
                return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs.ToString(CultureInfo.InvariantCulture);
            }
            int point = exponent + 1;
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
            return sign + digits.Substring(0, point) + "." + digits.Substring(point);
        }

        // The fewest significant digits that read back as the same float32, the nearest to it of those and the even one
        // of two as near (strconv's shortest form, ftoaryu.go ryuDigits32). The nearest p-digit number may fall outside
        // the float's interval where that interval is lopsided (a power of two: the gap below is half the gap above)
        // while its neighbour lies inside, so both neighbours are tried too, their distances compared exactly.
        private static (string Digits, int Exponent) ShortestDigits(float f)
        {
            int bits = BitConverter.ToInt32(BitConverter.GetBytes(f), 0);
            int biased = (bits >> 23) & 0xFF;
            long significand = biased == 0 ? bits & 0x7FFFFF : (bits & 0x7FFFFF) | 0x800000;
            int binaryExponent = (biased == 0 ? 1 : biased) - 150; // f = significand * 2^binaryExponent
            for (int precision = 1; ; precision++)
            {
                string e = f.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                int at = e.IndexOf('E');
                long mantissa = long.Parse(e.Substring(0, at).Replace(".", ""), NumberStyles.None, CultureInfo.InvariantCulture);
                int scale = int.Parse(e.Substring(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) - (precision - 1);
                // f and 10^scale, both times 2^-binaryExponent and 10^-scale where those are fractions, are integers.
                var exact = significand * BigInteger.Pow(2, Math.Max(0, binaryExponent)) * BigInteger.Pow(10, Math.Max(0, -scale));
                var unit = BigInteger.Pow(10, Math.Max(0, scale)) * BigInteger.Pow(2, Math.Max(0, -binaryExponent));
                long best = -1;
                BigInteger bestDistance = default;
                foreach (long candidate in new[] { mantissa, mantissa - 1, mantissa + 1 })
                {
                    if (candidate <= 0) continue;
                    string text = candidate.ToString(CultureInfo.InvariantCulture) + "E" + scale.ToString(CultureInfo.InvariantCulture);
                    if (float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != f) continue;
                    var distance = BigInteger.Abs(candidate * unit - exact);
                    int order = best < 0 ? -1 : distance.CompareTo(bestDistance);
                    if (order < 0 || (order == 0 && candidate % 2 == 0)) (best, bestDistance) = (candidate, distance);
                }
                if (best < 0 && precision < 9) continue;
                if (best < 0) best = mantissa; // nine digits always read back
                string digits = best.ToString(CultureInfo.InvariantCulture);
                int exponent = scale + digits.Length - 1;
                digits = digits.TrimEnd('0');
                return (digits.Length == 0 ? "0" : digits, exponent);
            }
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
