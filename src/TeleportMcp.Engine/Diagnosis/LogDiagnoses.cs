using System;
using System.Collections.Generic;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>
    /// Log findings as diagnosis items, one per known error, app and user however many lines repeat it (with the
    /// first few lines as evidence and the count in the detail), so a huge log cannot grow a diagnosis without bound.
    /// </summary>
    public sealed class LogDiagnoses
    {
        public const int EvidencePerItem = 5;
        public const int MaxKeys = 5000;

        private readonly Dictionary<string, KeyValuePair<TeleportMcp.Diagnosis, long>> _items = new Dictionary<string, KeyValuePair<TeleportMcp.Diagnosis, long>>(StringComparer.Ordinal);

        /// <summary>The new item for a first occurrence (to add to the diagnosis), or null when it joined an earlier one.</summary>
        public TeleportMcp.Diagnosis? Add(Finding f)
        {
            // One failed connection (a session, a tool) stays its own item so incidents can be told apart; past MaxKeys
            // distinct ones, further occurrences join their error, app and user, so memory stays bounded.
            string key = f.Id + "\u0001" + f.App + "\u0001" + f.User + "\u0001" + f.AppAuthConfig;
            string fine = key + "\u0001" + f.Tool + "\u0001" + f.SessionId;
            if (_items.Count < MaxKeys || _items.ContainsKey(fine)) key = fine;
            if (_items.TryGetValue(key, out var seen))
            {
                var existing = seen.Key;
                long n = seen.Value + 1;
                _items[key] = new KeyValuePair<TeleportMcp.Diagnosis, long>(existing, n);
                if (existing.Evidence.Count < EvidencePerItem)
                    existing.Evidence.Add(f.Source + (f.LineNumber > 0 ? ":" + f.LineNumber : "") + ": " + f.Evidence);
                existing.Detail = f.Cause + " (" + n + " log lines)";
                return null;
            }
            var item = DiagnosisRules.FromLogFinding(f);
            _items[key] = new KeyValuePair<TeleportMcp.Diagnosis, long>(item, 1);
            return item;
        }
    }
}
