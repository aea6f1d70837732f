using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp
{
    /// <summary>One App Service host as its teleport.yaml configures it: the apps it serves by name and the selectors of the dynamic apps it serves. Type name TeleportMcp.AppServiceAgent.</summary>
    public sealed class AppServiceAgent : TeleportResource
    {
        internal override string Kind => "app_service";

        /// <summary>teleport.nodename, or the name of the folder that holds the file when nodename is not set.</summary>
        public string? HostName { get => Name; set => Name = value; }

        /// <summary>Where HostName came from: "teleport.nodename" or "folder".</summary>
        public string? HostNameSource { get; set; }

        /// <summary>app_service.enabled says yes (lib/config/fileconf.go Service.Enabled).</summary>
        public bool Enabled { get; set; }

        /// <summary>Teleport's error when it does not start with this teleport.yaml's app_service (an entry or selector it refuses); null when it starts.</summary>
        public string? StartupError { get; set; }

        internal SourceLocation? StartupErrorLocation { get; set; }

        /// <summary>The App Service ends with <see cref="StartupError"/> when it builds its apps (types.NewAppV3), after teleport start read the file.</summary>
        internal bool StartupErrorAtServiceStart { get; set; }

        /// <summary>Serves apps at all: enabled, and Teleport starts with the file.</summary>
        internal bool Serves => Enabled && StartupError == null;

        /// <summary>app_service.allowed_hosts as written: the only IP prefixes the App Service dials for HTTP, SSE and TCP apps; null when not set.</summary>
        public string[]? AllowedHosts { get; set; }

        /// <summary>app_service.denied_hosts as written: IP prefixes the App Service never dials for HTTP, SSE and TCP apps; null when not set.</summary>
        public string[]? DeniedHosts { get; set; }

        /// <summary>The target host policy Teleport reads from them; null when neither list has an entry or Teleport refuses them.</summary>
        internal Engine.Serving.TargetHostPolicy? TargetPolicy { get; set; }

        /// <summary>app_service.apps names (served by this agent only, servicecfg/app.go) plus the demo server when mcp_demo_server is true.</summary>
        public List<string> StaticApps { get; } = new List<string>();

        /// <summary>app_service.resources, in file order (2:S2).</summary>
        internal List<ResourceSelectorEntry> ResourceSelectors { get; } = new List<ResourceSelectorEntry>();

        /// <summary>app_service.resources as written, one "resources[i] labels {...}" per item.</summary>
        public string[] Resources => ResourceSelectors.Select(r => r.ToString()).ToArray();
    }

    /// <summary>One app_service.resources item: its labels selector (empty when the item has no labels).</summary>
    internal sealed class ResourceSelectorEntry
    {
        public ResourceSelectorEntry(int index, LabelSelector? labels, SourceLocation source)
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
