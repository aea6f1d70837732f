using System;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Serving
{
    /// <summary>
    /// What an object piped to Get-TeleportMcpServing is: an app or an App Service agent (typed, or an app copy that
    /// lost its type) is used; a role, user, app_auth_config or scoped_role_assignment (part of the same cluster stream) is left out; anything else is refused.
    /// </summary>
    public static class ServingInputs
    {
        /// <summary>The resource the serving map uses, or null when the object is left out; a TeleportArgumentException (InvalidPipelineInput) for anything else.</summary>
        /// <param name="input">The piped object.</param>
        public static TeleportResource? Resource(IInputObject input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            switch (input.Value)
            {
                case App app: return app;
                case AppServiceAgent agent: return agent;
                case Role _:
                case User _:
                case AppAuthConfig _:
                case ScopedRoleAssignment _:
                    return null;
            }
            var kind = InputPolicy.Classify(input);
            if (kind == InputKind.Role || kind == InputKind.User || kind == InputKind.ScopedRoleAssignment) return null;
            if (ResourceCopies.App(input) is App converted && !string.IsNullOrEmpty(converted.Name)) return converted;
            throw new TeleportArgumentException(InputPolicy.NotUsedCode,
                "Get-TeleportMcpServing takes TeleportMcp.App and TeleportMcp.AppServiceAgent objects (from Import-TeleportResource), not " + (input.Value?.GetType().FullName ?? "null"));
        }
    }
}
