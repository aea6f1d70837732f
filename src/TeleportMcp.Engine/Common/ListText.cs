using System;
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
        /// A whole message cut to <see cref="Limits.OutputMessageChars"/> characters in all, its first and last parts kept (a fix
        /// ends with what to do) around a note of how much was left out, redacted before the cut so no secret is half shown. A
        /// message already cut is returned as it is, so the rule can be applied again at every place a message leaves.
        /// </summary>
        [return: NotNullIfNotNull("message")]
        public static string? Message(string? message)
        {
            if (message == null || message.Length <= Limits.Current.OutputMessageChars) return message;
            return Cut(Redactor.Redact(message));
        }

        /// <summary>
        /// <see cref="Message"/> for a text already redacted (and control characters escaped) by <see cref="OutputText.Safe"/>:
        /// only the cut, so a megabyte text is not given to the rules twice.
        /// </summary>
        [return: NotNullIfNotNull("safe")]
        public static string? CutSafe(string? safe) => safe == null || safe.Length <= Limits.Current.OutputMessageChars ? safe : Cut(safe);

        /// <summary>
        /// <see cref="Message(string)"/> of the joined pieces, the same text, without joining them when the whole is longer
        /// than the limit and no redaction rule can apply to it (<see cref="Redactor.MayHoldSecret(MessageText)"/>), or the
        /// one rule that can has a known reach (<see cref="Redactor.RedactInWindows"/>): then the cut's head and tail are
        /// taken from the pieces, so a megabyte value quoted in a message is not copied.
        /// </summary>
        [return: NotNullIfNotNull("message")]
        public static string? Message(MessageText? message)
        {
            if (message == null) return null;
            if (message.Length <= Limits.Current.OutputMessageChars) return Message(message.ToString());
            if (Redactor.MayHoldSecret(message))
            {
                // The rules' matches redacted in windows, when their reach is known (Redactor.RedactInWindows); else the joined text.
                var redacted = Redactor.RedactInWindows(message);
                if (redacted == null) return Message(message.ToString());
                message = redacted;
                // Masks can make the text shorter than the limit: then it is shown whole, as Cut shows it.
                if (message.Length <= Limits.Current.OutputMessageChars) return message.ToString();
            }
            Plan(message.Length, message.CharAt, out int head, out int tail, out string note);
            return message.Window(0, head) + note + message.Window(message.Length - tail, message.Length);
        }

        private static string Cut(string redacted)
        {
            if (redacted.Length <= Limits.Current.OutputMessageChars) return redacted;
            Plan(redacted.Length, i => redacted[(int)i], out int head, out int tail, out string note);
            return redacted.Substring(0, head) + note + redacted.Substring(redacted.Length - tail);
        }

        // The cut of a text of the given length: how much of its start and end is kept, and the note between them.
        private static void Plan(long length, Func<long, char> at, out int head, out int tail, out string note)
        {
            var limits = Limits.Current;
            int max = limits.OutputMessageChars;
            string describe = limits.Describe(nameof(Limits.OutputMessageChars));
            // The note's length with the largest count it can hold, so head, note and tail fit in max.
            int noteLength = " ... (".Length + length.ToString(CultureInfo.InvariantCulture).Length + " characters left out; ".Length + describe.Length + ") ... ".Length;
            int room = Math.Max(0, max - noteLength);
            head = room * 2 / 3;
            tail = room - head;
            if (head > 0 && char.IsHighSurrogate(at(head - 1))) head--;
            if (tail > 0 && char.IsLowSurrogate(at(length - tail))) tail--;
            note = " ... (" + (length - head - tail).ToString(CultureInfo.InvariantCulture) + " characters left out; " + describe + ") ... ";
        }

        /// <summary>
        /// Every item cut as <see cref="Item"/> cuts it (null is empty; a single string is one item), joined with
        /// <paramref name="separator"/>: for the module's table views (<see cref="TeleportResource.ShownValues"/>), which show
        /// values of the input in a column that the line's width cuts anyway.
        /// </summary>
        public static string JoinItems(string separator, object? items)
        {
            if (items == null) return "";
            if (items is string one) return Item(one);
            if (!(items is System.Collections.IEnumerable list)) return Item(items.ToString() ?? "");
            var sb = new StringBuilder();
            bool first = true;
            foreach (var item in list)
            {
                if (!first) sb.Append(separator);
                first = false;
                sb.Append(Item(item?.ToString() ?? ""));
            }
            return sb.ToString();
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
