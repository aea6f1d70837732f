using System;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// An app's rewrite rebuilt from a copy (Import-Clixml, remoting, a hand-made app): its headers only as printed
    /// ("Name: value", credentials masked), so a masked value is marked and never sent by the probe.
    /// </summary>
    public static class AppRewriteCopy
    {
        // AppRewrite.ToString() ends with the claims: "A: x; B: y (jwt_claims: none)".
        private static readonly Regex ClaimsSuffix = new Regex(@" ?\(jwt_claims: (?<c>[^)]*)\)\z", RegexOptions.CultureInvariant);

        public static AppRewrite From(IInputObject value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.Value is AppRewrite typed) return typed;
            if (value.Value is string text) return FromText(text);
            var rewrite = new AppRewrite { JwtClaims = value.ValueOf("JwtClaims")?.Value?.ToString() ?? "" };
            var headers = value.ValueOf("Headers");
            if (headers == null) return rewrite;
            foreach (var h in headers.Items())
            {
                if (h.Value is string line)
                {
                    // A hand-made app (hashtable) writes the teleport.yaml form; its value is the real one.
                    rewrite.Headers.Add(HeaderRules.ParseStringForm(line, null!)); // no position: it was not read from a file
                    continue;
                }
                var display = h.ValueOf("Display")?.Value?.ToString() ?? (h.ValueOf("Name")?.Value + ": " + h.ValueOf("Value")?.Value);
                rewrite.Headers.Add(RewriteHeader.FromDisplay(display));
            }
            return rewrite;
        }

        /// <summary>A shallow serialization keeps only the printed form of the whole rewrite.</summary>
        public static AppRewrite FromText(string text)
        {
            var rewrite = new AppRewrite();
            var m = ClaimsSuffix.Match(text ?? "");
            if (m.Success)
            {
                rewrite.JwtClaims = m.Groups["c"].Value;
                text = text!.Substring(0, m.Index);
            }
            foreach (var part in (text ?? "").Split(new[] { "; " }, StringSplitOptions.RemoveEmptyEntries)) rewrite.Headers.Add(RewriteHeader.FromDisplay(part));
            return rewrite;
        }
    }
}
