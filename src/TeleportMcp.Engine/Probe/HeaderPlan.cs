using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Logs;
using TeleportMcp.Engine.Rbac;
using TeleportMcp.Engine.Platform;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>One header the probe sends. Display is what output may show.</summary>
    public sealed class PlannedHeader
    {
        public PlannedHeader(string name, string value, string origin)
        {
            Name = name;
            Value = value;
            Origin = origin;
        }

        public string Name { get; }
        internal string Value { get; }

        /// <summary>"rewrite", "rewrite (trait template)" or "-Header".</summary>
        public string Origin { get; }

        /// <summary>
        /// A template filled its value from a user's trait, and the header's name or the trait's is a secret's
        /// (Authorization, X-Api-Token; api_token): output shows the value masked whatever it looks like.
        /// </summary>
        internal bool SecretFromTrait { get; set; }

        /// <summary>The admin supplied it (Test-TeleportMcpApp's -Header).</summary>
        internal bool Supplied { get; set; }

        public string Display => ControlCharacters.Escape(SecretFromTrait ? Name + ": " + Redactor.MaskHeaderValue(Value) : Redactor.RedactHeader(Name, Value));
        public override string ToString() => Display;
    }

    /// <summary>What the App Service would do with one rewrite.headers entry for one user.</summary>
    public enum HeaderFate
    {
        /// <summary>Sent, with the value(s) Teleport would produce.</summary>
        Sent,
        /// <summary>Teleport would send it, but its value needs a token only Teleport can mint (JWT, ID token).</summary>
        NeedsTeleportToken,
        /// <summary>Teleport skips it (template error or missing trait: 2:H5), or refuses it (reserved, unparsable).</summary>
        Dropped,
        /// <summary>Depends on a user's traits and no user was given.</summary>
        DependsOnUser,
        /// <summary>Replaced by a value the admin supplied with -Header.</summary>
        Supplied,
        /// <summary>The value is masked in this copy of the app (a deserialized object): the probe cannot send it.</summary>
        ValueUnavailable,
        /// <summary>The template uses something this module cannot evaluate offline: whether Teleport sends it is not known.</summary>
        Undecided,
        /// <summary>A later entry of the same name replaces it: Teleport deletes the header before it adds each entry.</summary>
        Overridden,
    }

    public sealed class HeaderDecision
    {
        public RewriteHeader Entry { get; set; } = null!; // Build sets it on every decision
        public HeaderFate Fate { get; set; }
        public string? Reason { get; set; }

        /// <summary>For NeedsTeleportToken: "jwt" or "id_token".</summary>
        public string? Token { get; set; }

        /// <summary>For Dropped: what to change so that Teleport sends the header.</summary>
        public string? Fix { get; set; }

        /// <summary>For Overridden: the later entry that replaces this one.</summary>
        public HeaderDecision? OverriddenBy { get; set; }

        /// <summary>A later entry of the same name that replaces this one if Teleport applies it, which is not known here.</summary>
        public HeaderDecision? MayBeOverriddenBy { get; set; }
    }

    /// <summary>
    /// Expands an app's rewrite.headers the way the App Service does (RewriteHeadersAndApplyValueTraits, lib/services; 2:H5,
    /// 2:H6): each value through ApplyValueTraits with the user's traits plus jwt and id_token; an entry that fails is skipped.
    /// </summary>
    public sealed class HeaderPlan
    {
        // Markers that stand for the tokens only the App Service mints; a value holding one cannot be reproduced.
        private const string JwtMarker = "\u0001teleport-jwt\u0001";
        private const string IdTokenMarker = "\u0001teleport-id-token\u0001";

        public List<PlannedHeader> Send { get; } = new List<PlannedHeader>();
        public List<HeaderDecision> Decisions { get; } = new List<HeaderDecision>();

        /// <summary>
        /// Entries Teleport may send whose value the probe does not have: a Teleport-issued token, a masked value, a trait
        /// value of a user not given, a template this module cannot evaluate. A refusal of the server then says nothing.
        /// </summary>
        public IEnumerable<HeaderDecision> Unreproducible => Decisions.Where(d => d.Fate == HeaderFate.NeedsTeleportToken || d.Fate == HeaderFate.ValueUnavailable ||
                                                                                   d.Fate == HeaderFate.DependsOnUser || d.Fate == HeaderFate.Undecided);

        /// <param name="userTraits">The user's traits, or null when no user was given.</param>
        /// <param name="supplied">Headers from -Header ("Name: value"), already parsed; they replace entries of the same name.</param>
        public static HeaderPlan Build(App app, string? userName, IReadOnlyDictionary<string, List<string>>? userTraits,
            IEnumerable<KeyValuePair<string, string>>? supplied, CallerParameters? caller = null)
        {
            var plan = new HeaderPlan();
            string header = (caller ?? CallerParameters.None).Give(OfferedParameter.Header);
            var suppliedList = (supplied ?? Enumerable.Empty<KeyValuePair<string, string>>()).ToList();
            bool Supplied(string? name) => suppliedList.Any(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase));
            string claims = app.Rewrite?.JwtClaims ?? "";
            // lib/srv/app/common/jwt.go @03162c5b GenerateJWTAndTraits: jwt_claims roles or none leaves only the jwt in the trait map (newest body not stored: docs/teleport-facts.md).
            bool traitsKept = claims != "roles" && claims != "none";
            var traits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (traitsKept && userTraits != null)
                foreach (var kv in userTraits) traits[kv.Key] = kv.Value;
            traits["jwt"] = new List<string> { JwtMarker };
            traits["id_token"] = new List<string> { IdTokenMarker };

            var sentBy = new Dictionary<HeaderDecision, List<PlannedHeader>>();
            foreach (var h in app.Rewrite?.Headers ?? new List<RewriteHeader>())
            {
                var d = new HeaderDecision { Entry = h };
                plan.Decisions.Add(d);
                sentBy[d] = new List<PlannedHeader>();
                Decide(d, h);
                Override(d);
            }
            foreach (var s in suppliedList) plan.Send.Add(new PlannedHeader(s.Key, s.Value, "-Header") { Supplied = true });
            return plan;

            // lib/services/app.go RewriteHeadersAndApplyValueTraits: r.Header.Del(name) before each applied entry's Adds, so the last applied entry of a name wins.
            void Override(HeaderDecision later)
            {
                bool applied = later.Fate == HeaderFate.Sent || later.Fate == HeaderFate.NeedsTeleportToken || later.Fate == HeaderFate.ValueUnavailable;
                bool maybe = later.Fate == HeaderFate.DependsOnUser || later.Fate == HeaderFate.Undecided;
                if (!applied && !maybe) return;
                foreach (var earlier in plan.Decisions)
                {
                    if (earlier == later || earlier.OverriddenBy != null || !string.Equals(earlier.Entry.Name, later.Entry.Name, StringComparison.OrdinalIgnoreCase)) continue;
                    if (earlier.Fate != HeaderFate.Sent && earlier.Fate != HeaderFate.NeedsTeleportToken && earlier.Fate != HeaderFate.ValueUnavailable &&
                        earlier.Fate != HeaderFate.DependsOnUser && earlier.Fate != HeaderFate.Undecided) continue;
                    if (!applied)
                    {
                        earlier.MayBeOverriddenBy = later;
                        continue;
                    }
                    foreach (var sent in sentBy[earlier]) plan.Send.Remove(sent);
                    earlier.Fate = HeaderFate.Overridden;
                    earlier.OverriddenBy = later;
                    earlier.MayBeOverriddenBy = null;
                    earlier.Reason = "overridden by the later entry " + later.Entry.Display + At(later.Entry) +
                                     ": the App Service deletes the header before it adds each entry, so only the last one it applies reaches the server";
                    earlier.Token = null;
                }
            }

            void Decide(HeaderDecision d, RewriteHeader h)
            {
                if (h.ParseError != null)
                {
                    d.Fate = HeaderFate.Dropped;
                    d.Reason = h.ParseError;
                    return;
                }
                if (HeaderRules.IsReserved(h.Name))
                {
                    d.Fate = HeaderFate.Dropped;
                    d.Reason = "header " + GoText.Quote(h.Name) + " is reserved and can't be rewritten";
                    return;
                }
                if (Supplied(h.Name))
                {
                    d.Fate = HeaderFate.Supplied;
                    d.Reason = "value supplied with " + header;
                    return;
                }
                if (h.IsMasked)
                {
                    d.Fate = HeaderFate.ValueUnavailable;
                    d.Reason = "its value is masked in this copy of the app (a deserialized or printed object); read the app from its file, or supply the value with " + header;
                    return;
                }
                var value = h.RealValue() ?? "";
                var referenced = TraitTemplate.ReferencedTraits(value).ToList();
                bool needsUser = referenced.Any(r => r.Value != "jwt" && r.Value != "id_token");
                if (needsUser && userTraits == null && traitsKept)
                {
                    d.Fate = HeaderFate.DependsOnUser;
                    d.Reason = "the value depends on the user's traits (" + ListText.Join(", ", referenced.Select(r => r.Key + "." + r.Value)) + "); give -User to expand it";
                    return;
                }
                var result = TraitTemplate.Apply(value, traits);
                if (result.Outcome == TemplateOutcome.Unknown)
                {
                    d.Fate = HeaderFate.Undecided;
                    d.Reason = "whether Teleport expands it is not known here (" + result.Message + "): a release that supports it sends the header, an older one skips it";
                    return;
                }
                if (result.Outcome != TemplateOutcome.Ok)
                {
                    d.Fate = HeaderFate.Dropped;
                    d.Reason = DropReason(result, claims, traitsKept, userName);
                    d.Fix = DropFix(result, traitsKept, userName);
                    return;
                }
                if (result.Values.Any(v => v.Contains(JwtMarker) || v.Contains(IdTokenMarker)))
                {
                    bool id = result.Values.Any(v => v.Contains(IdTokenMarker));
                    d.Fate = HeaderFate.NeedsTeleportToken;
                    d.Token = id ? "id_token" : "jwt";
                    d.Reason = "its value holds {{internal." + d.Token + "}}, a token only the App Service mints for each session" +
                               (id ? " (signed by the cluster's OIDC IdP CA, audience " + GoText.Quote(app.Uri ?? "") + ")" : " (signed by the cluster's JWT CA)");
                    return;
                }
                var masked = referenced.Where(r => userTraits != null && userTraits.TryGetValue(r.Value, out var tv) && tv.Any(x => x.Contains(Redactor.Mask))).ToList();
                if (masked.Count > 0)
                {
                    d.Fate = HeaderFate.ValueUnavailable;
                    d.Reason = "the user's trait " + ListText.Join(", ", masked.Select(r => r.Key + "." + r.Value)) + " is masked in this copy of the user (a deserialized or printed object); read the user from its file, or supply the value with " + header;
                    return;
                }
                d.Fate = HeaderFate.Sent;
                bool secret = result.IsTemplate && (Redactor.IsSecretHeaderName(h.Name) || TraitTemplate.ReadsSecretTrait(value));
                foreach (var v in result.Values)
                {
                    var sent = new PlannedHeader(h.Name!, v, result.IsTemplate ? "rewrite (trait template)" : "rewrite") { SecretFromTrait = secret }; // an entry without ParseError has its name
                    plan.Send.Add(sent);
                    sentBy[d].Add(sent);
                }
            }
        }

        private static string At(RewriteHeader h) => h.Location == null ? "" : " (" + h.Location + ")";

        private static string DropFix(TemplateResult r, bool traitsKept, string? user)
        {
            if (r.Outcome == TemplateOutcome.NotFound && !traitsKept && r.TraitName != "jwt" && r.TraitName != "id_token")
                return "Set rewrite.jwt_claims to traits or roles-and-traits so header templates see user traits, or use {{internal.jwt}}.";
            if (r.Outcome == TemplateOutcome.NotFound)
                return "Give " + (user ?? "the user") + " the trait " + r.TraitName + " (tctl edit user/" + (user == null ? "<user>" : ShellWord.PowerShell(user)) + ", or the IdP's attribute mapping), then have them log in again; or change the template.";
            // lib/utils/parse/parse.go (2:G1-G4): the expressions a template may hold.
            return "Fix the template: {{internal.<trait>}} (logins, jwt, id_token, ... of Teleport's allow-list), {{external.<trait>}}, email.local(...) or regexp.replace(..., \"re\", \"repl\"), with balanced {{ }}.";
        }

        private static string DropReason(TemplateResult r, string claims, bool traitsKept, string? user)
        {
            if (r.Outcome == TemplateOutcome.NotFound && !traitsKept && r.TraitName != "jwt" && r.TraitName != "id_token")
                return "jwt_claims: " + claims + " leaves no user traits to templates (lib/srv/app/common/jwt.go), so " + r.Namespace + "." + r.TraitName +
                       " is never found and Teleport sends no such header";
            if (r.Outcome == TemplateOutcome.NotFound)
                return (user == null ? "the user" : "user " + user) + " has no value for " + r.Namespace + "." + r.TraitName +
                       " (" + r.Message + "): Teleport skips the header (DEBUG \"Failed to apply traits\") and the upstream gets none";
            return "Teleport cannot expand it (" + r.Message + "): it skips the header (DEBUG \"Failed to apply traits\")";
        }
    }
}
