using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace TeleportMcp.Engine.Rbac
{
    public enum TemplateOutcome
    {
        /// <summary>Values produced (possibly the literal itself).</summary>
        Ok = 0,
        /// <summary>Missing trait or empty result: Teleport drops the entry silently (I8).</summary>
        NotFound = 1,
        /// <summary>Any other error: dropped with a DEBUG "Skipping trait value." line (I9).</summary>
        Error = 2,
        /// <summary>The module cannot evaluate it offline.</summary>
        Unknown = 3,
    }

    public sealed class TemplateResult
    {
        public TemplateOutcome Outcome { get; set; }
        public List<string> Values { get; set; } = new List<string>();
        public string? Message { get; set; }
        /// <summary>The trait name read (for "alice has no mcp_tools trait"), when there is one.</summary>
        public string? TraitName { get; set; }
        public string? Namespace { get; set; }
        public bool IsTemplate { get; set; }
        /// <summary>The template reads {{user.metadata.name}} (2:G14).</summary>
        public bool ReadsUserName { get; set; }
    }

    /// <summary>Functions shared by role templates and label expressions (lib/utils/parse/parse.go).</summary>
    internal static class TemplateFunctions
    {
        // parse.EmailLocal: net/mail.ParseAddress per value, keep the part before the first '@'. One bad value fails all.
        public static List<string> EmailLocal(List<string> values)
        {
            var result = new List<string>(values.Count);
            foreach (var v in values)
            {
                if (v.Length == 0) throw new ExpressionError("found empty \"email.local\" argument");
                if (!GoMail.TryParseAddress(v, out var address, out var error))
                    throw new ExpressionError("failed to parse \"email.local\" argument " + Common.GoText.Quote(v) + ": " + error);
                int at = address.IndexOf('@');
                if (at < 0)
                    throw new ExpressionError("could not find local part in \"email.local\" argument " + Common.GoText.Quote(v) + ", " + Common.GoText.Quote(address));
                if (at > 0) result.Add(address.Substring(0, at));   // stringListMap drops empty results
            }
            return result;
        }

        // parse.RegexpReplace: raw RE2 pattern, values it does not match are dropped, others ReplaceAllString.
        public static List<string> RegexpReplace(List<string> values, string pattern, string replacement)
        {
            var re = GoRegex.Compile(pattern);
            if (re.Error != null) throw new ExpressionError("failed to parse regexp " + Common.GoText.Quote(pattern) + ": " + re.Error).Wrap("invalid regexp " + Common.GoText.Quote(pattern));
            if (re.Unsupported != null) throw new ExpressionUnsupported("regexp.replace pattern " + Common.GoText.Quote(pattern) + ": " + re.Unsupported);
            var result = new List<string>();
            foreach (var v in values)
            {
                var why = re.CheckInput(v);
                if (why != null) throw new ExpressionUnsupported("regexp.replace: " + why);
                try
                {
                    if (!re.IsMatch(v)) continue;
                    var replaced = re.ReplaceAll(v, replacement);
                    if (replaced.Length > 0) result.Add(replaced);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ExpressionUnsupported("regexp.replace pattern " + Common.GoText.Quote(pattern) + " took too long to evaluate in .NET on " + Common.GoText.Quote(v));
                }
            }
            return result;
        }

        /// <summary>strings.ToUpper / ToLower; beyond ASCII Go's and .NET's case tables may differ.</summary>
        public static List<string> ChangeCase(List<string> values, bool upper, string fn)
        {
            foreach (var s in values)
                foreach (var ch in s)
                    if (ch > 0x7F) throw new ExpressionUnsupported(fn + " of the non-ASCII value " + Common.GoText.Quote(s) + " may differ between Go and .NET");
            return values.Select(s => upper ? s.ToUpperInvariant() : s.ToLowerInvariant()).ToList();
        }
    }

    /// <summary>
    /// Trait interpolation of one role value (ApplyValueTraits, lib/services/role.go; NewTraitsTemplateExpression,
    /// lib/utils/parse/parse.go): prefix{{expression}}suffix, the expression typed by lib/utils/typical.
    /// </summary>
    public static class TraitTemplate
    {
        // api/constants/constants.go: the internal traits ApplyValueTraits accepts (I5).
        public static readonly IReadOnlyCollection<string> InternalTraits = new HashSet<string>(StringComparer.Ordinal)
        {
            "logins", "windows_logins", "kubernetes_groups", "kubernetes_users", "db_names", "db_users", "db_roles",
            "aws_role_arns", "azure_identities", "gcp_service_accounts", "jwt", "id_token", "github_orgs", "mcp_tools",
            "default_relay_addr",
        };

        /// <summary>The release that added {{user.metadata.name}} (2:G14).</summary>
        public const string UserNameSince = "Teleport 18.8 (PR #64888, v18 backport #65923; present in v18.8.3); older versions drop the entry as an unknown identifier";

        // parse.go reVariable: prefix and suffix without braces around exactly one {{expression}} (I3).
        private static readonly Regex Shape = new Regex(@"\A([^}{]*)\{\{([^}{]*)\}\}([^}{]*)\z", RegexOptions.CultureInvariant);

        // parse.go newTraitsTemplateParser: variables internal/external (+ user.metadata.name), email.local, regexp.replace.
        private static readonly TypedLanguage Language = BuildLanguage();

        private static TypedLanguage BuildLanguage()
        {
            var l = new TypedLanguage { InvalidNamespaceHack = true };
            l.Variables["external"] = () => new TVal { Kind = VKind.TraitGetter, Namespace = "external" };
            l.Variables["internal"] = () => new TVal { Kind = VKind.TraitGetter, Namespace = "internal" };
            l.Variables["user.metadata.name"] = () => new TVal { Kind = VKind.Str, ReadsUserName = true, Eval = env => UserNameOf(env) };
            l.Functions["email.local"] = new TFunction { Args = new[] { VKind.List }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.EmailLocal((List<string>)a[0]) };
            l.Functions["regexp.replace"] = new TFunction { Args = new[] { VKind.List, VKind.Str, VKind.Str }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.RegexpReplace((List<string>)a[0], (string)a[1], (string)a[2]) };
            return l;
        }

        internal static string UserNameOf(ExprEnv env)
        {
            if (env.UserName == null || env.UserName.Length == 0) throw new ExpressionError("user.metadata.name is not available in this context");
            return env.UserName;
        }

        private sealed class Parsed
        {
            public bool Literal;
            public string Prefix = "", Suffix = "";
            public TVal? Expr;
            public string? ParseError;
            public string? Unsupported;
        }

        private static readonly Common.BoundedCache<Parsed> Cache = new Common.BoundedCache<Parsed>(100000);

        public static bool LooksLikeTemplate(string value) => value.Contains("{{") || value.Contains("}}");

        /// <summary>Why Teleport would refuse this template whatever the user's traits (null when it parses).</summary>
        public static string? ParseProblem(string value) => Parse(value).ParseError;

        /// <summary>Why the module cannot evaluate this template offline (null when it can).</summary>
        public static string? UnsupportedReason(string value) => Parse(value).Unsupported;

        /// <summary>Whether the template reads {{user.metadata.name}}.</summary>
        public static bool ReadsUserName(string value) => Parse(value).Expr?.ReadsUserName == true;

        /// <summary>The trait names a template reads (empty for literals and unparsable templates).</summary>
        public static IEnumerable<KeyValuePair<string, string>> ReferencedTraits(string value)
        {
            var p = Parse(value);
            if (p.Expr == null) return Enumerable.Empty<KeyValuePair<string, string>>();
            return p.Expr.Reads.Distinct();
        }

        /// <summary>
        /// Whether the template reads a trait whose name is a secret's (Output.Redactor.IsSecretName: api_token,
        /// db_password): what it expands to is shown masked, whatever it looks like.
        /// </summary>
        public static bool ReadsSecretTrait(string? value) => SecretTraitsRead(value).Any();

        /// <summary>
        /// The secret-named traits a value reads: those of the template it is, or, for a text that holds templates among
        /// other text (a label selector as written, {env: ['{{external.api_token}}']}), those of each template in it.
        /// </summary>
        private static IEnumerable<string> SecretTraitsRead(string? value)
        {
            if (value == null || !LooksLikeTemplate(value)) return Enumerable.Empty<string>();
            var parsed = Parse(value);
            var templates = parsed.Expr != null ? new[] { value } : Embedded.Matches(value).Cast<Match>().Select(m => m.Value);
            return templates.SelectMany(ReferencedTraits).Select(r => r.Value).Where(Output.Redactor.IsSecretName).Distinct(StringComparer.Ordinal);
        }

        // lib/utils/parse/parse.go reVariable: '{{', no brace, '}}'.
        private static readonly Regex Embedded = new Regex(@"\{\{[^{}]*\}\}", RegexOptions.CultureInvariant);

        /// <summary>
        /// A message about evaluating <paramref name="written"/> as output may show it: the values of the secret-named
        /// traits it reads (<see cref="ReadsSecretTrait"/>), which Teleport's errors quote ("failed to parse
        /// \"email.local\" argument \"...\""), replaced by the mask, quoted or not.
        /// </summary>
        public static string? ShownMessage(string written, string? message, IReadOnlyDictionary<string, List<string>> traits) =>
            message == null || message.Length == 0 ? message : MaskValues(message, SecretTraitsRead(written), traits);

        /// <summary><paramref name="message"/> with every value of the traits <paramref name="secretTraits"/> masked, quoted or not (longest first).</summary>
        internal static string MaskValues(string message, IEnumerable<string> secretTraits, IReadOnlyDictionary<string, List<string>>? traits)
        {
            if (traits == null) return message;
            foreach (var trait in secretTraits)
            {
                if (!traits.TryGetValue(trait, out var values)) continue;
                foreach (var v in values.Where(v => v.Length > 0).OrderByDescending(v => v.Length))
                    message = message.Replace(Common.GoText.Quote(v), Common.GoText.Quote(Output.Redactor.Mask)).Replace(v, Output.Redactor.Mask);
            }
            return message;
        }

        public static TemplateResult Apply(string value, IReadOnlyDictionary<string, List<string>> traits, string? userName = null) =>
            Apply(value, traits, userName, true);

        internal static TemplateResult Apply(string value, IReadOnlyDictionary<string, List<string>> traits, string? userName, bool validateInternal)
        {
            var p = Parse(value);
            if (p.Literal) return new TemplateResult { Outcome = TemplateOutcome.Ok, Values = { value } };
            var res = new TemplateResult { IsTemplate = true };
            if (p.ParseError != null)
            {
                res.Outcome = TemplateOutcome.Error;
                res.Message = p.ParseError;
                return res;
            }
            if (p.Unsupported != null)
            {
                res.Outcome = TemplateOutcome.Unknown;
                res.Message = p.Unsupported;
                return res;
            }
            res.ReadsUserName = p.Expr!.ReadsUserName; // a template that parses and is supported has its expression
            if (p.Expr.Reads.Count > 0)
            {
                res.Namespace = p.Expr.Reads[0].Key;
                res.TraitName = p.Expr.Reads[0].Value;
            }
            try
            {
                var values = (List<string>)p.Expr.Eval(new ExprEnv { Traits = traits, UserName = userName, NoTraitValidation = !validateInternal });
                foreach (var v in values)
                    if (v.Length > 0) res.Values.Add(p.Prefix + v + p.Suffix);   // I11: empty values vanish
                if (res.Values.Count == 0)
                {
                    res.Outcome = TemplateOutcome.NotFound;
                    res.Message = "variable interpolation result is empty";
                }
            }
            catch (TraitNotFound e)
            {
                res.Outcome = TemplateOutcome.NotFound;
                res.Message = e.Message;
                res.Namespace = e.Namespace;
                res.TraitName = e.Name;
            }
            catch (ExpressionError e)
            {
                res.Outcome = TemplateOutcome.Error;
                res.Message = e.Message;
            }
            catch (ExpressionUnsupported e)
            {
                res.Outcome = TemplateOutcome.Unknown;
                res.Message = e.Message;
            }
            catch (InsufficientExecutionStackException)
            {
                res.Outcome = TemplateOutcome.Unknown;
                res.Message = "the template is nested too deeply to evaluate offline";
            }
            return res;
        }

        private static Parsed Parse(string value)
        {
            if (Cache.TryGetValue(value, out var p)) return p;
            p = ParseUncached(value);
            Cache.Add(value, p);
            return p;
        }

        private static Parsed ParseUncached(string value)
        {
            var m = Shape.Match(value);
            if (!m.Success)
            {
                if (LooksLikeTemplate(value))
                    return new Parsed { ParseError = Excerpt.Quote(value) + " is using template brackets '{{' or '}}', however expression does not parse, make sure the format is {{expression}}" };
                return new Parsed { Literal = true };
            }
            var parsed = new Parsed
            {
                // parse.go: leading space trimmed from the prefix, trailing space from the suffix (unicode.IsSpace).
                Prefix = m.Groups[1].Value.TrimStart(),
                Suffix = m.Groups[3].Value.TrimEnd(),
            };
            try
            {
                parsed.Expr = Language.Parse(m.Groups[2].Value, VKind.List);
            }
            catch (ExpressionError e)
            {
                parsed.ParseError = e.Message; // NewTraitsTemplateExpression adds no message of its own
            }
            catch (ExpressionUnsupported e)
            {
                parsed.Unsupported = e.Message;
            }
            catch (InsufficientExecutionStackException)
            {
                parsed.Unsupported = "the template is nested too deeply to evaluate offline";
            }
            return parsed;
        }
    }
}
