using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Audit;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Platform;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Calls the engine's log scanner; only module types and object handles cross this class.</summary>
    internal static class LogBridge
    {
        internal sealed class CatalogProblem
        {
            public string Code;
            public string Message;
            public string Location;
        }

        internal sealed class Folder
        {
            public string Client;
            public string Path;
            public bool Exists;
            public string Note;
            public List<string> Files;
        }

        /// <summary>The catalog (embedded plus admin files) as an opaque handle; problems are returned, not thrown.</summary>
        public static object LoadCatalog(IEnumerable<string> adminFiles, List<CatalogProblem> problems)
        {
            var errors = new List<TeleportInputException>();
            var catalog = KnownErrorCatalog.Load(adminFiles, errors);
            foreach (var e in errors)
                problems.Add(new CatalogProblem { Code = e.Code, Message = e.Detail, Location = e.Location?.ToString() });
            return catalog;
        }

        public static int EntryCount(object catalog) => ((KnownErrorCatalog)catalog).Entries.Count;

        /// <summary>A scanner whose findings are collected into <paramref name="sink"/>.</summary>
        public static object CreateScanner(object catalog, string source, List<Finding> sink)
        {
            var scanner = new LogScanner((KnownErrorCatalog)catalog, source, f => sink.Add(Map(f)));
            return new KeyValuePair<LogScanner, ILineSink>(scanner, AuditFindings.WithLogScanner(scanner, source, f => sink.Add(Map(f))));
        }

        public static void FeedLine(object scanner, string line)
        {
            if (line == null) return;
            var buf = line.ToCharArray();
            ((KeyValuePair<LogScanner, ILineSink>)scanner).Value.FeedLine(buf, 0, buf.Length);
        }

        public static void Flush(object scanner) => ((KeyValuePair<LogScanner, ILineSink>)scanner).Value.Flush();

        public static long LineCount(object scanner) => ((KeyValuePair<LogScanner, ILineSink>)scanner).Key.LineCount;

        /// <summary>Scans a whole file; findings are handed to <paramref name="emit"/> as they are found.</summary>
        public static long ScanFile(object catalog, string path, Action<Finding> emit)
        {
            var scanner = new LogScanner((KnownErrorCatalog)catalog, path, f => emit(Map(f)));
            // Failed MCP audit events (an audit log among the logs) are findings too.
            LogFileReader.Scan(path, AuditFindings.WithLogScanner(scanner, path, f => emit(Map(f))));
            return scanner.LineCount;
        }

        public static List<Folder> ClientLogFolders()
        {
            var result = new List<Folder>();
            foreach (var c in ClientLogLocations.Candidates(HostPlatform.Current))
            {
                result.Add(new Folder
                {
                    Client = c.Client,
                    Path = c.Path,
                    Exists = c.Exists,
                    Note = c.Note,
                    Files = c.Exists ? ClientLogLocations.Files(c) : new List<string>(),
                });
            }
            return result;
        }

        public static bool IsLogFile(string path)
        {
            string name = System.IO.Path.GetFileName(path).ToLowerInvariant();
            return name.EndsWith(".log") || name.EndsWith(".jsonl") || name.EndsWith(".json") || name.EndsWith(".txt") ||
                   name.EndsWith(".gz") || name.Contains(".log.");
        }

        private static Finding Map(LogFinding f) => new Finding
        {
            Id = f.Id,
            Severity = f.Severity,
            Title = f.Title,
            Cause = f.Cause,
            Fix = f.Fix,
            Source = f.Source,
            LineNumber = f.LineNumber,
            Time = f.Time,
            App = f.App,
            User = f.User,
            Command = f.Command,
            Tool = f.Tool,
            SessionId = f.SessionId,
            Evidence = f.Evidence,
            LogFormat = f.Format,
            HelpUri = f.Doc,
        };
    }
}
