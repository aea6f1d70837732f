using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleTest;

namespace TeleportMcp.FrameworkHarness
{
    /// <summary>
    /// The use cases of Import-TeleportResource, Test-TeleportMcpRole (decisions, summaries, lint), Find-TeleportMcpError
    /// (plain and .gz logs, audit log) and Invoke-TeleportMcpDiagnosis, as the cmdlets call them, on examples/. Paths
    /// are printed relative to examples/ and times in ISO form, so the text depends on the engine's answers only.
    /// </summary>
    internal sealed class Summary
    {
        private readonly string _examples;
        private readonly StringBuilder _out = new StringBuilder();

        internal Summary(string examples) => _examples = examples;

        internal string Build()
        {
            Cluster();
            RoleDecisions();
            Logs();
            Diagnosis();
            return _out.ToString();
        }

        private void Line(string text) => _out.Append(text).Append('\n');

        private string Rel(string? path)
        {
            if (path == null) return "-";
            string full = path;
            return full.StartsWith(_examples, StringComparison.Ordinal) ? full.Substring(_examples.Length).TrimStart('/', '\\').Replace('\\', '/') : full;
        }

        private string RelText(string? text) => text == null ? "-" : text.Replace(_examples + Path.DirectorySeparatorChar, "").Replace(_examples, "<examples>");

        private static string Iso(DateTime? t) => t?.ToString("o", CultureInfo.InvariantCulture) ?? "-";

        private List<string> ResourceFiles() =>
            ClusterInput.Folders.Walk(Path.Combine(_examples, "cluster")).Files
                .Concat(new[] { Path.Combine(_examples, "teleport.yaml") }).ToList();

        private ClusterInput ReadCluster(List<string> problems)
        {
            var cluster = new ClusterInput
            {
                Warning = w => problems.Add("warning " + RelText(w)),
                Error = d => problems.Add("error " + d.Code + " " + Rel(d.Location?.Path) + ":" + d.Location?.Line + ":" + d.Location?.Column + " " + RelText(d.Message)),
            };
            cluster.ReadFiles(ResourceFiles());
            return cluster;
        }

        private void Cluster()
        {
            var problems = new List<string>();
            var cluster = ReadCluster(problems);
            Line("== cluster (Import-TeleportResource ./cluster ./teleport.yaml)");
            Line("files " + string.Join(" ", cluster.Files.Select(Rel)));
            Line("roles " + cluster.Roles.Count + " users " + cluster.Users.Count + " apps " + cluster.Apps.Count + " mcp-apps " + cluster.DistinctApps().Count(a => a.IsMcp) + " all " + cluster.All.Count);
            foreach (var r in cluster.All)
                Line("resource " + r.GetType().Name + " " + r.Name + " " + Rel(r.SourcePath) + ":" + r.SourceLine);
            foreach (var r in cluster.Roles)
                Line("role " + r.Name + " allow.mcp.tools=[" + string.Join(",", r.AllowMcpTools ?? new List<string>()) + "] deny.mcp.tools=[" + string.Join(",", r.DenyMcpTools ?? new List<string>()) + "]");
            foreach (var u in cluster.Users)
                Line("user " + u.Name + " roles=[" + string.Join(",", u.Roles) + "] mcp_tools=[" + string.Join(",", u.McpTools ?? new List<string>()) + "]");
            foreach (var a in cluster.Apps)
                Line("app " + a.Name + " transport=" + a.Transport + " uri=" + a.Uri + " mcp=" + a.IsMcp);
            foreach (var p in problems) Line(p);
        }

        private void RoleDecisions()
        {
            Line("== role tests (Test-TeleportMcpRole)");
            // Every user on "everything", no tool: one summary per user.
            RunRoleTest("summaries everything", o => o.Apps = new List<Choice<App>> { Choice.Named<App>("everything") });
            RunRoleTest("alice everything", o =>
            {
                o.Users = new List<Choice<User>> { Choice.Named<User>("alice") };
                o.Apps = new List<Choice<App>> { Choice.Named<App>("everything") };
                Tools(o, "search_files");
            });
            RunRoleTest("bob everything", o =>
            {
                o.Users = new List<Choice<User>> { Choice.Named<User>("bob") };
                o.Apps = new List<Choice<App>> { Choice.Named<App>("everything") };
                Tools(o, "search_files", "echo", "printEnv", "get-env");
            });
            RunRoleTest("alice files", o =>
            {
                o.Users = new List<Choice<User>> { Choice.Named<User>("alice") };
                o.Apps = new List<Choice<App>> { Choice.Named<App>("files") };
                Tools(o, "read_file", "list_directory", "search_files");
            });
            RunRoleTest("every user, every MCP app, one tool", o => Tools(o, "search_files"));
            RunRoleTest("unknown user", o =>
            {
                o.Users = new List<Choice<User>> { Choice.Named<User>("nobody") };
                o.Apps = new List<Choice<App>> { Choice.Named<App>("everything") };
                Tools(o, "echo");
            });
            RunRoleTest("lint", o => o.Lint = true);
        }

        private static void Tools(RoleTestOptions o, params string[] tools)
        {
            o.ToolsFromCommandLine = true;
            foreach (var t in tools) o.Tools.Add(t);
        }

        private void RunRoleTest(string name, Action<RoleTestOptions> configure)
        {
            var problems = new List<string>();
            var o = new RoleTestOptions { Cluster = ReadCluster(problems) };
            configure(o);
            o.UsersFromCommandLine = o.Users != null;
            var lines = new List<string>();
            o.Decision = d => lines.Add("decision " + d.User + " " + d.App + " " + d.Tool + " " + d.Decision + " allowed=" + d.Allowed +
                                        " allowedBy=[" + string.Join(",", d.AllowedBy.Select(e => e.Role + ":" + e.Effective)) + "]" +
                                        " deniedBy=[" + string.Join(",", d.DeniedBy.Select(e => e.Role + ":" + e.Effective)) + "]" +
                                        " dropped=[" + string.Join(",", d.DroppedEntries.Select(e => e.Role + ":" + e.Entry)) + "] reason=" + d.Reason);
            o.Summary = s => lines.Add("summary " + s.User + " " + s.App + " scope=" + s.Scope + " accessible=" + s.AppAccessible +
                                       " allow=[" + string.Join(",", s.AllowedTools) + "] deny=[" + string.Join(",", s.DeniedTools) + "] reason=" + s.Reason);
            o.LintFinding = f => lines.Add("lint " + f.Id + " " + f.Severity + " " + f.Role + " " + f.Field + " " + f.Entry + " at " + RelText(f.Source) + " line " + f.Line + " column " + f.Column + " " + f.Message);
            o.Warning = w => lines.Add("warning " + RelText(w));
            o.Error = e => lines.Add("error " + e.Code + " " + RelText(e.Message));
            bool passed = RoleTestRunner.Run(o, CancellationToken.None);
            Line("-- " + name + ": passed=" + passed + " outputs=" + lines.Count);
            foreach (var l in lines.Concat(problems)) Line(l);
        }

        private void Logs()
        {
            Line("== logs (Find-TeleportMcpError ./logs ./audit, and a .gz copy)");
            var problems = new List<TeleportMcp.Engine.Common.TeleportInputException>();
            var catalog = KnownErrorCatalog.Load(new List<string>(), problems);
            Line("catalog entries " + catalog.Entries.Count + " problems " + problems.Count);
            var files = LogFiles.Folders.Walk(Path.Combine(_examples, "logs")).Files
                .Concat(LogFiles.Folders.Walk(Path.Combine(_examples, "audit")).Files).ToList();

            // The same App Service log gzipped, as logrotate leaves it; and a corrupt .gz, which is reported and skipped.
            string temp = Path.Combine(Path.GetTempPath(), "tmcp-framework-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            try
            {
                string gz = Path.Combine(temp, "app-service.log.1.gz");
                using (var input = File.OpenRead(Path.Combine(_examples, "logs", "app-service.log")))
                using (var output = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
                    input.CopyTo(output);
                string corrupt = Path.Combine(temp, "corrupt.log.2.gz");
                File.WriteAllBytes(corrupt, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11 });
                files.Add(gz);
                files.Add(corrupt);

                var findings = new List<TeleportMcp.Finding>();
                var failures = new List<string>();
                var lineCounts = new List<string>();
                long total = LogFiles.Scan(catalog, files, findings.Add,
                    f => failures.Add("unreadable " + Path.GetFileName(f.Path) + " " + f.Error.GetType().Name + " " + RelText(f.Error.Message)),
                    CancellationToken.None, (file, count, _) => lineCounts.Add("read " + FileLabel(file, temp) + " lines " + count));
                Line("lines " + total + " findings " + findings.Count + " unreadable " + failures.Count);
                foreach (var l in lineCounts) Line(l);
                foreach (var f in failures) Line(f);
                foreach (var f in findings)
                    Line("finding " + f.Id + " " + f.Severity + " " + FileLabel(f.Source, temp) + ":" + f.LineNumber + " time=" + Iso(f.Time) + " app=" + f.App +
                         " user=" + f.User + " hostUser=" + f.HostUser + " tool=" + f.Tool + " format=" + f.LogFormat + " evidence-sha256=" + Sha(f.Evidence));
                foreach (var g in findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
                    Line("count " + g.Key + " " + g.Count());
            }
            finally
            {
                Directory.Delete(temp, true);
            }
        }

        /// <summary>Two logs gzipped into one file (as `cat a.gz b.gz` makes it): the findings and the read error, if any.</summary>
        internal static string TwoMemberGzip(string examples)
        {
            string file = Path.Combine(Path.GetTempPath(), "tmcp-framework-" + Guid.NewGuid().ToString("N") + ".log.gz");
            try
            {
                // Two different logs: with the same text twice, the second member's trailer would equal the first's.
                using (var output = File.Create(file))
                    foreach (var log in new[] { "app-service.log", "app-service-http.log" })
                        using (var input = File.OpenRead(Path.Combine(examples, "logs", log)))
                        using (var member = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                            input.CopyTo(member);
                string? error = null;
                int findings = 0;
                LogFiles.Scan(KnownErrorCatalog.Embedded, new[] { file }, _ => findings++, f => error = f.Error.GetType().Name + " " + f.Error.Message,
                    CancellationToken.None);
                return "findings " + findings + " error " + (error ?? "none");
            }
            finally
            {
                File.Delete(file);
            }
        }

        private string FileLabel(string? path, string temp) =>
            path != null && path.StartsWith(temp, StringComparison.Ordinal) ? "<temp>/" + Path.GetFileName(path) : Rel(path);

        private void Diagnosis()
        {
            Line("== diagnosis (Invoke-TeleportMcpDiagnosis -ClusterPath ./cluster -LogPath ./logs -AuditPath ./audit -User alice,bob -App everything -SkipClient)");
            var messages = new List<string>();
            var options = new DiagnosisOptions
            {
                ClusterPath = new[] { Path.Combine(_examples, "cluster") },
                LogPath = new[] { Path.Combine(_examples, "logs") },
                AuditPath = new[] { Path.Combine(_examples, "audit") },
                ResolveFiles = (parameter, path, literal, folders) =>
                    Directory.Exists(path) ? folders.Walk(path).Files : File.Exists(path) ? new List<string> { path } : new List<string>(),
                Users = new[] { "alice", "bob" },
                Apps = new[] { "everything" },
                SkipClient = true,
                Warning = w => messages.Add("warning " + RelText(w)),
                Error = e => messages.Add("error " + e.Code + " " + RelText(e.Message)),
            };
            var result = DiagnosisRunner.Run(options, CancellationToken.None);
            Line("findings " + result.Findings.Count + " failing " + result.Failing.Count + " gate " + result.Gate.Outcome + " passed=" + result.Passed + " reason=" + RelText(result.Gate.Reason));
            foreach (var d in result.Findings)
                Line("diagnosis " + d.Rank + " " + d.Status + " " + d.Area + " " + d.Check + " app=" + d.App + " user=" + d.User + " incident=" + d.Incident +
                     " time=" + Iso(d.Time) + " evidence=" + d.Evidence.Count + " source=" + RelText(d.Source) + " title=" + d.Title);
            foreach (var i in result.Context.Inputs) Line("examined " + RelText(i));
            foreach (var i in result.Context.Unmatched) Line("unmatched " + RelText(i));
            foreach (var i in result.Context.Skipped) Line("skipped " + RelText(i));
            foreach (var i in result.Context.Incidents)
                Line("incident " + i.Number + " app=" + i.App + " user=" + i.User + " session=" + i.SessionId + " " + Iso(i.Start) + ".." + Iso(i.End) + " entries " + i.Entries.Count);
            foreach (var m in messages) Line(m);
            // The report carries its generation time; fixed here so two runs can be compared.
            result.Context.GeneratedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            foreach (var ext in new[] { ".md", ".html" })
            {
                string report = RelText(result.Report("report" + ext));
                Line("report " + ext + " chars " + report.Length + " sha256 " + Sha(report));
            }
        }

        private static string Sha(string? text)
        {
            if (text == null) return "-";
#if NET
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
#else
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
#endif
            return string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
