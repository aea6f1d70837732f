using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>What an expression may read: the app's labels, the user's name and traits.</summary>
    public sealed class ExprEnv
    {
        public AppLabelSet? Labels { get; set; }
        public IReadOnlyDictionary<string, List<string>>? Traits { get; set; }
        public string? UserName { get; set; }
        /// <summary>The Go release of the Teleport that evaluates (the agents serving the app agree on it), or null when not known.</summary>
        internal GoRelease? Go { get; set; }
        /// <summary>When <see cref="Go"/> is null: why the serving agents' Go release is not known.</summary>
        internal string? GoUnknown { get; set; }
        /// <summary>Skip ApplyValueTraits' internal-trait allow-list (parse.go's own tests pass no validator).</summary>
        internal bool NoTraitValidation;
    }

    internal static class Excerpt
    {
        /// <summary>Go-quoted text for a message, cut when long so that a hostile role cannot flood the output.</summary>
        public static string Quote(string s) =>
            s.Length <= 160 ? Common.GoText.Quote(s) : Common.GoText.Quote(s.Substring(0, 120)) + "... (" + s.Length + " characters)";
    }

    /// <summary>A template read a trait the user does not have (trace.NotFound): Teleport drops the entry silently.</summary>
    internal sealed class TraitNotFound : Exception
    {
        public readonly string Namespace, Name;
        public TraitNotFound(string ns, string name) : base("trait not found: " + ns + "." + name)
        {
            Namespace = ns;
            Name = name;
        }
    }

    internal enum VKind
    {
        /// <summary>An untyped literal (Go string, int or float64) as predicate hands it to typical.</summary>
        LitString, LitInt, LitFloat,
        Str, List, Bool,
        /// <summary>map[string][]string (user.spec.traits).</summary>
        TraitMap,
        /// <summary>typical.DynamicMapFunction of string (labels).</summary>
        LabelGetter,
        /// <summary>typical.DynamicMapFunction of []string (internal, external).</summary>
        TraitGetter,
    }

    /// <summary>A parsed (sub)expression with its static type, as lib/utils/typical builds it.</summary>
    internal sealed class TVal
    {
        public VKind Kind;
        public object? Literal;
        public Func<ExprEnv, object> Eval = null!; // literals and getters get theirs when Coerce turns them into values; only coerced values are evaluated
        /// <summary>For TraitGetter: the namespace name ("internal", "external").</summary>
        public string? Namespace;
        /// <summary>Trait names this expression reads (namespace, key), for linting.</summary>
        public List<KeyValuePair<string, string>> Reads = new List<KeyValuePair<string, string>>();
        public bool ReadsUserName;
        /// <summary>The expression calls set(...) (2:G13).</summary>
        public bool UsesSet;

        public bool IsLiteral => Kind == VKind.LitString || Kind == VKind.LitInt || Kind == VKind.LitFloat;

        public static TVal Const(VKind kind, object value) => new TVal { Kind = kind, Eval = _ => value };
    }

    /// <summary>One function of a typed language: its argument types and implementation (typical.*Function).</summary>
    internal sealed class TFunction
    {
        public required VKind[] Args;
        /// <summary>Type of the repeated trailing argument (UnaryVariadicFunction), or null.</summary>
        public VKind? VarArg;
        public VKind Result;
        public required Func<ExprEnv, object[], object> Impl;
    }

    /// <summary>
    /// A typed predicate language (lib/utils/typical/parser.go on vulcand/predicate): variables, functions, the
    /// operators ! &amp;&amp; || == !=, parse-time type checking, and map.key lookups.
    /// </summary>
    internal sealed class TypedLanguage
    {
        public Dictionary<string, Func<TVal>> Variables = new Dictionary<string, Func<TVal>>(StringComparer.Ordinal);
        public Dictionary<string, TFunction> Functions = new Dictionary<string, TFunction>(StringComparer.Ordinal);
        /// <summary>typical.WithInvalidNamespaceHack: one- or two-part unknown selectors read "external".</summary>
        public bool InvalidNamespaceHack;

        /// <summary>Parser.Parse: parse, type-check, coerce to the result type.</summary>
        public TVal Parse(string expression, VKind result, GoRelease? release = null)
        {
            if (expression.Length == 0) throw new ExpressionError("empty expression");
            TVal v;
            try
            {
                v = Compile(new GoExprParser(expression, release).ParseAll());
            }
            catch (ExpressionError e)
            {
                throw e.Wrap("parsing expression");
            }
            try
            {
                return Coerce(v, result, null);
            }
            catch (ExpressionError e)
            {
                throw e.Wrap("expression evaluated to unexpected type");
            }
        }

        // ---- predicate parse + typical build -----------------------------------------------------------------

        private TVal Compile(Node n)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (n)
            {
                case BinaryNode b:
                    {
                        var x = Compile(b.X);
                        var y = Compile(b.Y);
                        return Join(b.Op, x, y);
                    }
                case ParenNode p: return Compile(p.X);
                case UnaryNode u:
                    {
                        if (u.Op != "!") throw new ExpressionError(u.Op + " is not supported");
                        var x = Coerce(Compile(u.X), VKind.Bool, "parsing target of (!) operator");
                        return Derived(VKind.Bool, env => !(bool)Evaluate(x, env, "evaluating target of (!) operator"), x);
                    }
                case LitNode l: return Literal(l);
                case IndexNode ix:
                    {
                        var m = Compile(ix.X);
                        var k = Compile(ix.Key);
                        return Property(m, k);
                    }
                case SelectorNode s: return Identifier(Fields(s));
                case IdentNode id: return Identifier(new List<string> { id.Name });
                case CallNode c: return Call(c);
                case OtherNode o: throw new ExpressionError(o.AstType + " is not supported");
            }
            throw new ExpressionError(n.GetType().Name + " is not supported");
        }

        // predicate literalToValue
        private static TVal Literal(LitNode l)
        {
            switch (l.Kind)
            {
                case TokKind.Str: return new TVal { Kind = VKind.LitString, Literal = l.Value };
                case TokKind.Int:
                    {
                        // strconv.Atoi: decimal only (Go's 0x.., 0o.., 0b.. and 1_000 literals fail here).
                        var t = l.Text;
                        bool digits = t.Length > 0 && t.All(ch => ch >= '0' && ch <= '9');
                        if (!digits || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                            throw new ExpressionError("failed to parse argument: " + t + ", error: strconv.Atoi: parsing " + Common.GoText.Quote(t) + ": " + (digits ? "value out of range" : "invalid syntax"));
                        return new TVal { Kind = VKind.LitInt, Literal = v };
                    }
                case TokKind.Float: return new TVal { Kind = VKind.LitFloat, Literal = l.Text };
                case TokKind.Imag: throw new ExpressionError("unsupported function argument type: 'IMAG'");
                default: throw new ExpressionError("unsupported function argument type: 'CHAR'");
            }
        }

        // predicate evaluateSelector: only identifier chains.
        private static List<string> Fields(SelectorNode s)
        {
            var fields = new List<string>();
            Node cur = s;
            while (cur is SelectorNode sel)
            {
                fields.Insert(0, sel.Sel);
                cur = sel.X;
            }
            if (cur is IdentNode id) { fields.Insert(0, id.Name); return fields; }
            throw new ExpressionError("unsupported selector type: " + AstName(cur));
        }

        private static string AstName(Node n)
        {
            switch (n)
            {
                case CallNode _: return "*ast.CallExpr";
                case IndexNode _: return "*ast.IndexExpr";
                case ParenNode _: return "*ast.ParenExpr";
                case LitNode _: return "*ast.BasicLit";
                case BinaryNode _: return "*ast.BinaryExpr";
                case UnaryNode _: return "*ast.UnaryExpr";
                case SelectorNode _: return "*ast.SelectorExpr";
                case OtherNode o: return o.AstType;
                default: return "*ast.Ident";
            }
        }

        // typical getIdentifier: the longest registered prefix; map.key for one remaining field.
        private TVal Identifier(List<string> selector)
        {
            string joined = "";
            for (int i = 0; i < selector.Count; i++)
            {
                joined = i == 0 ? selector[0] : joined + "." + selector[i];
                if (!Variables.TryGetValue(joined, out var make)) continue;
                int remaining = selector.Count - i - 1;
                if (remaining == 0) return make();
                if (remaining == 1)
                {
                    try
                    {
                        return Property(make(), new TVal { Kind = VKind.LitString, Literal = selector[i + 1] });
                    }
                    catch (ExpressionError)
                    {
                        // not a map: fall through to the unknown-identifier error
                    }
                }
            }
            if (InvalidNamespaceHack && selector.Count < 3)
            {
                var external = Variables["external"]();
                if (selector.Count == 1) return external;
                return Property(external, new TVal { Kind = VKind.LitString, Literal = selector[1] });
            }
            throw new ExpressionError("unknown identifier: " + Common.GoText.Quote(joined));
        }

        // typical getProperty
        private static TVal Property(TVal map, TVal key)
        {
            var k = Coerce(key, VKind.Str, "parsing key of index expression");
            switch (map.Kind)
            {
                case VKind.TraitMap:
                    return Derived(VKind.List, env =>
                    {
                        var m = (IReadOnlyDictionary<string, List<string>>)Evaluate(map, env, "evaluating base of index expression");
                        return m != null && m.TryGetValue((string)Evaluate(k, env, "evaluating key of index expression"), out var vals) ? vals : new List<string>();
                    }, map, k);
                case VKind.LabelGetter:
                    return Derived(VKind.Str, env => env.Labels!.GetForExpression((string)Evaluate(k, env, "evaluating key of index expression")), k); // label functions exist only in label expressions, whose env always carries the app's labels
                case VKind.TraitGetter:
                    {
                        var ns = map.Namespace!; // a TraitGetter is always made with its namespace
                        var r = Derived(VKind.List, env =>
                        {
                            var key = (string)Evaluate(k, env, "evaluating key of index expression");
                            try
                            {
                                return TraitLookup(env, ns, key);
                            }
                            catch (ExpressionError e) when (e.PassesThrough("getting value from dynamic map"))
                            {
                                throw; // not reached: the filter adds the message and lets the error go on
                            }
                        }, k);
                        if (k.Literal is string name) r.Reads.Add(new KeyValuePair<string, string>(ns, name));
                        return r;
                    }
            }
            throw new ExpressionError("expected type map[string]string, " + Describe(map)).Wrap("cannot take index of unexpected type");
        }

        // ApplyValueTraits varValidation (lib/services/role.go) + the trait lookup of parse.go newTraitsTemplateParser.
        private static List<string> TraitLookup(ExprEnv env, string ns, string key)
        {
            if (ns == "internal" && !env.NoTraitValidation && !TraitTemplate.InternalTraits.Contains(key))
                throw new ExpressionError("unsupported variable " + Common.GoText.Quote(key));
            if (env.Traits == null || !env.Traits.TryGetValue(key, out var values)) throw new TraitNotFound(ns, key);
            return values;
        }

        private TVal Call(CallNode c)
        {
            string name;
            switch (c.Fun)
            {
                case IdentNode id: name = id.Name; break;
                case SelectorNode sel:
                    if (!(sel.X is IdentNode x)) throw new ExpressionError("expected selector identifier, got: " + AstName(sel.X));
                    name = x.Name + "." + sel.Sel;
                    break;
                default: throw new ExpressionError("unknown function type " + AstName(c.Fun));
            }
            if (!Functions.TryGetValue(name, out var fn)) throw new ExpressionError("unsupported function: " + name);
            var args = new List<TVal>(c.Args.Count);
            foreach (var a in c.Args) args.Add(Compile(a));
            var built = Build(name, fn, args);
            if (name == "set") built.UsesSet = true;
            return built;
        }

        private static readonly string[] Ordinals = { "first", "second", "third" };

        // typical Unary/Binary/Ternary(Variadic)Function.buildExpression
        private static TVal Build(string name, TFunction fn, List<TVal> args)
        {
            var typed = new TVal[args.Count];
            var evaluating = new string[args.Count];
            if (fn.VarArg == null)
            {
                int n = fn.Args.Length;
                if (args.Count != n)
                    throw new ExpressionError("function (" + name + ") accepts " + n + " argument" + (n == 1 ? "" : "s") + ", given " + args.Count);
                for (int i = 0; i < n; i++)
                {
                    typed[i] = Coerce(args[i], fn.Args[i], n == 1 ? "parsing argument to (" + name + ")" : "parsing " + Ordinals[i] + " argument to (" + name + ")");
                    evaluating[i] = n == 1 ? "evaluating argument to function (" + name + ")" : "evaluating " + Ordinals[i] + " argument to function (" + name + ")";
                }
            }
            else
            {
                for (int i = 0; i < args.Count; i++)
                {
                    typed[i] = Coerce(args[i], fn.VarArg.Value, "parsing argument " + (i + 1) + " to function (" + name + ")");
                    evaluating[i] = "evaluating argument " + (i + 1) + " to function (" + name + ")";
                }
            }
            var impl = fn.Impl;
            var r = Derived(fn.Result, env =>
            {
                var vals = new object[typed.Length];
                for (int i = 0; i < typed.Length; i++) vals[i] = Evaluate(typed[i], env, evaluating[i]);
                try
                {
                    return impl(env, vals);
                }
                catch (ExpressionError e) when (e.PassesThrough("evaluating function (" + name + ")"))
                {
                    throw; // not reached: the filter adds the message and lets the error go on
                }
            }, typed);
            return r;
        }

        private static TVal Join(string op, TVal x, TVal y)
        {
            switch (op)
            {
                case "&&":
                    {
                        var l = Coerce(x, VKind.Bool, "parsing lhs of (&&) operator");
                        var r = Coerce(y, VKind.Bool, "parsing rhs of (&&) operator");
                        return Derived(VKind.Bool, env => (bool)Evaluate(l, env, "evaluating lhs of (&&) operator") && (bool)Evaluate(r, env, "evaluating rhs of (&&) operator"), l, r);
                    }
                case "||":
                    {
                        var l = Coerce(x, VKind.Bool, "parsing lhs of (||) operator");
                        var r = Coerce(y, VKind.Bool, "parsing rhs of (||) operator");
                        return Derived(VKind.Bool, env => (bool)Evaluate(l, env, "evaluating lhs of (||) operator") || (bool)Evaluate(r, env, "evaluating rhs of (||) operator"), l, r);
                    }
                case "==":
                case "!=":
                    {
                        // typical eq/neq: the left operand's type decides (string or int).
                        bool eq = op == "==";
                        VKind want;
                        if (x.Kind == VKind.LitString || x.Kind == VKind.Str) want = VKind.Str;
                        else if (x.Kind == VKind.LitInt) want = VKind.LitInt;
                        else throw new ExpressionError("operator (" + op + ") not supported for type: " + TypeName(x));
                        var l = Coerce(x, want, "parsing lhs of (" + op + ") operator");
                        var r = Coerce(y, want, "parsing rhs of (" + op + ") operator");
                        string lhs = "evaluating lhs of (" + op + ") operator", rhs = "evaluating rhs of (" + op + ") operator";
                        if (want == VKind.Str)
                            return Derived(VKind.Bool, env => string.Equals((string)Evaluate(l, env, lhs), (string)Evaluate(r, env, rhs), StringComparison.Ordinal) == eq, l, r);
                        return Derived(VKind.Bool, env => ((long)Evaluate(l, env, lhs) == (long)Evaluate(r, env, rhs)) == eq, l, r);
                    }
            }
            throw new ExpressionError(op + " is not supported");
        }

        // typical's Evaluate methods: an operand's or argument's error gets the message naming where it came from.
        private static object Evaluate(TVal v, ExprEnv env, string where)
        {
            // Each level costs more stack to evaluate than to compile; a thread with a small stack stops here, not in an overflow.
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            try
            {
                return v.Eval(env);
            }
            catch (ExpressionError e) when (e.PassesThrough(where))
            {
                throw; // not reached: the filter adds the message and lets the error go on
            }
        }

        private static TVal Derived(VKind kind, Func<ExprEnv, object> eval, params TVal[] from)
        {
            var t = new TVal { Kind = kind, Eval = eval };
            foreach (var f in from)
            {
                t.Reads.AddRange(f.Reads);
                t.ReadsUserName |= f.ReadsUserName;
                t.UsesSet |= f.UsesSet;
            }
            return t;
        }

        /// <summary>typical coerce: exact type, string to []string, or a literal of the wanted type.</summary>
        internal static TVal Coerce(TVal v, VKind want, string? context)
        {
            TVal? r = null;
            switch (want)
            {
                case VKind.Str:
                    if (v.Kind == VKind.Str) r = v;
                    else if (v.Kind == VKind.LitString) { var s = (string)v.Literal!; r = TVal.Const(VKind.Str, s); } // a LitString holds its string
                    break;
                case VKind.List:
                    if (v.Kind == VKind.List) r = v;
                    else if (v.Kind == VKind.LitString) { var list = new List<string> { (string)v.Literal! }; r = TVal.Const(VKind.List, list); } // a LitString holds its string
                    else if (v.Kind == VKind.Str) r = new TVal { Kind = VKind.List, Eval = env => new List<string> { (string)v.Eval(env) } };
                    break;
                case VKind.Bool:
                    if (v.Kind == VKind.Bool) r = v;
                    break;
                case VKind.LitInt:
                    if (v.Kind == VKind.LitInt) { var n = (long)v.Literal!; r = TVal.Const(VKind.LitInt, n); } // a LitInt holds its long
                    break;
            }
            if (r == null)
            {
                var error = new ExpressionError("expected type " + WantName(want) + ", " + Describe(v));
                throw context != null ? error.Wrap(context) : error;
            }
            if (r != v)
            {
                r.Reads.AddRange(v.Reads);
                r.ReadsUserName = v.ReadsUserName;
                r.UsesSet = v.UsesSet;
                r.Literal = v.IsLiteral ? v.Literal : null;
            }
            return r;
        }

        private static string WantName(VKind k)
        {
            switch (k)
            {
                case VKind.Str: return "string";
                case VKind.List: return "[]string";
                case VKind.Bool: return "bool";
                default: return "int";
            }
        }

        internal static string TypeName(TVal v)
        {
            switch (v.Kind)
            {
                case VKind.LitString: case VKind.Str: return "string";
                case VKind.LitInt: return "int";
                case VKind.LitFloat: return "float64";
                case VKind.List: return "[]string";
                case VKind.Bool: return "bool";
                case VKind.TraitMap: return "map[string][]string";
                case VKind.LabelGetter: return "typical.funcGetter[string]";
                default: return "typical.funcGetter[[]string]";
            }
        }

        private static string Describe(TVal v) =>
            v.IsLiteral ? "got value (" + Convert.ToString(v.Literal, CultureInfo.InvariantCulture) + ") with type (" + TypeName(v) + ")" : "got expression returning type (" + TypeName(v) + ")";
    }
}
