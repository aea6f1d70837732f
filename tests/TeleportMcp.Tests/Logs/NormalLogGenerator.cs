using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace TeleportMcp.Tests.Logs
{
    /// <summary>
    /// Deterministic Teleport App Service text log of normal operation (healthy MCP sessions, heartbeats, resource
    /// watchers, audit uploads), in the text handler's layout (lib/utils/log/slog_text_handler.go).
    /// </summary>
    internal static class NormalLogGenerator
    {
        private static readonly string[] Apps = { "files", "git", "jira", "wiki", "grafana", "teleport-mcp-demo" };
        private static readonly string[] Users = { "alice", "bob", "carol", "dave", "erin" };

        public static void Write(TextWriter w, int lines, int seed = 42)
        {
            var r = new Random(seed);
            var t = new DateTime(2025, 9, 30, 0, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < lines; i++)
            {
                t = t.AddMilliseconds(r.Next(1, 400));
                w.Write(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                string app = Apps[r.Next(Apps.Length)], user = Users[r.Next(Users.Length)];
                string sid = Guid(r);
                string session = " client_ip:10.0." + r.Next(0, 8) + "." + r.Next(2, 250) + ":" + r.Next(30000, 60000) + " app:" + app + " app_uri:mcp+stdio:// user:" + user + " session_id:" + sid;
                switch (r.Next(12))
                {
                    case 0: w.Write(" DEBU [MCP]       Started handling stdio session" + session + " mcp/stdio.go:84"); break;
                    case 1: w.Write(" DEBU [MCP]       Completed handling stdio session" + session + " mcp/stdio.go:90"); break;
                    case 2: w.Write(" DEBU [MCP]       Received tools/list result received:" + r.Next(3, 30) + " allowed:" + r.Next(1, 3) + session + " mcp/session.go:212"); break;
                    case 3: w.Write(" INFO [APP:SERVI] Heartbeat sent kind:app_server name:" + app + " srv/heartbeat.go:321"); break;
                    case 4: w.Write(" DEBU [APP:SERVI] Resource is already up to date kind:app name:" + app + " services/reconciler.go:203"); break;
                    case 5: w.Write(" DEBU [MCP]       Sending SIGINT to command" + session + " mcp/stdio.go:170"); break;
                    case 6: w.Write(" INFO [AUDIT]     mcp.session.start cluster_name:teleport.example.com code:TMCP001I ei:0 event:mcp.session.start uid:" + Guid(r) + " user:" + user + " events/emitter.go:287"); break;
                    case 7: w.Write(" DEBU [PROXY:AGE] Proxy agent connected to tunnel addr:proxy.example.com:443 reversetunnel/agent.go:402"); break;
                    case 8: w.Write(" INFO [UPLOAD]    Session upload completed duration:" + r.Next(20, 900) + "ms session_id:" + sid + " events/complete.go:241"); break;
                    case 9: w.Write(" DEBU [AUTH:CLIE] Connected to auth server addr:auth.example.com:3025 client/client.go:339"); break;
                    case 10: w.Write(" DEBU [MCP]       Command exited error:[signal: interrupt] exit:-1" + session + " mcp/stdio.go:131"); break;
                    default: w.Write(" INFO [APP:SERVI] Certificate rotation watcher running. rotation_state:standby service/connect.go:682"); break;
                }
                w.Write('\n');
            }
        }

        private static string Guid(Random r)
        {
            var b = new byte[16];
            r.NextBytes(b);
            return new System.Guid(b).ToString();
        }
    }
}
