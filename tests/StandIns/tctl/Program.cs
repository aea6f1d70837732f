// A stand-in for gravitational/teleport's tctl: `users update --set-mcp-tools`, `get`, `version`.
// Every behaviour cites the Teleport source it follows; tests/StandIns/README.md lists them.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace TctlStandIn
{
    internal sealed class UsageError : Exception
    {
        public UsageError(string message, string usage) : base(message) { Usage = usage; }
        public string Usage { get; }
    }

    /// <summary>An error that tctl prints through utils.FatalError: "ERROR: " + message, exit code 1.</summary>
    internal sealed class FatalError : Exception
    {
        public FatalError(string message) : base(message) { }
    }

    internal static class Program
    {
        private const string UpdateUsage = "usage: tctl users update <account> [<flags>]\n\nUpdate user account.\n";
        private const string GetUsage = "usage: tctl get [<flags>] <resources>\n\nPrint a YAML declaration of various Teleport resources.\n";
        private const string AppUsage = "usage: tctl [<flags>] <command> [<args> ...]\n";

        private static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            if (Environment.GetEnvironmentVariable("TCTL_STANDIN_ROLE") == "hang-child")
            {
                Thread.Sleep(TimeSpan.FromSeconds(120));
                return 0;
            }
            Log(args);
            try
            {
                return Run(args);
            }
            catch (UsageError e)
            {
                // tool/tctl/common/tctl.go: on a parse error, app.Usage(args) then utils.FatalError(err).
                Console.Error.Write(e.Usage);
                return Fatal(e.Message);
            }
            catch (FatalError e)
            {
                return Fatal(e.Message);
            }
        }

        // lib/utils/cli.go FatalError: fmt.Fprintln(os.Stderr, UserMessageFromError(err)); os.Exit(1).
        // UserMessageFromError writes "ERROR: " in red (\x1b[31m...\x1b[0m) except on Windows.
        private static int Fatal(string message)
        {
            string prefix = OperatingSystem.IsWindows() ? "ERROR: " : "\x1b[31mERROR: \x1b[0m";
            Console.Error.Write(prefix + message + "\n");
            return 1;
        }

        private static void Log(string[] args)
        {
            var path = Environment.GetEnvironmentVariable("TCTL_STANDIN_LOG");
            if (string.IsNullOrEmpty(path)) return;
            var entry = new JsonObject
            {
                ["argv"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                ["pid"] = Environment.ProcessId,
            };
            // Several stand-ins may run at once (pipelines): retry on a sharing violation.
            for (int i = 0; i < 50; i++)
            {
                try
                {
                    File.AppendAllText(path, entry.ToJsonString() + "\n", new UTF8Encoding(false));
                    return;
                }
                catch (IOException) { Thread.Sleep(20); }
            }
        }

        private sealed class Globals
        {
            public List<string> AuthServers = new List<string>();
            public string Identity;
            public string Config;
        }

        private static int Run(string[] args)
        {
            var globals = new Globals();
            var rest = new List<string>();
            var tokens = new Queue<string>(args);
            var setMcpTools = new List<string>();
            string format = "yaml";
            bool afterDoubleDash = false;
            while (tokens.Count > 0)
            {
                string t = tokens.Dequeue();
                if (afterDoubleDash || !t.StartsWith("-", StringComparison.Ordinal) || t == "-")
                {
                    rest.Add(t);
                    continue;
                }
                if (t == "--") { afterDoubleDash = true; continue; }
                string name, value = null;
                bool inline = false;
                if (t.StartsWith("--", StringComparison.Ordinal))
                {
                    int eq = t.IndexOf('=');
                    name = eq >= 0 ? t.Substring(0, eq) : t;
                    if (eq >= 0) { value = t.Substring(eq + 1); inline = true; }
                }
                else
                {
                    // kingpin short flags: -i VALUE or -iVALUE
                    name = t.Substring(0, 2);
                    if (t.Length > 2) { value = t.Substring(2); inline = true; }
                }
                string canonical = name switch
                {
                    "-i" => "--identity",
                    "-c" => "--config",
                    "-d" => "--debug",
                    _ => name,
                };
                bool isBool = canonical == "--debug" || canonical == "--insecure" || canonical == "--with-secrets" || canonical == "--verbose";
                bool known = isBool || canonical is "--auth-server" or "--identity" or "--config" or "--set-mcp-tools" or "--format";
                if (!known)
                    throw new UsageError(name.StartsWith("--", StringComparison.Ordinal) ? "unknown long flag '" + name + "'" : "unknown short flag '" + name + "'", UsageFor(rest));
                if (!isBool && !inline)
                {
                    // kingpin: the next token must be an argument, not another flag.
                    if (tokens.Count == 0 || (tokens.Peek().StartsWith("-", StringComparison.Ordinal) && tokens.Peek() != "-"))
                        throw new UsageError("expected argument for flag '" + name + "'", UsageFor(rest));
                    value = tokens.Dequeue();
                }
                switch (canonical)
                {
                    case "--auth-server": globals.AuthServers.Add(value); break;
                    case "--identity": globals.Identity = value; break;
                    case "--config":
                        // kingpin ExistingFileVar
                        if (!File.Exists(value)) throw new UsageError("path '" + value + "' does not exist", AppUsage);
                        globals.Config = value;
                        break;
                    case "--set-mcp-tools": setMcpTools.Add(value); break;
                    case "--format": format = value; break;
                }
            }

            if (rest.Count == 0) throw new UsageError("expected command but got nothing", AppUsage);
            // tool/tctl/common/tctl.go: an identity file needs an auth server.
            if (globals.Identity != null && globals.AuthServers.Count == 0)
                throw new FatalError("tctl --identity also requires --auth-server");

            switch (rest[0])
            {
                case "version":
                    Console.Out.Write("Teleport v18.2.3 git:stand-in go1.24\n");
                    return 0;
                case "users":
                    if (rest.Count < 2) throw new UsageError("expected command but got nothing", "usage: tctl users <command> [<args> ...]\n");
                    if (rest[1] != "update") throw new UsageError("expected command but got \"" + rest[1] + "\"", "usage: tctl users <command> [<args> ...]\n");
                    if (rest.Count < 3) throw new UsageError("required argument 'account' not provided", UpdateUsage);
                    if (rest.Count > 3) throw new UsageError("unexpected " + rest[3], UpdateUsage);
                    return UsersUpdate(rest[2], setMcpTools);
                case "get":
                    if (rest.Count < 2) throw new UsageError("required argument 'resources' not provided", GetUsage);
                    return Get(rest[1], format);
                default:
                    throw new UsageError("expected command but got \"" + rest[0] + "\"", AppUsage);
            }
        }

        private static string UsageFor(List<string> rest) =>
            rest.Count >= 2 && rest[0] == "users" ? UpdateUsage : rest.Count >= 1 && rest[0] == "get" ? GetUsage : AppUsage;

        // ---- simulated failures --------------------------------------------------------------------------------

        private static void MaybeFail(string operation, string resource)
        {
            var fail = Environment.GetEnvironmentVariable("TCTL_STANDIN_FAIL");
            if (string.IsNullOrEmpty(fail)) return;
            var on = Environment.GetEnvironmentVariable("TCTL_STANDIN_FAIL_ON");
            if (!string.IsNullOrEmpty(on) && on != operation) return;
            switch (fail)
            {
                case "access-denied":
                    // lib/services/role.go CheckAccessToRule: trace.AccessDenied("access denied to perform action %q on %q", verb, resource)
                    throw new FatalError("access denied to perform action \"" + (operation == "get" ? "read" : "update") + "\" on \"" + resource + "\"");
                case "not-logged-in":
                    // tool/tctl/common/tctl.go LoadConfigFromProfile
                    throw new FatalError("your credentials have expired, please login using `tsh login`");
                case "hang":
                    Hang();
                    return;
                default:
                    if (fail.StartsWith("error:", StringComparison.Ordinal)) throw new FatalError(fail.Substring(6));
                    if (fail.StartsWith("exit:", StringComparison.Ordinal))
                    {
                        Console.Error.Write("stand-in failure\n");
                        Environment.Exit(int.Parse(fail.Substring(5)));
                    }
                    return;
            }
        }

        /// <summary>Starts a child that also hangs (so a timeout must end the whole tree), then waits.</summary>
        private static void Hang()
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath) { UseShellExecute = false };
            var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" && entry != null) psi.ArgumentList.Add(entry);
            psi.Environment["TCTL_STANDIN_ROLE"] = "hang-child";
            using var child = Process.Start(psi);
            var pidFile = Environment.GetEnvironmentVariable("TCTL_STANDIN_PIDFILE");
            if (!string.IsNullOrEmpty(pidFile))
                File.WriteAllText(pidFile, Environment.ProcessId + "\n" + child.Id + "\n");
            Thread.Sleep(TimeSpan.FromSeconds(120));
            Environment.Exit(0);
        }

        // ---- state ----------------------------------------------------------------------------------------------

        private static string StatePath()
        {
            var p = Environment.GetEnvironmentVariable("TCTL_STANDIN_STATE");
            if (string.IsNullOrEmpty(p) || !File.Exists(p))
                throw new FatalError("stand-in: TCTL_STANDIN_STATE must name an existing JSON file (a JSON array of resources)");
            return p;
        }

        private static JsonArray LoadState(string path) =>
            JsonNode.Parse(File.ReadAllText(path)) as JsonArray ?? throw new FatalError("stand-in: the state file is not a JSON array");

        private static void SaveState(string path, JsonArray state)
        {
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
            File.Move(tmp, path, true);
        }

        private static string KindOf(JsonNode n) => (string)n?["kind"];
        private static string NameOf(JsonNode n) => (string)n?["metadata"]?["name"];

        // api/types resource shortcuts (services.ParseShortcut): singular and plural forms.
        private static string ParseKind(string s) => s switch
        {
            "user" or "users" => "user",
            "role" or "roles" => "role",
            "app" or "apps" => "app",
            "app_server" or "app_servers" => "app_server",
            _ => throw new FatalError("'" + s + "' is not a valid resource type"),
        };

        // ---- tctl users update (tool/tctl/common/user_command.go Update) ----------------------------------------

        private static int UsersUpdate(string account, List<string> setMcpTools)
        {
            string path = StatePath();
            MaybeFail("update", "user");
            var state = LoadState(path);
            // client.GetUser: lib/services/local/users.go trace.NotFound("user %q is not found", user)
            var user = state.FirstOrDefault(n => KindOf(n) == "user" && NameOf(n) == account)
                ?? throw new FatalError("user " + GoQuote(account) + " is not found");

            var updateMessages = new List<KeyValuePair<string, List<string>>>();
            if (setMcpTools.Count > 0)
            {
                var tools = FlattenSlice(setMcpTools);
                SetTrait(user, "mcp_tools", Deduplicate(tools));
                updateMessages.Add(new KeyValuePair<string, List<string>>("MCP tools", tools));
            }
            if (updateMessages.Count == 0)
                throw new FatalError("Nothing to update. Please provide at least one --set flag.");

            user["metadata"]["revision"] = Guid.NewGuid().ToString();
            var concurrent = Environment.GetEnvironmentVariable("TCTL_STANDIN_CONCURRENT");
            if (!string.IsNullOrEmpty(concurrent))
            {
                // Someone else's write lands right after ours: the lost update the module must detect.
                var other = JsonNode.Parse(concurrent).AsArray().Select(v => (string)v).ToList();
                SetTrait(user, "mcp_tools", other);
            }
            SaveState(path, state);

            var sb = new StringBuilder();
            sb.Append("User ").Append(account).Append(" has been updated:\n");
            foreach (var m in updateMessages) sb.Append("\tNew ").Append(m.Key).Append(": ").Append(string.Join(",", m.Value)).Append('\n');
            Console.Out.Write(sb.ToString());
            return 0;
        }

        // user_command.go flattenSlice: split every occurrence on "," and TrimSpace each piece; empty pieces stay.
        private static List<string> FlattenSlice(List<string> values) =>
            values.SelectMany(v => v.Split(',')).Select(p => p.Trim(' ', '\t', '\n', '\r', '\v', '\f')).ToList();

        // api/types/user.go trait setters deduplicate (reference U4: pattern read, SetMCPTools body not read).
        private static List<string> Deduplicate(List<string> values)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return values.Where(seen.Add).ToList();
        }

        private static void SetTrait(JsonNode user, string trait, List<string> values)
        {
            var spec = user["spec"] as JsonObject ?? (JsonObject)(user["spec"] = new JsonObject());
            var traits = spec["traits"] as JsonObject ?? (JsonObject)(spec["traits"] = new JsonObject());
            traits[trait] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        }

        // ---- tctl get (tool/tctl/common/resource_command.go Get) ----------------------------------------------

        private static int Get(string refs, string format)
        {
            string path = StatePath();
            var parts = refs.Split(',');
            // tool/tctl/common/resource_command.go (GetMany): several refs are written only as YAML (U8).
            if (parts.Length != 1 && format != "yaml")
                throw new FatalError("mixed resource types only support YAML formatting");
            var selected = new List<JsonNode>();
            foreach (var part in parts)
            {
                int slash = part.IndexOf('/');
                string kind = ParseKind(slash >= 0 ? part.Substring(0, slash) : part);
                string name = slash >= 0 ? part.Substring(slash + 1) : "";
                MaybeFail("get", kind);
                var state = LoadState(path);
                var matches = state.Where(n => KindOf(n) == kind && (name == "" || NameOf(n) == name)).ToList();
                if (name != "" && matches.Count == 0)
                {
                    switch (kind)
                    {
                        case "user": throw new FatalError("user " + GoQuote(name) + " is not found"); // lib/services/local/users.go
                        case "role": throw new FatalError("role " + name + " is not found"); // lib/services/local/access.go GetRole
                    }
                }
                selected.AddRange(matches.Select(m => m.DeepClone()));
                if (kind == "user" && name != "") ConcurrentWriteAfterRead(path, name);
            }
            switch (format)
            {
                case "json":
                    // Current tctl writes a JSON array even for one resource (reference U7).
                    Console.Out.Write(new JsonArray(selected.ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
                    return 0;
                case "yaml":
                    // Real tctl writes YAML documents separated by --- (utils.WriteYAML). The stand-in writes each
                    // top-level key as a block mapping entry whose value is JSON flow style, which is YAML too.
                    Console.Out.Write(string.Join("---\n", selected.Select(ToYamlDocument)));
                    return 0;
                default:
                    throw new FatalError("unsupported format");
            }
        }

        /// <summary>
        /// TCTL_STANDIN_CONCURRENT_AFTER_GET: another administrator writes the user's mcp_tools right after our first
        /// read of it (once per state file), so the module's read-merge-write would overwrite it. The real
        /// tctl users update reads the user itself and writes it back (user_command.go Update: GetUser, set,
        /// UpdateUser); UpdateUser's revision check (lib/services/local/users.go: Backend.ConditionalUpdate) only
        /// covers tctl's own read, not the module's earlier one, so the module must compare before it writes.
        /// </summary>
        private static void ConcurrentWriteAfterRead(string path, string name)
        {
            var concurrent = Environment.GetEnvironmentVariable("TCTL_STANDIN_CONCURRENT_AFTER_GET");
            if (string.IsNullOrEmpty(concurrent)) return;
            var state = LoadState(path);
            var user = state.FirstOrDefault(n => KindOf(n) == "user" && NameOf(n) == name);
            if (user == null || user["metadata"]?["standin_concurrent_done"] != null) return;
            SetTrait(user, "mcp_tools", JsonNode.Parse(concurrent).AsArray().Select(v => (string)v).ToList());
            user["metadata"]["standin_concurrent_done"] = true;
            user["metadata"]["revision"] = Guid.NewGuid().ToString();
            SaveState(path, state);
        }

        private static string ToYamlDocument(JsonNode resource)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var kv in resource.AsObject())
                sb.Append(kv.Key).Append(": ").Append(kv.Value == null ? "null" : kv.Value.ToJsonString()).Append('\n');
            return sb.ToString();
        }

        /// <summary>Go's %q for the names the tests use: quotes, backslashes and control characters escaped.</summary>
        private static string GoQuote(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var r in s.EnumerateRunes())
            {
                switch (r.Value)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (r.Value < 0x20 || r.Value == 0x7f) sb.Append("\\x").Append(r.Value.ToString("x2"));
                        else sb.Append(r.ToString());
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
