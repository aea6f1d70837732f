using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Diagnosis
{
    /// <summary>
    /// A failed app_auth_config verify event (TAAC004E) names the config the Auth Service checked the token against
    /// (sessions_service.go reads GetAppAuthConfig(req.ConfigName)). With app_auth_configs read beside the audit log, the
    /// finding names that config's setting the failure is about (the audit catalog's config_field) and the config's own
    /// findings; a config that is not among those read is said to be so, since its settings cannot be compared then.
    /// </summary>
    public static class AppAuthConfigLinks
    {
        private const int MaxNamed = 5;
        private const int MaxValue = 200;

        /// <summary>Adds to the finding's cause what the configs read say about it; nothing when none were read or the finding names no config.</summary>
        public static void Link(Finding finding, IReadOnlyCollection<AppAuthConfig> configs)
        {
            if (finding == null) throw new ArgumentNullException(nameof(finding));
            if (configs == null) throw new ArgumentNullException(nameof(configs));
            if (finding.AppAuthConfig == null || configs.Count == 0) return;
            string name = finding.AppAuthConfig;
            var config = configs.LastOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
            string sentence = config == null ? NotRead(name, configs) : Named(config, finding.AppAuthConfigField);
            finding.Cause = string.IsNullOrEmpty(finding.Cause) ? sentence : finding.Cause + " " + sentence;
        }

        private static string NotRead(string name, IReadOnlyCollection<AppAuthConfig> configs)
        {
            var names = configs.Select(c => Quote(c.Name ?? "")).Distinct(StringComparer.Ordinal).ToList();
            return "The event names app_auth_config " + Quote(name) + ", which is not among the " + configs.Count.ToString(CultureInfo.InvariantCulture) +
                   " app_auth_config(s) read (" + ListText.Join(", ", names.Take(MaxNamed)) + (names.Count > MaxNamed ? ", ..." : "") +
                   "): its settings were not compared with the failure (read it too: tctl get app_auth_config/" + name + ").";
        }

        private static string Named(AppAuthConfig config, string? field)
        {
            string where = config.Location?.ToString() is { Length: > 0 } at ? " (" + at + ")" : "";
            var parts = new List<string>();
            string? setting = Setting(config, field);
            parts.Add("app_auth_config " + Quote(config.Name ?? "") + " as read" + where + (setting != null ? " has " + setting : " was read") + ".");
            // What every token check fails on, then the warnings of single keys (a key Indeterminate under a godebug setting).
            var checks = AppAuthConfigRules.Checks(config);
            var own = checks.NeverVerifies.Concat(checks.KeyWarnings.Select(w => w.Finding)).ToList();
            if (own.Count > 0)
                parts.Add("Its own check: " + ListText.Join("; ", own.Take(MaxNamed).Select(f => f.Field + ": " + f.Text + (f.Reason != null ? " (" + f.Reason + ")" : ""))) + ".");
            return string.Join(" ", parts);
        }

        /// <summary>The setting the failure is about, as written in the config read; null when the catalog names none.</summary>
        private static string? Setting(AppAuthConfig config, string? field)
        {
            switch (field)
            {
                case null: return null;
                case "spec.jwt": return config.HasJwtSpec ? "spec.jwt" : "no spec.jwt";
                case "spec.jwt.issuer": return Value(field, config.Issuer);
                case "spec.jwt.audience": return Value(field, config.Audience);
                case "spec.jwt.username_claim":
                    return string.IsNullOrEmpty(config.UsernameClaim)
                        ? "no spec.jwt.username_claim (Teleport reads the claim " + Quote(AppAuthConfig.DefaultUsernameClaim) + ")"
                        : Value(field, config.UsernameClaim);
                case "spec.jwt.jwks_url":
                case "keys":
                    // The event may be older than the config read: a key source other than the failure's is said as it is.
                    return config.KeySource switch
                    {
                        AppAuthKeySource.JwksUrl => Value("spec.jwt.jwks_url", config.JwksUrl),
                        AppAuthKeySource.StaticJwks => "its keys in spec.jwt.static_jwks" + (field == "spec.jwt.jwks_url" ? " (no jwks_url: the event is older than the config read)" : ""),
                        _ => "neither spec.jwt.jwks_url nor spec.jwt.static_jwks",
                    };
                default: return Value(field, null);
            }
        }

        private static string Value(string field, string? value) =>
            value == null ? "no " + field : field + " " + Quote(Platform.BoundedCapture.Cut(Output.Redactor.Redact(value), MaxValue));

        private static string Quote(string text) => GoText.Quote(text);
    }
}
