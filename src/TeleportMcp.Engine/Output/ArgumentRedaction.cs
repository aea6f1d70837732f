using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// Marks a property that holds a program's argument list (an app's spec.mcp.args, a client entry's "args"): the
    /// output boundary redacts it as one list with <see cref="Redactor.RedactArguments"/>, not item by item.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class ArgumentListAttribute : Attribute
    {
    }

    /// <summary>Argument lists: an option and its value are two items, and only together do they say "secret".</summary>
    public static partial class Redactor
    {
        /// <summary>
        /// The arguments with their secrets masked, read as a list: an option the catalog's option-with-secret rule names
        /// and that holds no '=' ("--api-key", "--password") makes the whole next argument secret, as "--api-key VALUE"
        /// written as one text is, except the Teleport templates in it ("--token", "{{external.t}}" stays readable);
        /// every other argument is redacted on its own ("--token=X", a URL's password, "Authorization: token X"). The
        /// same list in, the same answer out, wherever arguments are shown.
        /// </summary>
        public static List<string> RedactArguments(IEnumerable<string?>? args)
        {
            var result = new List<string>();
            if (args == null) return result;
            string? previous = null;
            foreach (var a in args)
            {
                string arg = a ?? "";
                result.Add(previous != null && IsValueOfSecretOption(previous, arg) ? MaskOutsideTemplates(arg, Mask) : Redact(arg));
                previous = arg;
            }
            return result;
        }

        /// <summary>The command and its arguments joined by spaces, with the arguments redacted as a list; null without a command.</summary>
        public static string? RedactCommandLine(string? command, IEnumerable<string?>? args) =>
            command == null ? null : string.Join(" ", new[] { Redact(command) }.Concat(RedactArguments(args)));

        // Whether the rules read "option value" as an option followed by its secret: a stand-in value after it comes out
        // masked (the value itself may be a template the rules keep, or start with a quote the rule does not take; the
        // whole argument is the value either way). An option holding '=' carries its own value; a value starting with
        // '-' is the next option.
        private static bool IsValueOfSecretOption(string option, string value)
        {
            if (option.Length < 2 || option[0] != '-' || option.IndexOf('=') >= 0 || value.Length == 0 || value[0] == '-') return false;
            foreach (char c in option) if (char.IsWhiteSpace(c)) return false;
            string head = option + " ";
            return Redact(head + NameProbeValue).StartsWith(head + Mask, StringComparison.Ordinal);
        }
    }
}
