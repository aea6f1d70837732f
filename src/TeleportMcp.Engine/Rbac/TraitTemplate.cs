using System;
using System.Collections.Concurrent;
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
        public TemplateOutcome Outcome;
        public List<string> Values = new List<string>();
        public string Message;
        /// <summary>The trait name read (for "alice has no mcp_tools trait"), when there is one.</summary>
        public string TraitName;
        public string Namespace;
        public bool IsTemplate;
    }

    /// <summary>Functions shared by role templates and label expressions (lib/utils/parse).</summary>
    internal static class TemplateFunctions
    {
        private static readonly Regex SimpleAddress = new Regex(
            @"\A[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\z",
            RegexOptions.CultureInvariant);

        // parse.EmailLocal: net/mail.ParseAddress per value, keep the part before '@'. One bad value fails all (I10).
        public static List<string> EmailLocal(List<string> values)
        {
            var result = new List<string>(values.Count);
            foreach (var v in values)
            {
                if (v.Length == 0) throw new ExpressionError("found empty \"email.local\" argument");
                if (SimpleAddress.IsMatch(v))
                {
                    result.Add(v.Substring(0, v.IndexOf('@')));
                    continue;
                }
                if (v.IndexOf('@') < 0)
                    throw new ExpressionError("failed to parse \"email.local\" argument " + Common.GoText.Quote(v) + ": (net/mail error: the value has no '@')");
                throw new ExpressionUnsupported("email.local(" + Common.GoText.Quote(v) + "): only plain local@domain addresses are parsed offline; Go's net/mail rules for this form were not reproduced");
            }
            return result;
        }

        // parse.RegexpReplace: raw RE2 pattern, values it does not match are dropped, others ReplaceAllString (I10).
        public static List<string> RegexpReplace(List<string> values, string pattern, string replacement)
        {
            var re = GoRegex.Compile(pattern);
            if (re.Error != null) throw new ExpressionError("failed to parse regexp " + Common.GoText.Quote(pattern) + ": " + re.Error);
            if (re.Unsupported != null) throw new ExpressionUnsupported("regexp.replace pattern " + Common.GoText.Quote(pattern) + ": " + re.Unsupported);
            var result = new List<string>();
            foreach (var v in values)
            {
                var why = re.CheckInput(v);
                if (why != null) throw new ExpressionUnsupported("regexp.replace: " + why);
                try
                {
                    if (!re.IsMatch(v)) continue;
                    result.Add(re.ReplaceAll(v, replacement));
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ExpressionUnsupported("regexp.replace pattern " + Common.GoText.Quote(pattern) + " took too long to evaluate in .NET on " + Common.GoText.Quote(v));
                }
            }
            return result;
        }
    }

    /// <summary>
    /// Trait interpolation of one role value (ApplyValueTraits, lib/services/role.go; parse.NewExpression,
    /// lib/utils/parse/parse.go): prefix{{expression}}suffix.
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

        // parse.go reVariable: prefix and suffix without braces around exactly one {{expression}} (I3).
        private static readonly Regex Shape = new Regex(@"\A([^}{]*)\{\{([^}{]*)\}\}([^}{]*)\z", RegexOptions.CultureInvariant);

        private sealed class Parsed
        {
            public bool Literal;
            public string Prefix, Suffix;
            public TNode Expr;
            public string ParseError;
            public string Unsupported;
        }

        private static readonly ConcurrentDictionary<string, Parsed> Cache = new ConcurrentDictionary<string, Parsed>(StringComparer.Ordinal);

        public static bool LooksLikeTemplate(string value) => value.Contains("{{") || value.Contains("}}");

        /// <summary>Why Teleport would refuse this template whatever the user's traits (null when it parses).</summary>
        public static string ParseProblem(string value)
        {
            var p = Parse(value);
            return p.ParseError;
        }

        /// <summary>The trait names a template reads (empty for literals and unparsable templates).</summary>
        public static IEnumerable<KeyValuePair<string, string>> ReferencedTraits(string value)
        {
            var p = Parse(value);
            if (p.Expr == null) yield break;
            foreach (var v in p.Expr.Vars()) yield return v;
        }

        public static TemplateResult Apply(string value, IReadOnlyDictionary<string, List<string>> traits)
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
            var first = p.Expr.Vars().FirstOrDefault();
            res.Namespace = first.Key;
            res.TraitName = first.Value;
            try
            {
                var values = p.Expr.Eval(traits);
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
            return res;
        }

        private static Parsed Parse(string value) => Cache.GetOrAdd(value, ParseUncached);

        private static Parsed ParseUncached(string value)
        {
            var m = Shape.Match(value);
            if (!m.Success)
            {
                if (LooksLikeTemplate(value))
                    return new Parsed { ParseError = Common.GoText.Quote(value) + " is using template brackets '{{' or '}}', however expression does not parse, make sure the format is {{expression}}" };
                return new Parsed { Literal = true };
            }
            var parsed = new Parsed
            {
                // parse.go: leading space trimmed from the prefix, trailing space from the suffix.
                Prefix = m.Groups[1].Value.TrimStart(),
                Suffix = m.Groups[3].Value.TrimEnd(),
            };
            try
            {
                var node = new GoExprParser(m.Groups[2].Value).ParseAll();
                var t = TNode.Compile(node);
                if (t.IsBool) throw new ExpressionError(Common.GoText.Quote(m.Groups[2].Value) + " does not evaluate to a string");
                parsed.Expr = t;
            }
            catch (ExpressionError e)
            {
                parsed.ParseError = e.Message;
            }
            catch (ExpressionUnsupported e)
            {
                parsed.Unsupported = e.Message;
            }
            return parsed;
        }

        private sealed class TraitNotFound : Exception
        {
            public readonly string Namespace, Name;
            public TraitNotFound(string ns, string name) : base("trait not found: " + ns + "." + name)
            {
                Namespace = ns;
                Name = name;
            }
        }

        /// <summary>A typed template expression: a trait lookup, email.local(...) or regexp.replace(...).</summary>
        private abstract class TNode
        {
            public virtual bool IsBool => false;
            public abstract List<string> Eval(IReadOnlyDictionary<string, List<string>> traits);
            public abstract IEnumerable<KeyValuePair<string, string>> Vars();

            public static TNode Compile(Node n)
            {
                switch (n)
                {
                    case IdentNode id: return FromPath(id.Path, null);
                    case IndexNode ix:
                        if (ix.Base is IdentNode b && b.Path.Count == 1 && ix.Key is StrNode k) return FromPath(b.Path, k.Value);
                        throw new ExpressionUnsupported("this index expression is not evaluated offline");
                    case CallNode c: return FromCall(c);
                    case StrNode _: throw new ExpressionUnsupported("a string literal inside {{ }} is not evaluated offline");
                    case UnaryNode _:
                    case BinaryNode _:
                        throw new ExpressionError("operators are not supported in trait templates");
                }
                throw new ExpressionUnsupported("unsupported template syntax");
            }

            private static TNode FromPath(List<string> path, string indexKey)
            {
                if (indexKey != null)
                {
                    var ns0 = path[0] == "internal" ? "internal" : "external";
                    return new VarNode(ns0, indexKey);
                }
                if (path.Count == 2)
                {
                    // typical WithInvalidNamespaceHack: any other namespace reads as external (I6).
                    var ns = path[0] == "internal" ? "internal" : "external";
                    return new VarNode(ns, path[1]);
                }
                if (path.Count == 1)
                    throw new ExpressionError(Common.GoText.Quote(path[0]) + " does not evaluate to a string (a trait namespace needs a trait name, e.g. {{external.name}})");
                throw new ExpressionError("unknown identifier: " + Common.GoText.Quote(string.Join(".", path)));
            }

            private static TNode FromCall(CallNode c)
            {
                switch (c.Name)
                {
                    case "email.local":
                        if (c.Args.Count != 1) throw new ExpressionError("function (email.local) accepts 1 argument, given " + c.Args.Count);
                        return new FnNode(Compile(c.Args[0]), v => TemplateFunctions.EmailLocal(v));
                    case "regexp.replace":
                        {
                            if (c.Args.Count != 3) throw new ExpressionError("function (regexp.replace) accepts 3 arguments, given " + c.Args.Count);
                            if (!(c.Args[1] is StrNode re) || !(c.Args[2] is StrNode repl))
                                throw new ExpressionUnsupported("regexp.replace with a non-literal pattern or replacement is not evaluated offline");
                            var rx = GoRegex.Compile(re.Value);
                            if (rx.Error != null) throw new ExpressionError("failed to parse regexp " + Common.GoText.Quote(re.Value) + ": " + rx.Error);
                            return new FnNode(Compile(c.Args[0]), v => TemplateFunctions.RegexpReplace(v, re.Value, repl.Value));
                        }
                    case "regexp.match":
                    case "regexp.not_match":
                        return new BoolNode();
                }
                throw new ExpressionError("unsupported function: " + c.Name);
            }
        }

        private sealed class BoolNode : TNode
        {
            public override bool IsBool => true;
            public override List<string> Eval(IReadOnlyDictionary<string, List<string>> traits) => throw new InvalidOperationException();
            public override IEnumerable<KeyValuePair<string, string>> Vars() { yield break; }
        }

        private sealed class VarNode : TNode
        {
            private readonly string _ns, _name;
            public VarNode(string ns, string name) { _ns = ns; _name = name; }

            public override List<string> Eval(IReadOnlyDictionary<string, List<string>> traits)
            {
                // ApplyValueTraits varValidation: internal.* only for the allow-listed names (I5).
                if (_ns == "internal" && !InternalTraits.Contains(_name))
                    throw new ExpressionError("unsupported variable " + Common.GoText.Quote(_name));
                // I7: internal and external read the same trait map.
                if (traits == null || !traits.TryGetValue(_name, out var values)) throw new TraitNotFound(_ns, _name);
                return values;
            }

            public override IEnumerable<KeyValuePair<string, string>> Vars()
            {
                yield return new KeyValuePair<string, string>(_ns, _name);
            }
        }

        private sealed class FnNode : TNode
        {
            private readonly TNode _arg;
            private readonly Func<List<string>, List<string>> _fn;
            public FnNode(TNode arg, Func<List<string>, List<string>> fn) { _arg = arg; _fn = fn; }
            public override List<string> Eval(IReadOnlyDictionary<string, List<string>> traits) => _fn(_arg.Eval(traits));
            public override IEnumerable<KeyValuePair<string, string>> Vars() => _arg.Vars();
        }
    }
}
