using System;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Json;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// An object piped that lost its type (ConvertFrom-Json, a hashtable, a deserialized copy), written back as the one
    /// JSON line it came from, so the one parser of its kind reads it like a line of a file: an audit event
    /// (AuditEventQuery), a resource as tctl writes it (<see cref="ClusterInput.ReadObject"/>).
    /// </summary>
    public static class PipedObjectJson
    {
        /// <summary>The JSON line of the object; a TeleportArgumentException (InvalidPipelineInput) when it is nested deeper than <see cref="Limits.PipedObjectMaxDepth"/>.</summary>
        public static string Of(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var sb = new StringBuilder();
            Append(sb, input, 0, Limits.Current);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, IInputObject? value, int depth, Limits limits)
        {
            if (depth > limits.PipedObjectMaxDepth)
                throw new TeleportArgumentException("InvalidPipelineInput", "the object is nested deeper than " + limits.PipedObjectMaxDepth.ToString(CultureInfo.InvariantCulture) +
                    " levels (" + limits.Describe(nameof(Limits.PipedObjectMaxDepth)) + ")");
            var raw = value?.Value;
            switch (raw)
            {
                case null:
                    sb.Append("null");
                    return;
                case string s:
                    JsonText.AppendQuoted(sb, s);
                    return;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    return;
                // ConvertFrom-Json turns "time" into a DateTime: written back as the UTC instant it was (no zone means UTC).
                case DateTime dt:
                    JsonText.AppendQuoted(sb, Utc(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()));
                    return;
                case DateTimeOffset dto:
                    JsonText.AppendQuoted(sb, Utc(dto.UtcDateTime));
                    return;
                case int _:
                case long _:
                case double _:
                case decimal _:
                case float _:
                case short _:
                case byte _:
                case BigInteger _:
                    sb.Append(Convert.ToString(raw, CultureInfo.InvariantCulture));
                    return;
            }
            if (value!.IsPropertyBag)
            {
                sb.Append('{');
                bool first = true;
                foreach (var p in value.Properties())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    JsonText.AppendQuoted(sb, p.Key);
                    sb.Append(':');
                    Append(sb, p.Value, depth + 1, limits);
                }
                sb.Append('}');
                return;
            }
            if (raw is IEnumerable)
            {
                sb.Append('[');
                bool first = true;
                foreach (var item in value.Items())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    Append(sb, item, depth + 1, limits);
                }
                sb.Append(']');
                return;
            }
            JsonText.AppendQuoted(sb, raw.ToString() ?? "");
        }

        private static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
