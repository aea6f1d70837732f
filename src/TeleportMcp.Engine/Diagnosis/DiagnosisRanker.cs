using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>
    /// Orders findings most-likely-root-cause first and folds log lines into the findings they prove.
    /// Order: failures before warnings before information; then upstream before downstream (an expired tsh session
    /// or a broken client entry hides everything after it; a server that cannot start hides its tools; role findings
    /// explain missing tools; a finding about input no release accepts, such as an app_auth_config, explains no failure of a
    /// released cluster and follows them; log-only findings are symptoms); then findings with more evidence first; then input order.
    /// </summary>
    public static class DiagnosisRanker
    {
        public static List<TeleportMcp.Diagnosis> Rank(IEnumerable<TeleportMcp.Diagnosis> items)
        {
            var all = items.ToList();
            var checks = all.Where(i => i.Area != DiagnosisArea.Log).ToList();
            var logs = all.Where(i => i.Area == DiagnosisArea.Log).ToList();
            var unattached = new List<TeleportMcp.Diagnosis>();
            foreach (var log in logs)
            {
                var target = checks.FirstOrDefault(c => Proves(log, c));
                if (target == null)
                {
                    unattached.Add(log);
                    continue;
                }
                foreach (var e in log.Evidence.DefaultIfEmpty(log.Title))
                    if (e != null && !target.Evidence.Contains(e)) target.Evidence.Add(e);
            }
            var ranked = checks.Concat(unattached)
                .Select((item, index) => (item, index))
                .OrderBy(x => x.item.Status)
                .ThenBy(x => Place(x.item))
                .ThenByDescending(x => x.item.Evidence.Count)
                .ThenBy(x => x.index)
                .Select(x => x.item)
                .ToList();
            for (int i = 0; i < ranked.Count; i++) ranked[i].Rank = i + 1;
            return ranked;
        }

        /// <summary>Upstream to downstream: the area, with a finding about unreleased input after Role and before Log.</summary>
        private static int Place(TeleportMcp.Diagnosis item) =>
            item.AboutUnreleasedInput && item.Area != DiagnosisArea.Log ? 2 * (int)DiagnosisArea.Log - 1 : 2 * (int)item.Area;

        private static bool Proves(TeleportMcp.Diagnosis log, TeleportMcp.Diagnosis check)
        {
            if (check.Status == DiagnosisStatus.Info) return false;
            if (log.App != null && check.App != null && !string.Equals(log.App, check.App, StringComparison.Ordinal)) return false;
            var text = string.Join("\n", log.Evidence) + "\n" + log.Detail;
            return check.CorrelationTokens.Any(t => !string.IsNullOrEmpty(t) && ContainsWord(text, t));
        }

        /// <summary>Ordinal match of a token not glued to other word characters (so "docs" does not match "docsearch").</summary>
        internal static bool ContainsWord(string text, string token)
        {
            int from = 0;
            while (true)
            {
                int i = text.IndexOf(token, from, StringComparison.Ordinal);
                if (i < 0) return false;
                bool startOk = i == 0 || !IsWordChar(text[i - 1]);
                int end = i + token.Length;
                bool endOk = end >= text.Length || !IsWordChar(text[end]);
                if (startOk && endOk) return true;
                from = i + 1;
            }
        }

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';
    }
}
