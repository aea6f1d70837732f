using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.RoleDesign
{
    /// <summary>One -App input of New-TeleportMcpRole as a server to design for, or the error that refuses it.</summary>
    public sealed class DesignAppInput
    {
        private DesignAppInput(DesignApp? app, TeleportInputException? error)
        {
            App = app;
            Error = error;
        }

        public DesignApp? App { get; }

        /// <summary>Why the input was refused (AppNotFound, ProbeIncomplete, InvalidAppObject); the other inputs still count.</summary>
        public TeleportInputException? Error { get; }

        internal static DesignAppInput Of(DesignApp app) => new DesignAppInput(app, null);

        internal static DesignAppInput Refused(TeleportInputException error) => new DesignAppInput(null, error);
    }

    /// <summary>
    /// What New-TeleportMcpRole makes of each -App input: a probe result (live, deserialized or hand-made) gives its app
    /// and its tools/list; an App gives the app with its tools unknown; a name is looked up among the apps read.
    /// </summary>
    public static class DesignAppInputs
    {
        /// <param name="item">The input object.</param>
        /// <param name="cluster">The apps read from -Path, for names and for a probe result that names only its app.</param>
        public static DesignAppInput Resolve(IInputObject item, ClusterInput cluster)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            if (cluster == null) throw new ArgumentNullException(nameof(cluster));
            var raw = item.Value;
            if (raw is string name) return Named(name, cluster);
            if (raw is App app) return Designed(app, null);
            try
            {
                return FromCopy(item, cluster);
            }
            catch (TeleportInputException e)
            {
                // A copy that does not read (an App whose Origin names nothing), or an object that stands for no app: this item's error; the others go on.
                return DesignAppInput.Refused(e);
            }
        }

        /// <summary>
        /// The app as a server to design for, unless it is a web app: api/types/app.go IsAppMCP needs an mcp+ scheme, and
        /// lib/srv/app/connections_handler.go @0009d93e checks mcp.tools only for IsMCP() apps, so a role written for a web
        /// app grants no tool and its app_labels only open the web app (helper-339). That input is refused (NotAnMcpApp).
        /// </summary>
        private static DesignAppInput Designed(App app, List<ProbeTool>? tools)
        {
            if (app.IsMcp || string.IsNullOrEmpty(app.Uri)) return DesignAppInput.Of(DesignApp.From(app, tools));
            // api/types/app.go (fork @77295d71) IsAppMCP: an mcp+ scheme Teleport does not know makes an ordinary web app (as StaticChecks says).
            string why = McpTransportRules.IsUnknownMcpScheme(app.Uri)
                ? "URI " + GoText.Quote(app.Uri) + " has the scheme " + GoText.Quote(McpTransportRules.SchemeOf(app.Uri)) + ", which Teleport does not know as MCP, so it is an ordinary web app"
                : "URI " + GoText.Quote(app.Uri);
            return DesignAppInput.Refused(new TeleportInputException("NotAnMcpApp",
                ListText.Message("app " + GoText.Quote(app.Name ?? "") + " is not an MCP app (" + why +
                                 "): Teleport checks mcp.tools only on MCP apps, so a role for it would grant no tool, and its app_labels would only open the web app")!, null)
            {
                TargetName = app.Name,
                RecommendedAction = "Name an MCP app (a URI with mcp+stdio://, mcp+http(s):// or mcp+sse+http(s)://).",
            });
        }

        private static DesignAppInput Named(string name, ClusterInput cluster)
        {
            var found = cluster.FindApp(name);
            if (found != null) return Designed(found, null);
            return DesignAppInput.Refused(new TeleportNotFoundException("AppNotFound", cluster.NotFoundMessage("app", name, cluster.Apps.Select(a => a.Name)), name)
            {
                RecommendedAction = "Pipe the probe result (Test-TeleportMcpApp -Launch), or add -Path with the file that defines the app.",
            });
        }

        private static DesignAppInput FromCopy(IInputObject item, ClusterInput cluster)
        {
            // A probe result names its app and how far it got.
            if (InputPolicy.Classify(item) == InputKind.ProbeResult && (item.Has("Stage") || item.Has("AppName")))
            {
                var appName = Text(item.ValueOf("AppName"));
                var stage = Text(item.ValueOf("Stage"));
                if (stage != null && stage != nameof(ProbeStage.Done))
                {
                    return DesignAppInput.Refused(new TeleportInputException("ProbeIncomplete",
                        "The probe of " + DisplayText.Of(appName ?? "") + " stopped at stage " + stage + " (" + Text(item.ValueOf("Message")) + "); its tools are unknown.", null)
                    {
                        TargetName = appName,
                        RecommendedAction = "Fix what Test-TeleportMcpApp reports and probe it again.",
                    });
                }
                var probed = AsApp(item.ValueOf("App"))
                    ?? cluster.Apps.FirstOrDefault(a => a.Name == appName)
                    ?? new App { Name = appName, Labels = item.ValueOf("AppLabels")?.Value as Hashtable ?? new Hashtable() };
                return Designed(probed, Tools(item.ValueOf("Tools")));
            }
            // Anything else by the module's one rule for an object given as an app: a copy, a name, or InvalidAppObject.
            var chosen = Choice.FromObject<App>(item, cluster.Warning);
            return chosen.Resource != null ? Designed(chosen.Resource, null) : Named(chosen.Name ?? "", cluster);
        }

        /// <summary>
        /// A probe's tools/list from ProbeTool objects or their copies: a tool name, or an object with Name, Title,
        /// Description and Annotations (the four hints). A copy serialized at Export-Clixml's default depth keeps only the
        /// effective hints (ReadOnly, Destructive, ...) as booleans, and they decide the same way the declared ones did.
        /// </summary>
        public static List<ProbeTool> Tools(IInputObject? value)
        {
            var list = new List<ProbeTool>();
            if (value == null) return list;
            foreach (var item in value.Items())
            {
                switch (item.Value)
                {
                    case ProbeTool tool:
                        list.Add(AsSent(tool));
                        continue;
                    case string toolName:
                        list.Add(new ProbeTool { Name = toolName });
                        continue;
                }
                var ann = item.ValueOf("Annotations");
                var annotations = ann == null || ann.Value is string ? null : new ToolAnnotations
                {
                    Title = Text(ann.ValueOf("Title")),
                    ReadOnlyHint = Hint(ann, "ReadOnlyHint"),
                    DestructiveHint = Hint(ann, "DestructiveHint"),
                    IdempotentHint = Hint(ann, "IdempotentHint"),
                    OpenWorldHint = Hint(ann, "OpenWorldHint"),
                };
                if (annotations == null && item.ValueOf("ReadOnly")?.Value is bool readOnly)
                {
                    annotations = new ToolAnnotations
                    {
                        ReadOnlyHint = readOnly,
                        DestructiveHint = Hint(item, "Destructive"),
                        IdempotentHint = Hint(item, "Idempotent"),
                        OpenWorldHint = Hint(item, "OpenWorld"),
                    };
                }
                list.Add(new ProbeTool { Name = Text(item.ValueOf("Name")), Title = Text(item.ValueOf("Title")), Description = Text(item.ValueOf("Description")), Annotations = annotations });
            }
            return list;
        }

        private static App? AsApp(IInputObject? value) => value == null ? null : ResourceCopies.App(value);

        /// <summary>
        /// The tool as the server sent it. A probe result this module wrote had its text escaped in place for the terminal
        /// (OutputSanitizer: U+202E became the six characters \u202E); a role for that spelling would not grant the real tool.
        /// The piped object keeps its escaped text.
        /// </summary>
        private static ProbeTool AsSent(ProbeTool tool) => new ProbeTool
        {
            Name = Output.OutputSanitizer.Original(tool, nameof(ProbeTool.Name), tool.Name),
            Title = Output.OutputSanitizer.Original(tool, nameof(ProbeTool.Title), tool.Title),
            Description = Output.OutputSanitizer.Original(tool, nameof(ProbeTool.Description), tool.Description),
            Annotations = tool.Annotations,
        };

        // Only a real boolean is a declared hint (2:M1); anything else leaves the MCP default in force.
        private static bool? Hint(IInputObject annotations, string name) => annotations.ValueOf(name)?.Value is bool b ? b : (bool?)null;

        private static string? Text(IInputObject? value) => value?.Value?.ToString();
    }
}
