using System.Collections.Generic;
using System.Text;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Documents;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Teleport's rule for a label key, the one place the module holds it: the resource reader refuses a resource whose
    /// labels break it, and -AppLabels (<see cref="AppLabelInput"/>) refuses such an entry.
    /// </summary>
    public static class LabelKeys
    {
        /// <summary>
        /// Whether Teleport accepts <paramref name="key"/> as a label key: letters, digits and / . _ : * -, at least one
        /// (gravitational/teleport api/types/common/common.go @11994a8c IsValidLabelKey; the older LabelPattern
        /// ^[a-zA-Z/.0-9_:*-]+$, search-index ids 766995440, 3407852511).
        /// </summary>
        public static bool IsValid(string? key)
        {
            if (string.IsNullOrEmpty(key)) return false;
            foreach (char c in key!)
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '_' || c == ':' || c == '*' || c == '-'))
                    return false;
            return true;
        }

        /// <summary>
        /// Refuses a labels mapping holding a key outside <see cref="IsValid"/>, in Teleport's words:
        /// api/types/metadata.go Metadata.CheckAndSetDefaults "invalid label key: %q" (search-index id 560505390; every
        /// role, user and app runs it, so tctl create refuses the whole resource), or for an app's spec.dynamic_labels
        /// AppV3.CheckAndSetDefaults "app %q invalid label key: %q" (api/types/app.go, id 127154666). Both check with
        /// "for key := range" over a Go map, whose order is not fixed: with two or more refused keys Teleport names any one
        /// of them, so all are listed (<see cref="Refusal(System.Collections.Generic.IReadOnlyList{System.Collections.Generic.KeyValuePair{string, SourceLocation}}, string)"/>),
        /// the error at the first in the file.
        /// </summary>
        internal static void Check(DocMap? labels, string? appName = null)
        {
            var refusal = Refused(labels, appName);
            if (refusal != null) throw new TeleportInputException("InvalidResource", refusal.Detail, refusal.Location);
        }

        /// <summary>The keys of <paramref name="labels"/> that break <see cref="IsValid"/>, in the file's order, each with where it is written.</summary>
        internal static List<KeyValuePair<string, SourceLocation?>> RefusedKeys(DocMap? labels)
        {
            var keys = new List<KeyValuePair<string, SourceLocation?>>();
            if (labels == null) return keys;
            foreach (var kv in labels.Entries)
                if (!IsValid(kv.Key))
                    keys.Add(new KeyValuePair<string, SourceLocation?>(kv.Key, labels.KeyLocation(kv.Key) ?? kv.Value.Location));
            return keys;
        }

        /// <summary>The refusal of <paramref name="labels"/> (see <see cref="Check"/>); null when every key is valid.</summary>
        internal static LabelKeyRefusal? Refused(DocMap? labels, string? appName = null) => Refusal(RefusedKeys(labels), appName);

        /// <summary>
        /// Teleport's text for refused keys of one map: Metadata's for static labels, AppV3's (naming the app) for dynamic
        /// ones. One key: Teleport's own text. Several: Teleport ranges over a Go map (order not fixed, so any one of them
        /// may be the one named; Go spec "For statements with range clause": "The iteration order over maps is not
        /// specified"), so all are listed with their line and column, at the first in the file. Null for none.
        /// </summary>
        internal static LabelKeyRefusal? Refusal(IReadOnlyList<KeyValuePair<string, SourceLocation?>> keys, string? appName = null)
        {
            if (keys == null || keys.Count == 0) return null;
            string head = (appName == null ? "" : "app " + GoText.Quote(appName) + " ") + "invalid label key: ";
            if (keys.Count == 1) return new LabelKeyRefusal(head + GoText.Quote(keys[0].Key), keys[0].Value);
            var text = new StringBuilder(head).Append("one of ");
            for (int i = 0; i < keys.Count; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(GoText.Quote(keys[i].Key));
                var at = keys[i].Value;
                if (at != null && at.Line > 0) text.Append(" (line ").Append(at.Line).Append(at.Column > 0 ? ", column " + at.Column : "").Append(')');
            }
            text.Append(". Teleport checks label keys in Go map order, which is not fixed (api/types/").Append(appName == null ? "metadata.go Metadata" : "app.go AppV3")
                .Append(".CheckAndSetDefaults, for key := range), so its error names one of these ").Append(keys.Count).Append(" keys, not always the same one");
            return new LabelKeyRefusal(text.ToString(), keys[0].Value);
        }

        /// <summary>Teleport's text for one refused key (see <see cref="Refusal(System.Collections.Generic.IReadOnlyList{System.Collections.Generic.KeyValuePair{string, SourceLocation}}, string)"/>).</summary>
        internal static LabelKeyRefusal Refusal(string key, SourceLocation? at, string? appName = null) =>
            Refusal(new[] { new KeyValuePair<string, SourceLocation?>(key, at) }, appName)!;
    }

    /// <summary>A label key Teleport refuses: its error text and where the key is written.</summary>
    internal sealed class LabelKeyRefusal
    {
        public LabelKeyRefusal(string detail, SourceLocation? location)
        {
            Detail = detail;
            Location = location;
        }

        public string Detail { get; }

        public SourceLocation? Location { get; }
    }
}
