using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TeleportMcp.Engine.Output;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Lists joined into one output text (reasons, messages, verbose lines): at most <see cref="Limits.OutputListItems"/>
    /// items of at most <see cref="Limits.OutputListItemChars"/> characters each, then how many more there were and
    /// which limit cut them, so no text grows with the size of the input.
    /// </summary>
    public static class ListText
    {
        /// <summary>The items joined with <paramref name="separator"/>, capped by <see cref="Limits.Current"/>.</summary>
        public static string Join<T>(string separator, IEnumerable<T> items) => Join(separator, items, whole: false);

        /// <summary>
        /// As <see cref="Join{T}"/>, but each item whole, redacted (a sentence that names a file, whose path must not be
        /// cut): only the number of items is capped.
        /// </summary>
        public static string JoinWhole<T>(string separator, IEnumerable<T> items) => Join(separator, items, whole: true);

        private static string Join<T>(string separator, IEnumerable<T> items, bool whole)
        {
            var limits = Limits.Current;
            var sb = new StringBuilder();
            int shown = 0;
            long more = 0;
            foreach (var item in items)
            {
                if (shown >= limits.OutputListItems)
                {
                    more++;
                    continue;
                }
                if (shown > 0) sb.Append(separator);
                var text = item?.ToString() ?? "";
                sb.Append(whole ? Redactor.Redact(text) : Item(text));
                shown++;
            }
            if (more > 0)
                sb.Append(shown > 0 ? separator.TrimEnd() + " " : "").Append("... and ").Append(more.ToString(CultureInfo.InvariantCulture))
                  .Append(" more (").Append(limits.Describe(nameof(Limits.OutputListItems))).Append(')');
            return sb.ToString();
        }

        /// <summary>
        /// A whole message cut to <see cref="Limits.OutputMessageChars"/>, its first and last parts kept (a fix ends with what to
        /// do), redacted before the cut so no secret is half shown.
        /// </summary>
        [return: NotNullIfNotNull("message")]
        public static string? Message(string? message)
        {
            var limits = Limits.Current;
            int max = limits.OutputMessageChars;
            if (message == null || message.Length <= max) return message;
            var redacted = Redactor.Redact(message);
            if (redacted.Length <= max) return redacted;
            int head = max * 2 / 3, tail = max - head;
            if (head > 0 && char.IsHighSurrogate(redacted[head - 1])) head--;
            if (tail > 0 && char.IsLowSurrogate(redacted[redacted.Length - tail])) tail--;
            return redacted.Substring(0, head) + " ... (" + (redacted.Length - head - tail).ToString(CultureInfo.InvariantCulture)
                   + " characters left out; " + limits.Describe(nameof(Limits.OutputMessageChars)) + ") ... " + redacted.Substring(redacted.Length - tail);
        }

        /// <summary>One item cut to <see cref="Limits.OutputListItemChars"/>, redacted before the cut so no secret is half shown.</summary>
        public static string Item(string item)
        {
            var limits = Limits.Current;
            int max = limits.OutputListItemChars;
            if (item.Length <= max) return item;
            var redacted = Redactor.Redact(item);
            if (redacted.Length <= max) return redacted;
            int cut = max;
            if (cut > 0 && char.IsHighSurrogate(redacted[cut - 1])) cut--;
            return redacted.Substring(0, cut) + "... (" + item.Length.ToString(CultureInfo.InvariantCulture) + " characters; "
                   + limits.Describe(nameof(Limits.OutputListItemChars)) + ")";
        }
    }
}
