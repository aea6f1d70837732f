using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Rbac
{
    /// <summary>
    /// app_labels_expression, parsed and typed as lib/services/label_expressions.go does with lib/utils/typical
    /// (variables labels, user.spec.traits, user.metadata.name; functions set, contains, contains_any,
    /// contains_all, labels_matching, regexp.match, regexp.replace, email.local, strings.upper, strings.lower;
    /// operators ! == != &amp;&amp; ||; // comments).
    /// </summary>
    public sealed class LabelExpression
    {
        private static readonly Common.BoundedCache<LabelExpression> Cache = new Common.BoundedCache<LabelExpression>(100000);

        /// <summary>Constructs newer than the label expressions of Teleport 13 (2:G13, 2:G14), with the release that added them.</summary>
        public static readonly IReadOnlyDictionary<string, string> NewerConstructs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["set"] = "set(...) is present in Teleport 18.8.3 (PR #65863, merged 2026-04-16); older versions refuse it as an unsupported function",
            ["user.metadata.name"] = "user.metadata.name is present in Teleport 18.8.3 (PR #64888, v18 backport #65923); older versions refuse it as an unknown identifier",
        };

        private static readonly TypedLanguage Language = BuildLanguage();

        // label_expressions.go newLabelExpressionParser (as of v18.8.3)
        private static TypedLanguage BuildLanguage()
        {
            var l = new TypedLanguage();
            l.Variables["user.metadata.name"] = () => new TVal { Kind = VKind.Str, ReadsUserName = true, Eval = env => TraitTemplate.UserNameOf(env) };
            l.Variables["user.spec.traits"] = () => new TVal { Kind = VKind.TraitMap, Eval = env => env.Traits ?? new Dictionary<string, List<string>>() }; // no traits read as an empty map (the lookup finds nothing either way)
            l.Variables["labels"] = () => new TVal { Kind = VKind.LabelGetter };
            l.Functions["set"] = new TFunction { Args = Array.Empty<VKind>(), VarArg = VKind.Str, Result = VKind.List, Impl = (env, a) => a.Select(x => (string)x).ToList() };
            l.Functions["labels_matching"] = new TFunction { Args = new[] { VKind.Str }, Result = VKind.List, Impl = (env, a) => env.Labels!.ValuesMatching((string)a[0]) }; // label expressions always run with the app's labels
            l.Functions["contains"] = new TFunction { Args = new[] { VKind.List, VKind.Str }, Result = VKind.Bool, Impl = (env, a) => ((List<string>)a[0]).Contains((string)a[1]) };
            l.Functions["contains_any"] = new TFunction
            {
                Args = new[] { VKind.List, VKind.List },
                Result = VKind.Bool,
                Impl = (env, a) =>
                {
                    var set = new HashSet<string>((List<string>)a[0], StringComparer.Ordinal);
                    return ((List<string>)a[1]).Any(set.Contains);
                },
            };
            l.Functions["contains_all"] = new TFunction
            {
                Args = new[] { VKind.List, VKind.List },
                Result = VKind.Bool,
                Impl = (env, a) =>
                {
                    var items = (List<string>)a[1];
                    // label_expressions.go containsAll: false when items is empty.
                    if (items.Count == 0) return false;
                    var set = new HashSet<string>((List<string>)a[0], StringComparer.Ordinal);
                    return items.All(set.Contains);
                },
            };
            l.Functions["regexp.match"] = new TFunction { Args = new[] { VKind.List, VKind.Str }, Result = VKind.Bool, Impl = (env, a) => RegexMatchesAny((List<string>)a[0], (string)a[1]) };
            l.Functions["regexp.replace"] = new TFunction { Args = new[] { VKind.List, VKind.Str, VKind.Str }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.RegexpReplace((List<string>)a[0], (string)a[1], (string)a[2]) };
            l.Functions["email.local"] = new TFunction { Args = new[] { VKind.List }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.EmailLocal((List<string>)a[0]) };
            l.Functions["strings.upper"] = new TFunction { Args = new[] { VKind.List }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.ChangeCase((List<string>)a[0], true, "strings.upper") };
            l.Functions["strings.lower"] = new TFunction { Args = new[] { VKind.List }, Result = VKind.List, Impl = (env, a) => TemplateFunctions.ChangeCase((List<string>)a[0], false, "strings.lower") };
            return l;
        }

        // utils.RegexMatchesAny: the expression (glob, or ^...$ regex) is compiled before any input is looked at, so an
        // invalid one fails even on an empty list; then each input is matched.
        internal static bool RegexMatchesAny(List<string> inputs, string expr)
        {
            var pattern = TeleportPattern.Get(expr);
            if (pattern.Error != null) throw new ExpressionError(pattern.Error).Wrap("invalid regular expression " + Common.GoText.Quote(expr));
            foreach (var v in inputs)
            {
                var m = pattern.Match(v);
                if (m.Outcome == MatchOutcome.Unknown) throw new ExpressionUnsupported(m.Detail);
                if (m.Outcome == MatchOutcome.Match) return true;
            }
            return false;
        }

        public string Text { get; }
        /// <summary>Teleport's parse error (the check fails) on one line (<see cref="ExpressionError"/>), or null.</summary>
        public string? Error => _parseError?.Message;

        /// <summary>Teleport's parse error, its text as Teleport writes it (<see cref="ExpressionError.TeleportText"/>), or null.</summary>
        public ExpressionError? ParseError => _parseError;

        private readonly ExpressionError? _parseError;
        /// <summary>Why the module cannot evaluate it, or null.</summary>
        public string? Unsupported { get; private set; }
        /// <summary>Constructs of recent releases the expression uses (text says which release added each).</summary>
        public IReadOnlyList<string> VersionNotes { get; private set; } = Array.Empty<string>();

        private readonly TVal? _compiled;

        // When Go 1.24 and Go 1.25 parse the text differently: the expression as each of them parses it.
        private readonly LabelExpression? _byGo124, _byGo125;

        private LabelExpression(string text, GoRelease? release = null)
        {
            Text = text;
            try
            {
                _compiled = Language.Parse(text, VKind.Bool, release);
                var notes = new List<string>();
                if (_compiled.ReadsUserName) notes.Add(NewerConstructs["user.metadata.name"]);
                if (_compiled.UsesSet) notes.Add(NewerConstructs["set"]);
                VersionNotes = notes;
            }
            catch (ExpressionError e)
            {
                // label_expressions.go parseLabelExpression
                _parseError = e.Wrap("parsing label expression");
            }
            catch (ExpressionUnsupported e)
            {
                Unsupported = e.Message;
                if (e.GoReleasesDiffer && release == null)
                {
                    _byGo124 = new LabelExpression(text, GoRelease.Go124);
                    _byGo125 = new LabelExpression(text, GoRelease.Go125);
                    VersionNotes = _byGo124.VersionNotes.Union(_byGo125.VersionNotes, StringComparer.Ordinal).ToList();
                }
            }
            catch (InsufficientExecutionStackException)
            {
                Unsupported = "the expression is nested too deeply to evaluate offline";
            }
        }

        /// <summary>Go 1.24 and Go 1.25 parse the expression differently: the Go release of the evaluating agent decides.</summary>
        public bool DependsOnGoRelease => _byGo124 != null;

        /// <summary>The expression for messages: long ones are cut so a hostile role cannot flood the output.</summary>
        public string Excerpt => Rbac.Excerpt.Quote(Text);

        public static LabelExpression Get(string text)
        {
            if (Cache.TryGetValue(text, out var e)) return e;
            e = new LabelExpression(text);
            Cache.Add(text, e);
            return e;
        }

        /// <summary>
        /// The secret-named traits (<see cref="Output.Redactor.IsSecretName"/>) the expression reads, user.spec.traits["name"]
        /// or user.spec.traits.name: their values are masked in what its errors quote (email.local quotes its argument).
        /// </summary>
        public IReadOnlyList<string> SecretTraitsRead =>
            _secretTraits ??= TraitReference.Matches(Text).Cast<System.Text.RegularExpressions.Match>()
                .Select(m => m.Groups["quoted"].Success ? Unquote(m.Groups["quoted"].Value) : m.Groups["field"].Value)
                .Where(Output.Redactor.IsSecretName).Distinct(StringComparer.Ordinal).ToList();

        private IReadOnlyList<string>? _secretTraits;

        // lib/services/label_expressions.go: user.spec.traits is a map read by index or by field (2:G9).
        private static readonly System.Text.RegularExpressions.Regex TraitReference = new System.Text.RegularExpressions.Regex(
            @"\btraits\s*(?:\[\s*(?:""(?<quoted>(?:[^""\\]|\\.)*)""|`(?<field>[^`]*)`)\s*\]|\.\s*(?<field>[A-Za-z_][A-Za-z0-9_]*))",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        private static string Unquote(string body) => body.Replace("\\\"", "\"").Replace("\\\\", "\\");

        /// <summary>Evaluates; throws ExpressionError (the check fails) or ExpressionUnsupported (Indeterminate).</summary>
        public bool Evaluate(ExprEnv env)
        {
            if (_parseError != null) throw _parseError.Copy();
            if (_byGo124 != null && _byGo125 != null)
            {
                if (env.Go == GoRelease.Go124) return _byGo124.Evaluate(env);
                if (env.Go == GoRelease.Go125) return _byGo125.Evaluate(env);
                throw new ExpressionUnsupported(Unsupported + (env.GoUnknown != null ? "; " + env.GoUnknown : ""));
            }
            if (Unsupported != null) throw new ExpressionUnsupported(Unsupported);
            try
            {
                var compiled = _compiled ?? throw new ExpressionUnsupported("the expression could not be compiled");
                return (bool)compiled.Eval(env);
            }
            catch (ExpressionError e) when (e.PassesThrough("evaluating label expression " + Excerpt))
            {
                // role.go evaluates with trace.Wrap(err, "evaluating label expression %q"); the excerpt keeps a hostile
                // expression from flooding the output.
                throw; // not reached: the filter adds the message and lets the error go on
            }
            catch (TraitNotFound e)
            {
                throw new ExpressionError(e.Message).Wrap("evaluating label expression " + Excerpt);
            }
            catch (InsufficientExecutionStackException)
            {
                throw new ExpressionUnsupported("the expression is nested too deeply to evaluate offline");
            }
        }
    }
}
