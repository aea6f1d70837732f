using System.Collections.Generic;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Serving
{
    /// <summary>One App Service host as its teleport.yaml configures it: the apps it serves by name and the selectors of the dynamic apps it serves.</summary>
    public sealed class AppServiceAgent : TeleportResource
    {
        public override string Kind => "app_service";

        /// <summary>teleport.nodename, or the name of the folder that holds the file when nodename is not set.</summary>
        public string HostName { get => Name; set => Name = value; }

        /// <summary>Where HostName came from: "teleport.nodename" or "folder".</summary>
        public string HostNameSource { get; set; }

        /// <summary>app_service.enabled; Teleport's default for app_service is false unless the section sets it (lib/config/fileconf.go).</summary>
        public bool Enabled { get; set; }

        /// <summary>app_service.apps names (served by this agent only, servicecfg/app.go) plus the demo server when mcp_demo_server is true.</summary>
        public List<string> StaticApps { get; } = new List<string>();

        /// <summary>app_service.resources, in file order (2:S2).</summary>
        public List<ResourceSelectorEntry> Resources { get; } = new List<ResourceSelectorEntry>();
    }

    /// <summary>One app_service.resources item: its labels selector (empty when the item has no labels).</summary>
    public sealed class ResourceSelectorEntry
    {
        public ResourceSelectorEntry(int index, LabelSelector labels, SourceLocation source)
        {
            Index = index;
            Labels = labels ?? new LabelSelector();
            Source = source;
        }

        public int Index { get; }
        public LabelSelector Labels { get; }
        public SourceLocation Source { get; }

        public override string ToString() => "resources[" + Index + "] labels " + Labels;
    }
}
