using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>What New-TeleportMcpRole was asked for, apart from the servers and users piped to it.</summary>
    public sealed class RoleDesignOptions
    {
        public string? Name { get; set; }
        public string? Version { get; set; } = RoleDesigner.DefaultVersion;

        /// <summary>-Tool; null when not given.</summary>
        public IReadOnlyList<string>? Tools { get; set; }

        public bool ReadOnly { get; set; }
        public bool ExcludeDestructive { get; set; }
        public IReadOnlyList<string> Exclude { get; set; } = Array.Empty<string>();
        public bool Literal { get; set; }

        /// <summary>-AppLabels as plain values; null when not given.</summary>
        public IDictionary? AppLabels { get; set; }

        /// <summary>-User as given on the command line; null when it was not.</summary>
        public IReadOnlyList<string>? UsersFromCommandLine { get; set; }

        /// <summary>-App was given on the command line.</summary>
        public bool AppsFromCommandLine { get; set; }

        /// <summary>-Path or -LiteralPath was given (a preview needs the export).</summary>
        public bool ExportGiven { get; set; }
    }

    /// <summary>An -App input refused while resolving it (its error already says the role is not written), with the input it came from.</summary>
    public sealed class RefusedAppInput
    {
        public RefusedAppInput(TeleportInputException error, IInputObject item)
        {
            Error = error;
            Item = item;
        }

        public TeleportInputException Error { get; }
        public IInputObject Item { get; }
    }

    /// <summary>
    /// The outcome of New-TeleportMcpRole's use case, as data in the order it is reported: the plan's notes and warnings,
    /// each refused -App input, the preview users not found (only when the role is not written), then either the refusal
    /// that ends the command or the designed role (its problems, warnings and details are in <see cref="Designed"/>).
    /// </summary>
    public sealed class RoleDesignOutcome
    {
        internal RoleDesignOutcome(ClusterInput cluster)
        {
            _cluster = cluster;
        }

        private readonly ClusterInput _cluster;

        public List<string> Notes { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public List<RefusedAppInput> RefusedApps { get; } = new List<RefusedAppInput>();

        /// <summary>When the role is not written: the preview's users missing from the export (each its own error), looked up all the same.</summary>
        public List<TeleportInputException> UsersNotFound { get; } = new List<TeleportInputException>();

        /// <summary>Why nothing is designed (PreviewNeedsExport, NoApp, RoleNotWritten): ends the command; null otherwise.</summary>
        public TeleportArgumentException? Refusal { get; internal set; }

        /// <summary>The designer's refusal (ends the command); null otherwise.</summary>
        public RoleDesignException? DesignError { get; internal set; }

        /// <summary>The designed role; null when <see cref="Refusal"/> or <see cref="DesignError"/> is set.</summary>
        public DesignedRole? Designed { get; internal set; }

        /// <summary>The users whose effect is previewed (each once); empty = no preview, the role itself is the output, unless <see cref="PreviewAsked"/>.</summary>
        public List<string> PreviewUsers { get; } = new List<string>();

        /// <summary>
        /// Users were given, some perhaps refused (each its own error): the output is the preview of those left, and never
        /// the role object in its place (a script that piped users expects effects, not a role).
        /// </summary>
        public bool PreviewAsked { get; internal set; }

        /// <summary>
        /// The effect of the designed role on the preview's users (Teleport's decision before and after). Taken once the role
        /// is written, so that the role previewed is the one written (its file included).
        /// </summary>
        public RoleDesignPreview Preview()
        {
            if (Designed == null) throw new InvalidOperationException("No role was designed.");
            var preview = new RoleDesignPreview();
            var users = DesignPipeline.PreviewUsers(_cluster, PreviewUsers, preview.UsersNotFound.Add);
            preview.ExistingRole = DesignPipeline.ExistingRole(Designed, _cluster.Roles);
            preview.Effects.AddRange(RoleEffectPreview.Preview(Designed, _cluster.Roles, users, _cluster.Apps));
            // A resource that could not be read may be a role a previewed user has: the effect is then taken without it.
            var lacking = preview.Effects.Where(e => e.RolesNotInExport != null && e.RolesNotInExport.Length > 0).Select(e => e.User).Distinct(StringComparer.Ordinal).ToList();
            if (_cluster.Unread.Count > 0 && lacking.Count > 0)
                preview.Partial = "The preview may be partial: " + _cluster.Unread.Count + " resource(s) of -Path could not be read (" + ListText.Join("; ", _cluster.Unread) +
                                  ") and user(s) " + ListText.Join(", ", lacking.Select(u => GoText.Quote(u))) + " name roles not in the export; if one of them is among what was " +
                                  "not read, its allow and deny rules are missing from Gained, AlreadyAllowed and StillDenied.";
            return preview;
        }
    }

    /// <summary>The preview of a designed role: missing users (errors), the warning when the export already has the role, the effects.</summary>
    public sealed class RoleDesignPreview
    {
        public List<TeleportInputException> UsersNotFound { get; } = new List<TeleportInputException>();
        public string? ExistingRole { get; internal set; }
        public List<RoleEffect> Effects { get; } = new List<RoleEffect>();

        /// <summary>A warning when resources of the export could not be read and a previewed user names roles not in it; null otherwise.</summary>
        public string? Partial { get; internal set; }
    }

    /// <summary>
    /// New-TeleportMcpRole's use case once its inputs are read: plan (users and apps from the piped names), resolve each
    /// server, refuse when any -App value was refused (a role never silently lacks a server asked for), design.
    /// </summary>
    public static class RoleDesignRun
    {
        /// <param name="options">The command's options.</param>
        /// <param name="piped">What the pipeline and -App gave, with the -App values already refused.</param>
        /// <param name="cluster">The export of -Path (empty without it).</param>
        /// <param name="nameAsInput">A piped name that names an app, as an input object (the module's adapter).</param>
        public static RoleDesignOutcome Run(RoleDesignOptions options, DesignPipeline piped, ClusterInput cluster, Func<string, IInputObject> nameAsInput)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (piped == null) throw new ArgumentNullException(nameof(piped));
            if (cluster == null) throw new ArgumentNullException(nameof(cluster));
            var outcome = new RoleDesignOutcome(cluster);
            var plan = piped.Plan(cluster, options.UsersFromCommandLine, options.AppsFromCommandLine, options.ExportGiven, nameAsInput);
            outcome.Notes.AddRange(plan.Notes);
            outcome.Warnings.AddRange(plan.Warnings);
            outcome.PreviewUsers.AddRange(plan.PreviewUsers);
            outcome.PreviewAsked = plan.PreviewAsked;
            if (plan.Refusal != null)
            {
                outcome.Refusal = plan.Refusal;
                return outcome;
            }

            var request = new RoleDesignRequest
            {
                Name = options.Name,
                Version = options.Version,
                Tools = options.Tools?.ToList(),
                ReadOnly = options.ReadOnly,
                ExcludeDestructive = options.ExcludeDestructive,
                Exclude = (options.Exclude ?? Array.Empty<string>()).ToList(),
                Literal = options.Literal,
                KnownApps = cluster.Apps,
            };
            if (options.AppLabels != null) request.SetAppLabels(options.AppLabels);
            foreach (var item in plan.Apps)
            {
                var input = DesignAppInputs.Resolve(item, cluster);
                if (input.Error != null) outcome.RefusedApps.Add(new RefusedAppInput(piped.Refuse(input.Error, options.Name, item), item));
                if (input.App != null) request.Apps.Add(input.App);
            }
            outcome.Refusal = DesignPipeline.NoApp(request.Apps.Count);
            if (outcome.Refusal != null) return outcome;
            // A role is written (or emitted, or previewed) only when every -App value was accepted: the preview's users are
            // still looked up (each missing one is its own error), then the command ends without designing.
            outcome.Refusal = piped.NotWritten(options.Name, request.Apps.Count);
            if (outcome.Refusal != null)
            {
                if (plan.PreviewUsers.Count > 0) DesignPipeline.PreviewUsers(cluster, plan.PreviewUsers, outcome.UsersNotFound.Add);
                return outcome;
            }
            try
            {
                outcome.Designed = RoleDesigner.Design(request);
            }
            catch (RoleDesignException e)
            {
                outcome.DesignError = e;
            }
            return outcome;
        }
    }
}
