using System;
using System.Collections.Generic;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Output
{
    /// <summary>Values shown under a name (a user's traits): the name can say "secret" when the value does not look like one.</summary>
    public static partial class Redactor
    {
        // A stand-in value: the rules answer for the name, never for a real value.
        private const string NameProbeValue = "v4lue0probe";
        private static readonly BoundedCache<bool> s_secretNames = new BoundedCache<bool>(4096);

        /// <summary>
        /// True when a value under this name is a credential whatever it looks like: a name of a credential header
        /// (<see cref="IsSecretHeaderName"/>: authorization, cookie, *token*, *key*, *secret*, *password*...), or a name the
        /// catalog's rules read as the key of a secret when written "name: value" (key-value-secret: api_token, db_password,
        /// client_secret, session_id).
        /// </summary>
        public static bool IsSecretName(string? name)
        {
            if (StringChecks.IsNullOrEmpty(name)) return false;
            if (s_secretNames.TryGetValue(name, out bool known)) return known;
            string head = name.Trim() + ": ";
            bool secret = IsSecretHeaderName(name) || Redact(head + NameProbeValue).StartsWith(head + Mask, StringComparison.Ordinal);
            s_secretNames.Add(name, secret);
            return secret;
        }

        /// <summary>
        /// A value as output may show it under its name: masked whole when the name is a secret's (<see cref="IsSecretName"/>),
        /// else with the secrets the rules recognise in it masked ("ghp_...", "eyJ...").
        /// </summary>
        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull("value")]
        public static string? RedactNamedValue(string? name, string? value)
        {
            if (StringChecks.IsNullOrEmpty(value)) return value;
            return IsSecretName(name) ? Mask : Redact(value);
        }

        /// <summary>Every value of one name, as <see cref="RedactNamedValue"/> shows it, passed through the output rule.</summary>
        public static string[] RedactNamedValues(string? name, IEnumerable<string?>? values)
        {
            var shown = new List<string>();
            if (values == null) return shown.ToArray();
            foreach (var v in values) shown.Add(OutputText.Safe(RedactNamedValue(name, v ?? "")));
            return shown.ToArray();
        }
    }
}
