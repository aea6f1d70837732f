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
        /// AppV3.CheckAndSetDefaults "app %q invalid label key: %q" (api/types/app.go, id 127154666). The first such key
        /// in the file's order is named, at its line and column (Go's map order picks one of several at random).
        /// </summary>
        internal static void Check(DocMap? labels, string? appName = null)
        {
            var refusal = FirstRefused(labels, appName);
            if (refusal != null) throw new TeleportInputException("InvalidResource", refusal.Detail, refusal.Location);
        }

        /// <summary>The first key of <paramref name="labels"/> in the file's order that breaks <see cref="IsValid"/>, in Teleport's words (see <see cref="Check"/>); null when none does.</summary>
        internal static LabelKeyRefusal? FirstRefused(DocMap? labels, string? appName = null)
        {
            if (labels == null) return null;
            foreach (var kv in labels.Entries)
                if (!IsValid(kv.Key))
                    return Refusal(kv.Key, labels.KeyLocation(kv.Key) ?? kv.Value.Location, appName);
            return null;
        }

        /// <summary>Teleport's text for a refused key: Metadata's for static labels, AppV3's (naming the app) for dynamic ones.</summary>
        internal static LabelKeyRefusal Refusal(string key, SourceLocation? at, string? appName = null) =>
            new LabelKeyRefusal((appName == null ? "" : "app " + GoText.Quote(appName) + " ") + "invalid label key: " + GoText.Quote(key), at);
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
