using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Tctl
{
    public enum McpToolsMode
    {
        /// <summary>Replace the list, as tctl users update --set-mcp-tools does (U2).</summary>
        Set,
        Append,
        Remove,
        Clear,
    }

    /// <summary>A tool a -Remove named that an entry of the trait still grants.</summary>
    public sealed class ToolStillGranted
    {
        public ToolStillGranted(string tool, string entry, string command, string message)
        {
            Tool = tool;
            Entry = entry;
            Command = command;
            Message = message;
        }

        public string Tool { get; }
        public string Entry { get; }

        /// <summary>The commands that would revoke it.</summary>
        public string Command { get; }

        public string Message { get; }

        public override string ToString() => Message;
    }

    public sealed class ToolEntryIssue
    {
        public ToolEntryIssue(bool isError, string code, string entry, string message)
        {
            IsError = isError;
            Code = code;
            Entry = entry;
            Message = message;
        }

        public bool IsError { get; }
        public string Code { get; }
        public string Entry { get; }
        public string Message { get; }

        public override string ToString() => Message;
    }

    /// <summary>The pure part of changing a user's mcp_tools trait: validate, merge, compare, build the tctl call.</summary>
    public static class McpToolsPlan
    {
        public const string TraitName = "mcp_tools";

        /// <summary>Checks entries before anything is sent. Errors stop that user's change; warnings do not.</summary>
        public static List<ToolEntryIssue> Validate(IEnumerable<string> entries, McpToolsMode mode)
        {
            var issues = new List<ToolEntryIssue>();
            foreach (var e in entries ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrEmpty(e))
                {
                    issues.Add(new ToolEntryIssue(true, "EmptyToolEntry", e ?? "",
                        "An empty tool entry grants nothing (I11); use -Clear to remove every tool."));
                    continue;
                }
                if (mode == McpToolsMode.Remove) continue; // removing compares ordinally; any text is fine
                if (e.Any(Output.ControlCharacters.IsControl))
                {
                    // NUL would be cut by the OS (the argument ends there) and ESC, a line break or a bidi override
                    // would be stored in Teleport and reach every terminal that prints the user.
                    issues.Add(new ToolEntryIssue(true, "ToolEntryHasControlCharacter", e,
                        "The tool entry '" + Output.ControlCharacters.EscapeName(Output.Redactor.Redact(Short(e))) + "' contains a control character (NUL, ESC, a line break, a bidirectional override or another); MCP tool names never do. Nothing was sent."));
                    continue;
                }
                if (Output.ControlCharacters.HasLoneSurrogate(e))
                {
                    // The rule of CheckUserName and TctlResourceQuery.NameProblem: tctl would store U+FFFD in its place.
                    issues.Add(new ToolEntryIssue(true, "ToolEntryHasLoneSurrogate", e,
                        TctlResourceQuery.LoneSurrogateText("The tool entry '" + Output.ControlCharacters.EscapeName(Output.Redactor.Redact(Short(e))) + "'") + " Nothing was sent."));
                    continue;
                }
                if (e.Length > MaxEntryChars)
                {
                    issues.Add(new ToolEntryIssue(true, "ToolEntryTooLong", e,
                        "The tool entry '" + Output.ControlCharacters.EscapeName(Output.Redactor.Redact(Short(e))) + "' is " + e.Length + " characters long, more than " + MaxEntryChars +
                        " (MCP recommends tool names of at most 128 characters). Nothing was sent."));
                    continue;
                }
                if (e.IndexOf(',') >= 0)
                {
                    issues.Add(new ToolEntryIssue(true, "ToolEntryHasComma", e,
                        "The tool entry '" + e + "' contains a comma: tctl splits --set-mcp-tools on commas (U3), so it would be stored as several entries."));
                    continue;
                }
                if (e.Trim() != e)
                {
                    issues.Add(new ToolEntryIssue(true, "ToolEntryHasWhitespace", e,
                        "The tool entry '" + e + "' starts or ends with whitespace, which tctl trims (U3); remove it."));
                    continue;
                }
                bool starts = e.StartsWith("^", StringComparison.Ordinal), ends = e.EndsWith("$", StringComparison.Ordinal);
                if (starts && ends && e.Length > 1)
                {
                    // The RBAC engine's RE2 parser: an entry Teleport would fail to compile (P6) is refused before it is stored.
                    string? error = Rbac.GoRegex.Compile(e).Error;
                    if (error != null)
                        issues.Add(new ToolEntryIssue(true, "InvalidToolRegex", e,
                            "The tool entry '" + e + "' is a regular expression (P1) that Go's RE2 rejects: " + error +
                            ". Teleport would fail every tool check that reaches it (P6)."));
                    continue;
                }
                if (starts != ends)
                {
                    issues.Add(new ToolEntryIssue(false, "RegexNotAnchored", e,
                        "The tool entry '" + e + "' " + (starts ? "starts with ^ but does not end with $" : "ends with $ but does not start with ^") +
                        ": Teleport treats it as a literal name or glob, not a regular expression (P1)."));
                    continue;
                }
                if (LooksLikeRegex(e))
                    issues.Add(new ToolEntryIssue(false, "LooksLikeRegex", e,
                        "The tool entry '" + e + "' looks like a regular expression but is not written ^...$: Teleport matches it literally, with only * as a wildcard (P1, P2)."));
            }
            return issues;
        }

        /// <summary>The longest entry sent: far above any MCP tool name, far below what an argument may hold.</summary>
        public const int MaxEntryChars = 1024;

        /// <summary>
        /// What one tctl call may carry: Windows' CreateProcess takes 32,767 characters of command line; Linux takes
        /// 128 KiB per argument and about 2 MiB for all arguments and the environment together.
        /// </summary>
        public static int MaxCommandLineChars(bool windows) => windows ? 32000 : 1000000;

        /// <summary>The first 80 characters and an ellipsis; the cut never splits a surrogate pair (as ListText cuts).</summary>
        internal static string Short(string e)
        {
            if (e.Length <= 80) return e;
            int head = char.IsHighSurrogate(e[79]) ? 79 : 80;
            return e.Substring(0, head) + "…";
        }

        /// <summary>
        /// Null when tctl can be started with <paramref name="arguments"/>, else why not: the list is refused here,
        /// with a clear message, instead of by the OS (E2BIG) after the merge.
        /// </summary>
        public static string? CheckCommandLength(IReadOnlyList<string> arguments, bool windows)
        {
            long total = 0;
            foreach (var a in arguments) total += (windows ? a.Length : System.Text.Encoding.UTF8.GetByteCount(a)) + 3;
            int max = MaxCommandLineChars(windows);
            if (total <= max) return null;
            return "The tool list makes a tctl command line of about " + total + (windows ? " characters" : " bytes") + ", more than the " + max +
                   " the module sends in one call (the OS limit is near it). Use fewer or shorter entries (for example a glob or ^regex$ entry).";
        }

        /// <summary>
        /// Null when the list read just before writing is the one the merge started from; else the lost-update
        /// message naming both lists. tctl users update replaces the trait as a whole (U2) and its revision check
        /// (lib/services/local/users.go UpdateUser: ConditionalUpdate) covers only tctl's own read, so writing a merge
        /// made from an older list would silently undo the other writer's change.
        /// </summary>
        public static string? CheckUnchanged(string user, IReadOnlyList<string>? startedFrom, IReadOnlyList<string>? now)
        {
            var a = (startedFrom ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t));
            var b = (now ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t));
            if (a.SequenceEqual(b, StringComparer.Ordinal)) return null;
            return "The MCP tools of " + user + " changed while this command ran: the change was computed from [" + Format(startedFrom) +
                   "], but Teleport now stores [" + Format(now) + "]. Nothing was written, so the other change is kept.";
        }

        private static bool LooksLikeRegex(string e) =>
            e.Contains(".*") || e.Contains(".+") || e.IndexOfAny(new[] { '|', '(', ')', '[', ']', '\\', '+', '{', '}' }) >= 0;

        /// <summary>
        /// The list to store. The current list loses empty entries (they grant nothing, I11); the result keeps the
        /// order of first appearance without duplicates.
        /// </summary>
        public static List<string> Compute(IEnumerable<string>? current, IEnumerable<string> requested, McpToolsMode mode)
        {
            var cur = (current ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrEmpty(t));
            var req = (requested ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrEmpty(t)).ToList();
            switch (mode)
            {
                case McpToolsMode.Set: return Distinct(req);
                case McpToolsMode.Append: return Distinct(cur.Concat(req));
                case McpToolsMode.Remove:
                {
                    var drop = new HashSet<string>(req, StringComparer.Ordinal);
                    return Distinct(cur.Where(t => !drop.Contains(t)));
                }
                case McpToolsMode.Clear: return new List<string>();
                default: throw new ArgumentOutOfRangeException(nameof(mode));
            }
        }

        public static List<string> Distinct(IEnumerable<string> items)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<string>();
            foreach (var i in items) if (seen.Add(i)) list.Add(i);
            return list;
        }

        /// <summary>
        /// True when the stored trait grants what was intended: the same entries, ignoring order and empty strings
        /// (--set-mcp-tools "" stores [""], U5). Anything else means the write was lost or changed by someone else.
        /// </summary>
        public static bool SameTools(IEnumerable<string> intended, IEnumerable<string> stored)
        {
            var a = new HashSet<string>((intended ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrEmpty(t)), StringComparer.Ordinal);
            var b = new HashSet<string>((stored ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrEmpty(t)), StringComparer.Ordinal);
            return a.SetEquals(b);
        }

        /// <summary>
        /// tctl users update NAME --set-mcp-tools=A --set-mcp-tools=B. One flag per entry (the flag repeats, U3); the
        /// "=" form keeps an entry starting with "-" from being read as a flag by kingpin. An empty list sends one
        /// empty value ("--set-mcp-tools="), which stores [""] and grants nothing (U5).
        /// </summary>
        public static List<string> UpdateArguments(string user, IReadOnlyList<string> tools)
        {
            var args = new List<string> { "users", "update", user };
            if (tools.Count == 0) args.Add(Platform.ChildArguments.Kingpin("set-mcp-tools", ""));
            foreach (var t in tools) args.Add(Platform.ChildArguments.Kingpin("set-mcp-tools", t));
            return args;
        }

        /// <summary>The error id of a -User value holding an unescaped wildcard character (<see cref="LiteralUserName"/>).</summary>
        public const string WildcardUserNameCode = "UserNameHasWildcard";

        /// <summary>
        /// The user name a -User value of Get-/Set-TeleportMcpTools names. The parameter takes no wildcards: a value with an
        /// unescaped '*', '?', '[' or ']' gets <paramref name="problem"/> and is not looked up (tctl get users/NAME reads NAME
        /// literally, so 'a*' was TeleportUserNotFound). Teleport accepts any non-empty user name
        /// (api/types/user.go UserV2.CheckAndSetDefaults -> Metadata.CheckAndSetDefaults checks only Name != "";
        /// lib/services/user.go ValidateUser adds nothing on the name), so a name that holds these characters stays
        /// reachable: escape each with a backtick, as PowerShell's -Path does ('a`*' names the user "a*"). A value with
        /// no wildcard character is used exactly as given (a backtick in it is part of the name, as before).
        /// </summary>
        public static string LiteralUserName(string given, out string? problem)
        {
            problem = null;
            if (string.IsNullOrEmpty(given) || given.IndexOfAny(WildcardCharacters) < 0) return given ?? "";
            var name = new System.Text.StringBuilder(given.Length);
            for (int i = 0; i < given.Length; i++)
            {
                char c = given[i];
                if (c == '`' && i + 1 < given.Length)
                {
                    name.Append(given[++i]);
                    continue;
                }
                if (Array.IndexOf(WildcardCharacters, c) >= 0)
                {
                    string shown = Output.ControlCharacters.EscapeName(Output.Redactor.Redact(Short(given)));
                    problem = "The user name '" + shown + "' contains the wildcard character '" + c + "': -User takes no wildcards " +
                        "and would look up a user literally named '" + shown + "'. Name the user exactly, or escape the character " +
                        "with a backtick (`" + c + ") if the user's name really holds it (Teleport allows it).";
                    return given;
                }
                name.Append(c);
            }
            return name.ToString();
        }

        private static readonly char[] WildcardCharacters = { '*', '?', '[', ']' };

        /// <summary>A user name tctl would misread: empty, starting with '-' or '@', or containing ',' or '/' (resource refs).</summary>
        public static string? CheckUserName(string user)
        {
            if (string.IsNullOrEmpty(user)) return "The user name is empty.";
            if (user.StartsWith("-", StringComparison.Ordinal)) return "The user name '" + user + "' starts with '-', which tctl would read as a flag.";
            // kingpin v2 parser.go ParseContext.Next: an argument starting with '@' is replaced by the lines of the file it names.
            if (user.StartsWith("@", StringComparison.Ordinal)) return "The user name '" + Output.ControlCharacters.EscapeName(Short(user)) + "' starts with '@', which tctl would read as a file of arguments to expand.";
            if (user.IndexOf(',') >= 0 || user.IndexOf('/') >= 0) return "The user name '" + user + "' contains ',' or '/', which tctl get reads as a resource separator.";
            if (user.Trim() != user) return "The user name '" + user + "' starts or ends with whitespace.";
            if (user.Any(Output.ControlCharacters.IsControl)) return "The user name '" + Output.ControlCharacters.EscapeName(Short(user)) + "' contains a control character (NUL, ESC, a line break, a bidirectional override or another).";
            if (Output.ControlCharacters.HasLoneSurrogate(user)) return TctlResourceQuery.LoneSurrogateText("The user name '" + Output.ControlCharacters.EscapeName(Short(user)) + "'");
            if (user.Length > MaxEntryChars) return "The user name is " + user.Length + " characters long, more than " + MaxEntryChars + ".";
            return null;
        }

        /// <summary>
        /// Tools a -Remove leaves granted: the trait still holds an entry that matches them ("*", "read_*", "^...$"), as
        /// Teleport's utils.MatchString would (lib/utils/replace.go, P1/P2). Removing a name revokes nothing then.
        /// </summary>
        public static List<ToolStillGranted> StillGranted(string user, IEnumerable<string> after, IEnumerable<string> removed)
        {
            var result = new List<ToolStillGranted>();
            var remaining = (after ?? Enumerable.Empty<string>()).Where(e => !string.IsNullOrEmpty(e)).ToList();
            foreach (var tool in Distinct((removed ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrEmpty(t))))
            {
                foreach (var entry in remaining)
                {
                    if (entry == tool) continue;
                    if (Rbac.TeleportPattern.Get(entry).Match(tool).Outcome != Rbac.MatchOutcome.Match) continue;
                    var keep = remaining.Where(e => e != entry).ToList();
                    string u = ShellWord.PowerShellString(user);
                    string command = "Set-TeleportMcpTools -User " + u + " -Remove -Tools " + ShellWord.PowerShellString(entry) +
                                     "; Set-TeleportMcpTools -User " + u + " -Append -Tools <the tools " + user + " should keep, without " + tool + ">";
                    result.Add(new ToolStillGranted(tool, entry, command,
                        "Removing " + GoText.Quote(tool) + " from " + user + " does not revoke it: the entry " + GoText.Quote(entry) +
                        " of the mcp_tools trait still grants it" + (keep.Count > 0 ? " (other entries: " + ListText.Join(", ", keep) + ")" : "") +
                        ". To revoke it, remove that entry and append the tools to keep: " + command +
                        " (or deny " + tool + " in a role: deny.mcp.tools)."));
                }
            }
            return result;
        }

        public static string Format(IEnumerable<string>? tools)
        {
            var list = (tools ?? Enumerable.Empty<string>()).ToList();
            return list.Count == 0 ? "(none)" : string.Join(", ", list);
        }
    }
}
