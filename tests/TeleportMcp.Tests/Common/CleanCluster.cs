using System.Linq;

namespace TeleportMcp.Tests.Common
{
    /// <summary>
    /// A cluster in which nothing is wrong, for the tests of a gate that must pass: one role granting every tool on the
    /// apps labelled env=dev, each user holding it (and the extra role names, which the test may leave undefined or
    /// define beside it), and the app 'local' labelled env=dev.
    /// </summary>
    internal static class CleanCluster
    {
        public static string Yaml(string role, string[] users, params string[] extraRoles)
        {
            string roles = string.Join(", ", new[] { role }.Concat(extraRoles));
            var docs = new[] { "kind: role\nversion: v8\nmetadata: {name: " + role + "}\nspec:\n  allow:\n    app_labels: {env: dev}\n    mcp: {tools: ['*']}" }
                .Concat(users.Select(u => "kind: user\nversion: v2\nmetadata: {name: " + u + "}\nspec: {roles: [" + roles + "]}"))
                .Concat(new[] { "kind: app\nversion: v3\nmetadata: {name: local, labels: {env: dev}}\nspec: {uri: 'mcp+http://127.0.0.1:9/mcp'}" });
            return string.Join("\n---\n", docs) + "\n";
        }
    }
}
