using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Maps engine resources to the module's output types and back. Engine types stay inside method bodies.</summary>
    internal static class ResourceMapper
    {
        public static object ToOutput(TeleportResource r)
        {
            switch (r)
            {
                case RoleDefinition role: return ToRole(role);
                case UserDefinition user: return ToUser(user);
                case AppDefinition app: return ToApp(app);
                default: return null;
            }
        }

        public static Role ToRole(RoleDefinition r) => new Role
        {
            Name = r.Name,
            Version = r.Version,
            AllowMcpTools = r.Allow.McpTools?.ToArray(),
            DenyMcpTools = r.Deny.McpTools?.ToArray(),
            AllowAppLabels = ToHashtable(r.Allow.AppLabels),
            AllowAppLabelsExpression = r.Allow.AppLabelsExpression,
            DenyAppLabels = ToHashtable(r.Deny.AppLabels),
            DenyAppLabelsExpression = r.Deny.AppLabelsExpression,
            Labels = ToHashtable(r.Labels),
            Description = r.Description,
            Source = r.Source?.ToString(),
            SourcePath = r.Source?.Path,
            SourceLine = r.Source?.Line ?? 0,
        };

        public static User ToUser(UserDefinition u)
        {
            var traits = new Hashtable();
            foreach (var name in u.TraitOrder) traits[name] = u.Traits[name].ToArray();
            return new User
            {
                Name = u.Name,
                Roles = u.Roles.ToArray(),
                Traits = traits,
                McpTools = u.Traits.TryGetValue("mcp_tools", out var tools) ? tools.ToArray() : null,
                Source = u.Source?.ToString(),
                SourcePath = u.Source?.Path,
                SourceLine = u.Source?.Line ?? 0,
            };
        }

        public static App ToApp(AppDefinition a) => new App
        {
            Name = a.Name,
            Uri = a.Uri,
            Transport = McpTransportRules.ToText(a.Transport),
            IsMcp = a.Transport != McpTransport.None,
            Labels = ToHashtable(a.Labels),
            DynamicLabels = ToHashtable(a.DynamicLabels),
            HasMcpSpec = a.HasMcpSpec,
            Command = a.Command,
            Args = a.Args.ToArray(),
            RunAsHostUser = a.RunAsHostUser,
            Description = a.Description,
            Origin = a.Origin,
            PermittedTools = a.PermittedTools?.ToArray(),
            DeniedTools = a.DeniedTools?.ToArray(),
            RewriteHeaders = a.Rewrite?.Headers.Select(h => h.Display).ToArray(),
            JwtClaims = a.Rewrite?.JwtClaims,
            RewriteDefinition = a.Rewrite,
            InsecureSkipVerify = a.InsecureSkipVerify,
            Source = a.Source?.ToString(),
            SourcePath = a.Source?.Path,
            SourceLine = a.Source?.Line ?? 0,
        };

        // ---- back to the engine (for cmdlets that take Role/User/App objects) ----------------------------

        public static RoleDefinition FromRole(Role r)
        {
            var def = new RoleDefinition
            {
                Name = r.Name,
                Version = r.Version,
                Labels = ToStringMap(r.Labels),
                Description = r.Description,
                Source = ToLocation(r.SourcePath, r.SourceLine),
            };
            def.Allow = new RoleConditions
            {
                AppLabels = ToSelector(r.AllowAppLabels),
                AppLabelsExpression = r.AllowAppLabelsExpression,
                McpTools = r.AllowMcpTools?.ToList(),
                HasMcpBlock = r.AllowMcpTools != null,
            };
            def.Deny = new RoleConditions
            {
                AppLabels = ToSelector(r.DenyAppLabels),
                AppLabelsExpression = r.DenyAppLabelsExpression,
                McpTools = r.DenyMcpTools?.ToList(),
                HasMcpBlock = r.DenyMcpTools != null,
            };
            return def;
        }

        public static UserDefinition FromUser(User u)
        {
            var def = new UserDefinition
            {
                Name = u.Name,
                Version = "v2",
                Roles = (u.Roles ?? new string[0]).ToList(),
                Source = ToLocation(u.SourcePath, u.SourceLine),
            };
            if (u.Traits != null)
            {
                foreach (DictionaryEntry e in u.Traits)
                {
                    var key = e.Key?.ToString();
                    if (key == null) continue;
                    def.Traits[key] = ToStringList(e.Value);
                    def.TraitOrder.Add(key);
                }
            }
            if (u.McpTools != null && !def.Traits.ContainsKey("mcp_tools"))
            {
                def.Traits["mcp_tools"] = u.McpTools.ToList();
                def.TraitOrder.Add("mcp_tools");
            }
            return def;
        }

        /// <summary>The real rewrite when the App came from the engine; otherwise rebuilt from its printed (masked) form.</summary>
        private static AppRewrite RewriteOf(App a)
        {
            if (a.RewriteDefinition is AppRewrite real) return real;
            if (a.RewriteHeaders == null && a.JwtClaims == null) return null;
            var r = new AppRewrite { JwtClaims = a.JwtClaims ?? "" };
            foreach (var h in a.RewriteHeaders ?? new string[0]) r.Headers.Add(RewriteHeader.FromDisplay(h));
            return r;
        }

        public static AppDefinition FromApp(App a)
        {
            var def = new AppDefinition
            {
                Name = a.Name,
                Version = "v3",
                Uri = a.Uri ?? "",
                Labels = ToStringMap(a.Labels),
                DynamicLabels = ToStringMap(a.DynamicLabels),
                HasMcpSpec = a.HasMcpSpec || a.Command != null,
                Command = a.Command,
                Args = (a.Args ?? new string[0]).ToList(),
                RunAsHostUser = a.RunAsHostUser,
                Description = a.Description,
                Origin = a.Origin ?? "app",
                PermittedTools = a.PermittedTools?.ToList(),
                DeniedTools = a.DeniedTools?.ToList(),
                Rewrite = RewriteOf(a),
                InsecureSkipVerify = a.InsecureSkipVerify,
                Source = ToLocation(a.SourcePath, a.SourceLine),
            };
            def.Transport = McpTransportRules.FromUri(def.Uri, !string.IsNullOrEmpty(def.Command));
            if (def.Transport == McpTransport.None && !string.IsNullOrEmpty(a.Transport) && def.Uri.Length == 0)
            {
                // A hand-made App (e.g. from -AppLabels) may name its transport without a URI.
                switch (a.Transport.ToLowerInvariant())
                {
                    case "stdio": def.Transport = McpTransport.Stdio; break;
                    case "http": def.Transport = McpTransport.Http; break;
                    case "sse": def.Transport = McpTransport.Sse; break;
                }
            }
            return def;
        }

        private static SourceLocation ToLocation(string path, int line) =>
            path == null ? null : new SourceLocation(path, line, 0);

        public static Hashtable ToHashtable(LabelSelector s)
        {
            if (s == null) return null;
            var h = new Hashtable();
            foreach (var e in s.Entries) h[e.Key] = e.Value.ToArray();
            return h;
        }

        public static Hashtable ToHashtable(Dictionary<string, string> d)
        {
            var h = new Hashtable();
            if (d != null) foreach (var kv in d) h[kv.Key] = kv.Value;
            return h;
        }

        public static LabelSelector ToSelector(IDictionary h)
        {
            if (h == null) return null;
            var s = new LabelSelector();
            foreach (DictionaryEntry e in h)
            {
                if (e.Key == null) continue;
                s.Add(e.Key.ToString(), ToStringList(e.Value));
            }
            return s;
        }

        public static Dictionary<string, string> ToStringMap(IDictionary h)
        {
            var d = new Dictionary<string, string>();
            if (h == null) return d;
            foreach (DictionaryEntry e in h)
            {
                if (e.Key == null) continue;
                d[e.Key.ToString()] = e.Value?.ToString() ?? "";
            }
            return d;
        }

        /// <summary>A value that is a string, an array or a deserialized list, as a list of strings.</summary>
        public static List<string> ToStringList(object value)
        {
            value = Unwrap(value);
            var list = new List<string>();
            if (value == null) return list;
            if (value is string s)
            {
                list.Add(s);
                return list;
            }
            if (value is IEnumerable e)
            {
                foreach (var item in e) list.Add(Unwrap(item)?.ToString() ?? "");
                return list;
            }
            list.Add(value.ToString());
            return list;
        }

        private static object Unwrap(object o) => o is System.Management.Automation.PSObject p ? p.BaseObject : o;
    }
}
