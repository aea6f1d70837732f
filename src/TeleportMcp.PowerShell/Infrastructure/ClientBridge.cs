using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Clients;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Calls the client checker and returns module types only.</summary>
    internal static class ClientBridge
    {
        internal sealed class Request
        {
            public string[] Paths;
            public string ProjectDirectory;
            public App[] Apps;
            public User[] Users;
            public string TshPath;
            public bool SkipSession;
            public bool ListAppsLive = true;
            public int TimeoutSec;
            public Action<string> Log;
        }

        public static List<ClientCheck> Run(Request r) => Run(r, out _);

        public static List<ClientCheck> Run(Request r, out int configFilesExamined)
        {
            var results = ClientChecker.Run(Options(r));
            configFilesExamined = ClientDiagnosis.ConfigFilesExamined(results);
            return results.Select(ToOutput).ToList();
        }

        /// <summary>The failed and doubtful client checks as diagnosis findings (Engine.Diagnosis.DiagnosisItem).</summary>
        internal static List<Engine.Diagnosis.DiagnosisItem> DiagnosisItems(Request r, string user, out int configFilesExamined)
        {
            var results = ClientChecker.Run(Options(r));
            configFilesExamined = ClientDiagnosis.ConfigFilesExamined(results);
            return ClientDiagnosis.ToDiagnosisItems(results, user);
        }

        private static ClientCheckOptions Options(Request r)
        {
            var options = new ClientCheckOptions
            {
                Paths = r.Paths,
                ProjectDirectory = r.ProjectDirectory,
                Apps = r.Apps?.Where(a => a != null).Select(ResourceMapper.FromApp).ToList(),
                Users = r.Users?.Where(u => u != null).Select(ResourceMapper.FromUser).ToList(),
                TshPath = r.TshPath,
                SkipSession = r.SkipSession,
                ListAppsLive = r.ListAppsLive,
                Log = r.Log,
            };
            if (r.TimeoutSec > 0) options.TshTimeout = TimeSpan.FromSeconds(r.TimeoutSec);
            return options;
        }

        private static ClientCheck ToOutput(ClientCheckResult c) => new ClientCheck
        {
            Client = c.Client,
            ConfigPath = c.ConfigPath,
            Scope = c.Scope,
            Entry = c.Entry,
            App = c.App,
            Check = c.Check,
            Status = c.Status.ToString(),
            Message = c.Message,
            Fix = c.Fix,
            Location = c.Location,
        };
    }
}
