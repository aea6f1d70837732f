using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Tests.Rbac
{
    /// <summary>Builds roles, users and apps from YAML and runs the engine.</summary>
    internal sealed class Cluster
    {
        public List<Role> Roles = new List<Role>();
        public List<User> Users = new List<User>();
        public List<App> Apps = new List<App>();
        public List<ResourceDiagnostic> Problems = new List<ResourceDiagnostic>();

        public static Cluster FromYaml(string yaml)
        {
            var c = new Cluster();
            foreach (var item in ResourceReader.ReadText(yaml, "test.yaml"))
            {
                switch (item.Resource)
                {
                    case Role r: c.Roles.Add(r); break;
                    case User u: c.Users.Add(u); break;
                    case App a: c.Apps.Add(a); break;
                    default: if (item.Diagnostic != null) c.Problems.Add(item.Diagnostic); break;
                }
            }
            return c;
        }

        /// <summary>The explained decision; every test that asks for one also checks that the bulk path (DecideFast, as -Quiet uses it) decides the same.</summary>
        public ToolAccess Decide(string user, string app, string tool)
        {
            var engine = new McpAccessEngine(Roles);
            var ua = engine.Prepare(Users.Single(u => u.Name == user));
            var aa = engine.ForApp(ua, Apps.Single(a => a.Name == app));
            var d = engine.Decide(aa, tool);
            Xunit.Assert.Equal(d.Decision, engine.DecideFast(aa, tool));
            return d;
        }

        public McpAccessSummary Summarize(string user, string app)
        {
            var engine = new McpAccessEngine(Roles);
            var ua = engine.Prepare(Users.Single(u => u.Name == user));
            return engine.Summarize(engine.ForApp(ua, Apps.Single(a => a.Name == app)));
        }
    }

    internal static class Traits
    {
        /// <summary>"mcp_tools=a,b;team=x" (an empty value list: "k=").</summary>
        public static Dictionary<string, List<string>> Parse(string spec)
        {
            var d = new Dictionary<string, List<string>>();
            if (string.IsNullOrEmpty(spec)) return d;
            foreach (var part in spec.Split(';'))
            {
                var kv = part.Split(new[] { '=' }, 2);
                d[kv[0]] = kv[1].Length == 0 ? new List<string>() : kv[1].Split(',').ToList();
            }
            return d;
        }

        public static Dictionary<string, string> Labels(string spec)
        {
            var d = new Dictionary<string, string>();
            if (string.IsNullOrEmpty(spec)) return d;
            foreach (var part in spec.Split(';'))
            {
                var kv = part.Split(new[] { '=' }, 2);
                d[kv[0]] = kv[1];
            }
            return d;
        }
    }
}
