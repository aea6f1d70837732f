using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// The secrets a live probe hands to the server, and the probe's result with every echo of them masked: a server that
    /// answers "key X and token Y are invalid" or prints its environment on stderr would otherwise put the admin's
    /// credentials into the output, the diagnosis and its report.
    /// </summary>
    internal static class ProbeSecrets
    {
        /// <summary>
        /// What the probe of <paramref name="report"/>'s app sends that output shows masked: the credential part of each
        /// header (rewrite.headers, -Header), and for a stdio server the values of its secret options and of its
        /// environment's secret-named variables (-Environment, or inherited), with any secret the rules see in another value.
        /// </summary>
        public static SentSecrets Of(StaticCheckReport report)
        {
            var sent = new SentSecrets();
            foreach (var h in report.Headers?.Send ?? new List<PlannedHeader>())
            {
                sent.Add(Redactor.PlaintextSecret(h.Name, h.Value));
                if (h.SecretFromTrait) sent.AddMaskedParts(h.Value, Redactor.MaskHeaderValue(h.Value), Redactor.HeaderMask);
            }
            if (report.App.Transport != McpTransport.Stdio) return sent;
            var args = report.App.Args ?? new List<string>();
            var shown = Redactor.RedactArguments(args);
            for (int i = 0; i < args.Count && i < shown.Count; i++) sent.AddMaskedParts(args[i], shown[i], Redactor.Mask);
            foreach (var kv in report.Environment)
            {
                // A location is no credential: PWD, OLDPWD and TOKEN_PATH hold paths a server's errors must still show
                // ("Cannot find module '/srv/app/x.js'").
                if (IsRootedPath(kv.Value)) continue;
                if (Redactor.IsSecretName(kv.Key)) sent.Add(kv.Value);
                else sent.AddMaskedParts(kv.Value, Redactor.Redact(kv.Value), Redactor.Mask);
            }
            return sent;
        }

        /// <summary>An absolute path on either system (the probe may run a Windows server's environment on Linux or the reverse).</summary>
        internal static bool IsRootedPath(string? value) =>
            value != null && (OsPath.IsRooted(OsKind.Linux, value) || OsPath.IsRooted(OsKind.Windows, value));

        /// <summary>
        /// Masks <paramref name="sent"/> in every text of the result that can come from the server: each string and list of
        /// strings of the result and of its tools, found by their types so a text added later is covered too. The app and
        /// the static checks are the module's own input and are left as they are.
        /// </summary>
        public static void Mask(ProbeResult result, SentSecrets sent)
        {
            if (sent.IsEmpty) return;
            MaskTexts(result, sent);
            foreach (var tool in result.Tools)
            {
                MaskTexts(tool, sent);
                if (tool.Annotations != null) MaskTexts(tool.Annotations, sent);
            }
        }

        private static void MaskTexts(object target, SentSecrets sent)
        {
            foreach (var p in s_texts.GetOrAdd(target.GetType(), TextPropertiesOf))
            {
                if (p.PropertyType == typeof(string))
                    p.SetValue(target, sent.Mask((string?)p.GetValue(target)));
                else
                    sent.MaskAll((List<string>?)p.GetValue(target));
            }
        }

        // A server may list thousands of tools: each type's text properties are looked up once.
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_texts = new ConcurrentDictionary<Type, PropertyInfo[]>();

        private static PropertyInfo[] TextPropertiesOf(Type type) =>
            type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetIndexParameters().Length == 0 &&
                            ((p.PropertyType == typeof(string) && p.CanWrite) || p.PropertyType == typeof(List<string>)))
                .ToArray();
    }
}
