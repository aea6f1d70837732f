using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Rbac
{
    internal enum VType { Str, List, Bool, TraitMap, LabelMap }

    internal sealed class CExpr
    {
        public VType Type;
        public Func<ExprEnv, object> Eval;
    }

    /// <summary>What an expression may read: the app's labels and the user's traits.</summary>
    public sealed class ExprEnv
    {
        public AppLabelSet Labels;
        public IReadOnlyDictionary<string, List<string>> Traits;
    }

    /// <summary>
    /// app_labels_expression, parsed and typed as lib/services/label_expressions.go does with lib/utils/typical
    /// (variables labels and user.spec.traits; functions contains, contains_any, contains_all, labels_matching,
    /// regexp.match, regexp.replace, email.local, strings.upper, strings.lower; operators ! == != &amp;&amp; ||).
    /// </summary>
    public sealed class LabelExpression
    {
        private static readonly ConcurrentDictionary<string, LabelExpression> Cache = new ConcurrentDictionary<string, LabelExpression>(StringComparer.Ordinal);

        public string Text { get; }
        /// <summary>Teleport's parse error (the check fails), or null.</summary>
        public string Error { get; private set; }
        /// <summary>Why the module cannot evaluate it, or null.</summary>
        public string Unsupported { get; private set; }

        private CExpr _compiled;

        private LabelExpression(string text)
        {
            Text = text;
            try
            {
                // lib/utils/typical/parser.go Parse: an empty expression is refused.
                if (text.Length == 0) throw new ExpressionError("empty expression");
                var node = new GoExprParser(text).ParseAll();
                var c = Compile(node);
                if (c.Type != VType.Bool) throw new ExpressionError("expression evaluated to unexpected type: expected type bool, got value of type " + TypeName(c.Type));
                _compiled = c;
            }
            catch (ExpressionError e)
            {
                Error = "parsing label expression: " + e.Message;
            }
            catch (ExpressionUnsupported e)
            {
                Unsupported = e.Message;
            }
        }

        public static LabelExpression Get(string text) => Cache.GetOrAdd(text, t => new LabelExpression(t));

        /// <summary>Evaluates; throws ExpressionError (the check fails) or ExpressionUnsupported (Indeterminate).</summary>
        public bool Evaluate(ExprEnv env)
        {
            if (Error != null) throw new ExpressionError(Error);
            if (Unsupported != null) throw new ExpressionUnsupported(Unsupported);
            try
            {
                return (bool)_compiled.Eval(env);
            }
            catch (ExpressionError e)
            {
                throw new ExpressionError("evaluating label expression " + Common.GoText.Quote(Text) + ": " + e.Message);
            }
        }

        internal static string TypeName(VType t)
        {
            switch (t)
            {
                case VType.Str: return "string";
                case VType.List: return "[]string";
                case VType.Bool: return "bool";
                case VType.TraitMap: return "map[string][]string";
                default: return "labels";
            }
        }

        // ---- compile ------------------------------------------------------------------------------------------

        private static CExpr Compile(Node n)
        {
            switch (n)
            {
                case StrNode s:
                    {
                        var v = s.Value;
                        return new CExpr { Type = VType.Str, Eval = _ => v };
                    }
                case IdentNode id: return Identifier(id.Path);
                case IndexNode ix: return Index(Compile(ix.Base), Compile(ix.Key));
                case UnaryNode u:
                    {
                        var operand = Coerce(Compile(u.Operand), VType.Bool, "parsing target of (!) operator");
                        return new CExpr { Type = VType.Bool, Eval = env => !(bool)operand.Eval(env) };
                    }
                case BinaryNode b: return Binary(b);
                case CallNode call: return Call(call);
            }
            throw new ExpressionUnsupported("unsupported syntax");
        }

        // typical.getIdentifier: the longest known prefix, then map.key for one remaining field.
        private static CExpr Identifier(List<string> path)
        {
            string joined = "";
            for (int i = 0; i < path.Count; i++)
            {
                joined = i == 0 ? path[0] : joined + "." + path[i];
                CExpr v = null;
                if (joined == "labels") v = new CExpr { Type = VType.LabelMap };
                else if (joined == "user.spec.traits") v = new CExpr { Type = VType.TraitMap, Eval = env => env.Traits };
                if (v == null) continue;
                int remaining = path.Count - i - 1;
                if (remaining == 0) return v;
                if (remaining == 1)
                {
                    var key = path[i + 1];
                    return Index(v, new CExpr { Type = VType.Str, Eval = _ => key });
                }
            }
            throw new ExpressionError("unknown identifier: " + Common.GoText.Quote(string.Join(".", path)));
        }

        private static CExpr Index(CExpr map, CExpr key)
        {
            if (key.Type != VType.Str) throw new ExpressionError("parsing key of index expression: unexpected type " + TypeName(key.Type));
            switch (map.Type)
            {
                case VType.LabelMap:
                    return new CExpr { Type = VType.Str, Eval = env => env.Labels.GetForExpression((string)key.Eval(env)) };
                case VType.TraitMap:
                    return new CExpr
                    {
                        Type = VType.List,
                        Eval = env =>
                        {
                            var k = (string)key.Eval(env);
                            return env.Traits != null && env.Traits.TryGetValue(k, out var vals) ? vals : new List<string>();
                        },
                    };
            }
            throw new ExpressionError("cannot take index of unexpected type " + TypeName(map.Type));
        }

        private static CExpr Coerce(CExpr e, VType want, string context)
        {
            if (e.Type == want && want != VType.LabelMap) return e;
            if (want == VType.List && e.Type == VType.Str)
                return new CExpr { Type = VType.List, Eval = env => new List<string> { (string)e.Eval(env) } };
            throw new ExpressionError(context + ": expected type " + TypeName(want) + ", got value of type " + TypeName(e.Type));
        }

        private static CExpr Binary(BinaryNode b)
        {
            var l = Compile(b.Left);
            var r = Compile(b.Right);
            switch (b.Op)
            {
                case "&&":
                    {
                        var lb = Coerce(l, VType.Bool, "parsing lhs of (&&) operator");
                        var rb = Coerce(r, VType.Bool, "parsing rhs of (&&) operator");
                        return new CExpr { Type = VType.Bool, Eval = env => (bool)lb.Eval(env) && (bool)rb.Eval(env) };
                    }
                case "||":
                    {
                        var lb = Coerce(l, VType.Bool, "parsing lhs of (||) operator");
                        var rb = Coerce(r, VType.Bool, "parsing rhs of (||) operator");
                        return new CExpr { Type = VType.Bool, Eval = env => (bool)lb.Eval(env) || (bool)rb.Eval(env) };
                    }
                default:
                    {
                        // typical eq/neq: only string (or int) operands, typed by the left side.
                        if (l.Type != VType.Str)
                            throw new ExpressionError("operator (" + b.Op + ") not supported for type: " + TypeName(l.Type));
                        var rs = Coerce(r, VType.Str, "parsing rhs of (" + b.Op + ") operator");
                        bool eq = b.Op == "==";
                        return new CExpr { Type = VType.Bool, Eval = env => string.Equals((string)l.Eval(env), (string)rs.Eval(env), StringComparison.Ordinal) == eq };
                    }
            }
        }

        private static void Arity(CallNode c, int n)
        {
            if (c.Args.Count != n)
                throw new ExpressionError("function (" + c.Name + ") accepts " + n + " argument" + (n == 1 ? "" : "s") + ", given " + c.Args.Count);
        }

        private static CExpr Arg(CallNode c, int i, VType t) =>
            Coerce(Compile(c.Args[i]), t, "parsing argument " + (i + 1) + " to function (" + c.Name + ")");

        private static CExpr Call(CallNode c)
        {
            switch (c.Name)
            {
                case "contains":
                    {
                        Arity(c, 2);
                        var list = Arg(c, 0, VType.List);
                        var item = Arg(c, 1, VType.Str);
                        return new CExpr { Type = VType.Bool, Eval = env => ((List<string>)list.Eval(env)).Contains((string)item.Eval(env)) };
                    }
                case "contains_any":
                    {
                        Arity(c, 2);
                        var list = Arg(c, 0, VType.List);
                        var items = Arg(c, 1, VType.List);
                        return new CExpr
                        {
                            Type = VType.Bool,
                            Eval = env =>
                            {
                                var set = new HashSet<string>((List<string>)list.Eval(env), StringComparer.Ordinal);
                                return ((List<string>)items.Eval(env)).Any(set.Contains);
                            },
                        };
                    }
                case "contains_all":
                    {
                        Arity(c, 2);
                        var list = Arg(c, 0, VType.List);
                        var items = Arg(c, 1, VType.List);
                        return new CExpr
                        {
                            Type = VType.Bool,
                            Eval = env =>
                            {
                                var want = (List<string>)items.Eval(env);
                                // label_expressions.go containsAll: false when items is empty.
                                if (want.Count == 0) return false;
                                var set = new HashSet<string>((List<string>)list.Eval(env), StringComparer.Ordinal);
                                return want.All(set.Contains);
                            },
                        };
                    }
                case "labels_matching":
                    {
                        Arity(c, 1);
                        var keyExpr = Arg(c, 0, VType.Str);
                        return new CExpr { Type = VType.List, Eval = env => env.Labels.ValuesMatching((string)keyExpr.Eval(env)) };
                    }
                case "regexp.match":
                    {
                        Arity(c, 2);
                        var list = Arg(c, 0, VType.List);
                        var re = Arg(c, 1, VType.Str);
                        return new CExpr
                        {
                            Type = VType.Bool,
                            Eval = env =>
                            {
                                // utils.RegexMatchesAny: glob or ^...$ regex (P1), like MatchString.
                                var expr = (string)re.Eval(env);
                                var p = TeleportPattern.Get(expr);
                                if (p.Error != null) throw new ExpressionError("evaluating function (regexp.match): invalid regular expression " + Common.GoText.Quote(expr) + ": " + p.Error);
                                foreach (var v in (List<string>)list.Eval(env))
                                {
                                    var m = p.Match(v);
                                    if (m.Outcome == MatchOutcome.Unknown) throw new ExpressionUnsupported(m.Detail);
                                    if (m.Outcome == MatchOutcome.Match) return true;
                                }
                                return false;
                            },
                        };
                    }
                case "regexp.replace":
                    {
                        Arity(c, 3);
                        var list = Arg(c, 0, VType.List);
                        var re = Arg(c, 1, VType.Str);
                        var repl = Arg(c, 2, VType.Str);
                        return new CExpr { Type = VType.List, Eval = env => TemplateFunctions.RegexpReplace((List<string>)list.Eval(env), (string)re.Eval(env), (string)repl.Eval(env)) };
                    }
                case "email.local":
                    {
                        Arity(c, 1);
                        var list = Arg(c, 0, VType.List);
                        return new CExpr { Type = VType.List, Eval = env => TemplateFunctions.EmailLocal((List<string>)list.Eval(env)) };
                    }
                case "strings.upper":
                case "strings.lower":
                    {
                        Arity(c, 1);
                        var list = Arg(c, 0, VType.List);
                        bool upper = c.Name == "strings.upper";
                        return new CExpr
                        {
                            Type = VType.List,
                            Eval = env =>
                            {
                                var src = (List<string>)list.Eval(env);
                                foreach (var s in src)
                                    foreach (var ch in s)
                                        if (ch > 0x7F) throw new ExpressionUnsupported(c.Name + " of the non-ASCII value " + Common.GoText.Quote(s) + " may differ between Go and .NET");
                                return src.Select(s => upper ? s.ToUpperInvariant() : s.ToLowerInvariant()).ToList();
                            },
                        };
                    }
            }
            throw new ExpressionError("unsupported function: " + c.Name);
        }
    }
}
