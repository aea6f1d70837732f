using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Engine.Clients
{
    /// <summary>
    /// What a client did to the ${...} references of one server entry: the entry as the file has it, which references were
    /// replaced, and those whose value this check cannot know (with the reason).
    /// </summary>
    public sealed class EntryVariables
    {
        internal EntryVariables(McpServerEntry written, string rule)
        {
            Written = written;
            Rule = rule;
        }

        /// <summary>The entry as the file has it, before the client's expansion.</summary>
        public McpServerEntry Written { get; }

        /// <summary>What the client expands, for messages.</summary>
        public string Rule { get; }

        /// <summary>References the client leaves as written because this shell does not set the variable.</summary>
        public List<string> LeftUnset { get; } = new List<string>();

        /// <summary>References whose value is not known here, as written, with why.</summary>
        public Dictionary<string, string> Unknown { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Why <paramref name="value"/> is not known (it holds a reference of <see cref="Unknown"/>), or null.</summary>
        public string? WhyUnknown(string? value)
        {
            if (value == null) return null;
            foreach (var kv in Unknown)
                if (value.IndexOf(kv.Key, StringComparison.Ordinal) >= 0) return kv.Value;
            return null;
        }

        /// <summary>How the value came about, for a message, when <paramref name="written"/> held a reference; else "".</summary>
        public string Note(string? written, string? value)
        {
            if (written == null || written.IndexOf("${", StringComparison.Ordinal) < 0) return "";
            var unset = LeftUnset.Where(r => written.IndexOf(r, StringComparison.Ordinal) >= 0).ToList();
            string text = " (written as " + GoText.Quote(written) + (value != written ? ", which is " + GoText.Quote(value) : "") + ": " + Rule;
            if (unset.Count > 0) text += "; " + ListText.Join(", ", unset) + " is not set in this shell, so it stays as written";
            return text + ")";
        }
    }

    /// <summary>
    /// How each client expands ${...} in the command, args and env of a server entry, applied with this shell's variables:
    /// the client reads its own environment, which is this shell's when it was started from here.
    /// </summary>
    internal sealed class ClientVariables
    {
        private static readonly Regex Reference = new Regex(@"\$\{([^}]*)\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        private enum Kind { ClaudeCode, VsCode, Windsurf, Cursor, NotConfirmed }

        private readonly Kind _kind;
        private readonly string _client;
        private readonly IHostPlatform _env;
        private readonly string? _workspaceFolder;

        private ClientVariables(Kind kind, string client, IHostPlatform env, string? workspaceFolder)
        {
            _kind = kind;
            _client = client;
            _env = env;
            _workspaceFolder = workspaceFolder;
        }

        public static ClientVariables For(ClientConfigCandidate candidate, IHostPlatform env)
        {
            string client = candidate.Client ?? ClientNames.Other;
            var kind = client == ClientNames.ClaudeCode ? Kind.ClaudeCode
                : client == ClientNames.VSCode ? Kind.VsCode
                : client == ClientNames.Windsurf ? Kind.Windsurf
                : client == ClientNames.Cursor ? Kind.Cursor
                : Kind.NotConfirmed;
            // ${workspaceFolder} of a workspace file is the folder that holds its .vscode folder (Cursor: "the folder that contains
            // .cursor/mcp.json"); a user file has none of its own.
            string? workspace = null;
            string? holder = kind == Kind.VsCode ? ".vscode" : kind == Kind.Cursor ? ".cursor" : null;
            // A Cursor file named with -Path has no scope of its own (ClientChecker.GuessCandidate): it is a project's unless its
            // .cursor folder is the one in the home folder, Cursor's global file.
            bool project = candidate.Scope == ConfigScope.Project || (kind == Kind.Cursor && candidate.Scope == ConfigScope.File);
            if (holder != null && project && candidate.Path != null)
            {
                var folder = OsPath.DirectoryOf(env.Os, candidate.Path);
                var root = folder != null && OsPath.FileName(env.Os, folder) == holder ? OsPath.DirectoryOf(env.Os, folder) : null;
                bool global = root != null && env.HomeDirectory != null
                    && OsPath.SameFile(env.Os, root.TrimEnd(OsPath.Separator(env.Os)), env.HomeDirectory.TrimEnd(OsPath.Separator(env.Os)));
                if (!global) workspace = root;
            }
            return new ClientVariables(kind, client, env, workspace);
        }

        private string Rule
        {
            get
            {
                switch (_kind)
                {
                    // https://code.claude.com/docs/en/mcp "Environment variable expansion in .mcp.json": ${VAR} and ${VAR:-default} in command, args, env, url and headers.
                    case Kind.ClaudeCode: return "Claude Code expands ${VAR} and ${VAR:-default} from the environment it starts in; this shell's value is used here";
                    // microsoft/vscode mcpRegistry.ts _replaceVariablesInLaunch: configurationResolverService.resolveAsync.
                    case Kind.VsCode: return "VS Code expands ${env:VAR}, ${userHome} and ${workspaceFolder} when it starts the server; this shell's value is used here";
                    // docs.windsurf.com/windsurf/cascade/mcp "Config Interpolation": ${env:VAR} in command, args, env, serverUrl, url and headers.
                    case Kind.Windsurf: return "Windsurf expands ${env:VAR}; this shell's value is used here";
                    // cursor.com/docs/mcp "Config interpolation" (quoted in public repositories; the page is stored, docs corpus
                    // cursor.com/docs/mcp.md, but its excerpts reach only the opening): ${env:NAME}, ${userHome}, ${workspaceFolder},
                    // ${workspaceFolderBasename}, ${pathSeparator}, ${/}.
                    case Kind.Cursor: return "Cursor expands ${env:NAME}, ${userHome}, ${workspaceFolder}, ${workspaceFolderBasename}, ${pathSeparator} and ${/}; this shell's value is used here";
                    default: return "whether " + _client + " expands ${...} is not confirmed";
                }
            }
        }

        /// <summary>The entry as the client starts it, or the entry itself when it holds no ${...}.</summary>
        public McpServerEntry Apply(McpServerEntry written)
        {
            if (written == null) throw new ArgumentNullException(nameof(written));
            // VS Code resolves the whole launch, its envFile included (mcpRegistry.ts _replaceVariablesInLaunch: ConfigurationResolverExpression.parse(launch)).
            bool any = Has(written.Command) || written.Args.Any(Has) || written.Env.Values.Any(Has) || Has(written.EnvFile);
            if (!any) return written;
            var vars = new EntryVariables(written, Rule);
            var command = Expand(written.Command, vars);
            var args = written.Args.Select(a => Expand(a, vars)!).ToList();
            var env = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var kv in written.Env) env[kv.Key] = Expand(kv.Value, vars);
            var e = written.WithLaunch(command, args, env);
            e.EnvFile = Expand(written.EnvFile, vars);
            e.Variables = vars;
            return e;
        }

        private static bool Has(string? s) => s != null && s.IndexOf("${", StringComparison.Ordinal) >= 0;

        private string? Expand(string? text, EntryVariables vars)
        {
            if (!Has(text)) return text;
            return Reference.Replace(text!, m =>
            {
                string reference = m.Value;
                return Resolve(m.Groups[1].Value, reference, vars) ?? reference;
            });
        }

        /// <summary>This shell's value of a variable; a name no environment can hold (empty, or with '=' or NUL) is not set.</summary>
        private string? Variable(string name) =>
            name.Length == 0 || name.IndexOf('=') >= 0 || name.IndexOf('\0') >= 0 ? null : _env.GetVariable(name);

        /// <summary>The value of one reference, or null to leave it as written (recorded as unset or unknown).</summary>
        private string? Resolve(string content, string reference, EntryVariables vars)
        {
            switch (_kind)
            {
                case Kind.ClaudeCode:
                {
                    // The content splits at ":-" into the name and a default (JavaScript split(':-', 2): a second ":-" ends the default).
                    int sep = content.IndexOf(":-", StringComparison.Ordinal);
                    string name = sep < 0 ? content : content.Substring(0, sep);
                    string? fallback = null;
                    if (sep >= 0)
                    {
                        int next = content.IndexOf(":-", sep + 2, StringComparison.Ordinal);
                        fallback = next < 0 ? content.Substring(sep + 2) : content.Substring(sep + 2, next - sep - 2);
                    }
                    var value = Variable(name);
                    if (value != null) return value;
                    if (fallback != null) return fallback;
                    // An unset variable without a default stays as written (claude mcp list warns about it).
                    if (!vars.LeftUnset.Contains(reference)) vars.LeftUnset.Add(reference);
                    return null;
                }
                case Kind.VsCode:
                    if (content.StartsWith("env:", StringComparison.Ordinal))
                    {
                        // src/vs/workbench/services/configurationResolver/common/variableResolver.ts: the argument is the text
                        // up to a second ':', an unset variable is '' ("as a normal shell does"), and no name is an error.
                        var name = content.Substring(4);
                        int colon = name.IndexOf(':');
                        if (colon >= 0) name = name.Substring(0, colon);
                        if (name.Length == 0) return Unknown(vars, reference, "VS Code cannot resolve " + reference + " (no variable name) and does not start the server");
                        return Variable(name) ?? "";
                    }
                    if (Builtin(content, reference, vars, "the folder VS Code has open, which this check does not know for a file outside a workspace", out var vsValue)) return vsValue;
                    if (content.StartsWith("input:", StringComparison.Ordinal))
                        return Unknown(vars, reference, "VS Code asks for " + reference + " when it starts the server, so its value is not known here");
                    return Unknown(vars, reference, "VS Code resolves " + reference + " from its own state, which this check does not know");
                case Kind.Windsurf:
                    if (content.StartsWith("env:", StringComparison.Ordinal))
                    {
                        var value = Variable(content.Substring(4));
                        if (value != null) return value;
                        return Unknown(vars, reference, "what Windsurf does with " + reference + " when the variable is not set is not confirmed");
                    }
                    return Unknown(vars, reference, reference + " is not a form Windsurf documents (${env:VAR})");
                case Kind.Cursor:
                    if (content.StartsWith("env:", StringComparison.Ordinal))
                    {
                        var value = Variable(content.Substring(4));
                        if (value != null) return value;
                        return Unknown(vars, reference, "what Cursor does with " + reference + " when the variable is not set is not documented");
                    }
                    if (Builtin(content, reference, vars, "the project root Cursor has open, which this check does not know for a file outside a project's .cursor folder", out var cursorValue)) return cursorValue;
                    return Unknown(vars, reference, reference + " is not a form Cursor documents (${env:NAME}, ${userHome}, ${workspaceFolder}, ${workspaceFolderBasename}, ${pathSeparator}, ${/})");
                default:
                    return Unknown(vars, reference, "whether " + _client + " expands " + reference + " is not confirmed");
            }
        }

        /// <summary>
        /// The predefined names VS Code and Cursor both expand (${userHome}, ${pathSeparator}, ${/}, ${workspaceFolder},
        /// ${workspaceFolderBasename}); false for any other. <paramref name="noWorkspace"/> says why a workspace folder is not known.
        /// </summary>
        private bool Builtin(string content, string reference, EntryVariables vars, string noWorkspace, out string? value)
        {
            switch (content)
            {
                case "userHome":
                    // variableResolver.ts: with no userHome VS Code throws "Variable ${userHome} can not be resolved. UserHome path
                    // is not defined" and does not start the server; its home (Node's os.homedir) may still be known where this one is not.
                    value = StringChecks.IsNullOrEmpty(_env.HomeDirectory)
                        ? Unknown(vars, reference, reference + " is the home folder " + _client + " runs with, which this check does not know (neither " + (_env.Os == OsKind.Windows ? "USERPROFILE" : "HOME") + " nor the user profile folder is set here)")
                        : _env.HomeDirectory;
                    return true;
                case "pathSeparator":
                case "/": value = _env.Os == OsKind.Windows ? "\\" : "/"; return true;
                case "workspaceFolder":
                case "workspaceFolderBasename":
                    value = _workspaceFolder == null ? Unknown(vars, reference, reference + " is " + noWorkspace)
                        : content == "workspaceFolder" ? _workspaceFolder : OsPath.FileName(_env.Os, _workspaceFolder);
                    return true;
                default: value = null; return false;
            }
        }

        private static string? Unknown(EntryVariables vars, string reference, string why)
        {
            if (!vars.Unknown.ContainsKey(reference)) vars.Unknown[reference] = why;
            return null;
        }
    }
}
