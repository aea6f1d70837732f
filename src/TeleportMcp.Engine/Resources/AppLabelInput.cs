using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.RoleDesign;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>What a -AppLabels hashtable describes: an app's own labels, or a role's app_labels selector.</summary>
    public enum AppLabelsUse
    {
        /// <summary>Test-TeleportMcpRole -AppLabels: the labels an app carries (one text per key).</summary>
        AppLabels,
        /// <summary>New-TeleportMcpRole -AppLabels: the role's allow.app_labels (a text or a list of texts per key; '*' keys and values).</summary>
        Selector,
    }

    /// <summary>
    /// -AppLabels read entry by entry: an entry Teleport could not hold is its own error (<see cref="InvalidCode"/>)
    /// naming its key (-AppLabels['x y'], escaped), and the other entries are returned.
    /// </summary>
    public static class AppLabelInput
    {
        /// <summary>The id of an -AppLabels entry that cannot be used (the designer's id for a selector it refuses, RoleDesigner.CheckSelector).</summary>
        public const string InvalidCode = "InvalidAppLabels";

        /// <summary>
        /// The entries of <paramref name="given"/> that Teleport could hold, in order, each value as a text (an app's
        /// label) or a list of texts (a selector's); each other entry is one error to <paramref name="refused"/> (its
        /// first problem), so every bad entry is named once:
        /// a blank key (<see cref="InputPolicy.IsBlank"/>); a key outside <see cref="LabelKeys.IsValid"/>; a $null value;
        /// a dictionary value; for an app's labels, a list value (an app's label holds one text: Metadata.Labels is
        /// map[string]string); for a selector, a list holding $null, a list or a dictionary (a selector value is a list of
        /// texts: Labels is map[string]utils.Strings), and the selector rules of <see cref="SelectorProblem"/>.
        /// </summary>
        public static List<KeyValuePair<string, object>> Entries(IDictionary? given, AppLabelsUse use, Action<TeleportInputException> refused, CallerParameters? caller = null)
        {
            if (refused == null) throw new ArgumentNullException(nameof(refused));
            var result = new List<KeyValuePair<string, object>>();
            if (given == null) return result;
            foreach (DictionaryEntry e in given)
            {
                var key = e.Key == null ? null : Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                object? value = null;
                var why = KeyProblem(key, use) ?? ValueProblem(e.Value, use, out value) ?? (use == AppLabelsUse.Selector ? SelectorProblem(key!, value!) : null);
                if (why != null)
                {
                    string at = InputPolicy.KeyPlace("-AppLabels", key);
                    refused(new TeleportArgumentException(why.Code, why.Why)
                    {
                        Item = at,
                        TargetObject = at,
                        RecommendedAction = use == AppLabelsUse.Selector
                            ? "Fix the entry; no role was made (a selector without it would select other apps than meant)."
                            : "Fix the entry; the app was tested with the other labels" + ((caller ?? CallerParameters.None).Own(OfferedParameter.Quiet) is { } quiet ? ", and " + quiet + " answers $false." : "."),
                    });
                    continue;
                }
                result.Add(new KeyValuePair<string, object>(key!, value!));
            }
            return result;
        }

        /// <summary>The entries as a hashtable (<see cref="Entries"/>), the form the role test and the designer read.</summary>
        public static Hashtable Table(IDictionary? given, AppLabelsUse use, Action<TeleportInputException> refused, CallerParameters? caller = null)
        {
            var h = new Hashtable();
            foreach (var kv in Entries(given, use, refused, caller)) h[kv.Key] = kv.Value;
            return h;
        }

        /// <summary>What is wrong with one entry: the error id and the text.</summary>
        private sealed class Problem
        {
            public Problem(string code, string why) { Code = code; Why = why; }
            public string Code { get; }
            public string Why { get; }
            public static implicit operator Problem?(string? why) => why == null ? null : new Problem(InvalidCode, why);
        }

        /// <summary>The id of a selector entry holding a trait template {{...}} (the designer's id for a -Tool template).</summary>
        public const string TemplateCode = "TemplateNotSupported";

        /// <summary>The id of a selector value that is not a Go regular expression (the designer's id for a -Tool pattern).</summary>
        public const string PatternCode = "InvalidPattern";

        private static Problem? KeyProblem(string? key, AppLabelsUse use)
        {
            if (InputPolicy.IsBlank(key)) return "the key is " + InputPolicy.BlankText(key) + ", which no label can have (Teleport: invalid label key).";
            if (use == AppLabelsUse.Selector && ToolEntryPlanner.HasTemplateBraces(key!))
                return new Problem(TemplateCode, "the key uses a trait template, which the proof cannot evaluate for every user; give literal labels.");
            return LabelKeys.IsValid(key)
                ? null
                : "the key is not a label key Teleport accepts (letters, digits and / . _ : * - only; Teleport: invalid label key), so no app carries it.";
        }

        /// <summary>
        /// A selector entry's rules, once its value is a text or a list of texts: a value (no empty list, no empty text:
        /// an empty selector value names no label value); a '*' key only with the value '*' (api/types/role.go
        /// CheckAndSetDefaults checkWildcardSelector over Allow.AppLabels, "selector *:&lt;val&gt; is not supported",
        /// search-index id 11142259); no trait template (the proof cannot evaluate one for every user); each value a Go
        /// regular expression where it is one (<see cref="TeleportPattern"/>).
        /// </summary>
        private static Problem? SelectorProblem(string key, object value)
        {
            var values = value as string[] ?? new[] { (string)value };
            if (values.Length == 0 || Array.Exists(values, v => v.Length == 0))
                return "the value is empty or holds an empty text; give a value, or '*' for any value.";
            if (key == "*" && (values.Length != 1 || values[0] != "*"))
                return "Teleport refuses the role: selector *:<val> is not supported; give '*' = '*' (every app) or a real label key.";
            foreach (var v in values)
                if (ToolEntryPlanner.HasTemplateBraces(v))
                    return new Problem(TemplateCode, "the value " + GoText.Quote(v) + " uses a trait template, which the proof cannot evaluate for every user; give literal label values.");
            foreach (var v in values)
                if (TeleportPattern.Get(v).Error is { } error)
                    return new Problem(PatternCode, "the value " + GoText.Quote(v) + " is not a valid Go regex: " + error);
            return null;
        }

        private static Problem? ValueProblem(object? value, AppLabelsUse use, out object? text)
        {
            text = null;
            switch (value)
            {
                case null:
                    return "the value is $null" + (use == AppLabelsUse.Selector ? "; give a value, or '*' for any value." : "; an app's label holds a text (it may be empty).");
                case string s:
                    text = s;
                    return null;
                case IDictionary d:
                    return "the value is a " + d.GetType().FullName + ", which no label holds.";
                case IEnumerable list when use == AppLabelsUse.AppLabels:
                    return "the value is a list (" + list.GetType().FullName + "); an app's label holds one text.";
                case IEnumerable list:
                    var items = new List<string>();
                    int i = 0;
                    foreach (var item in list)
                    {
                        if (item == null) return "item " + i.ToString(CultureInfo.InvariantCulture) + " of the value is $null.";
                        if (item is IEnumerable && !(item is string))
                            return "item " + i.ToString(CultureInfo.InvariantCulture) + " of the value is a " + item.GetType().FullName + "; a selector's value is a list of texts.";
                        items.Add(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "");
                        i++;
                    }
                    text = items.ToArray();
                    return null;
                default:
                    text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    return null;
            }
        }
    }
}
