using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// Reads App.Origin and ClientCheck.Scope from text: the enum's name in any case, or the spelling the releases before
    /// the enums wrote (Teleport's own words: an app_server, teleport.yaml), so an App saved by Export-Clixml or
    /// ConvertTo-Json, or sent by an older module on another host, still binds.
    /// </summary>
    public static class EnumSpellings
    {
        /// <summary>Each enum read from text, with the earlier spellings of its values.</summary>
        private static readonly Dictionary<Type, Dictionary<string, object>> Earlier = new Dictionary<Type, Dictionary<string, object>>
        {
            [typeof(AppOrigin)] = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            {
                ["app"] = AppOrigin.App,
                ["app_server"] = AppOrigin.AppServer,
                ["teleport.yaml"] = AppOrigin.TeleportYaml,
                ["mcp_demo_server"] = AppOrigin.McpDemoServer,
            },
            [typeof(ConfigScope)] = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            {
                ["user"] = ConfigScope.User,
                ["project"] = ConfigScope.Project,
                ["packaged"] = ConfigScope.Packaged,
                ["legacy"] = ConfigScope.Legacy,
                ["file"] = ConfigScope.File,
            },
        };

        /// <summary>Whether <paramref name="type"/> (or the type a Nullable of it holds) is read here.</summary>
        public static bool Reads(Type type) => Earlier.ContainsKey(Nullable.GetUnderlyingType(type) ?? type);

        /// <summary>The value <paramref name="text"/> names: an enum name (any case) or an earlier spelling; false for anything else (a number included).</summary>
        public static bool TryRead(Type type, string? text, out object? value)
        {
            value = null;
            var enumType = Nullable.GetUnderlyingType(type) ?? type;
            if (text == null || !Earlier.TryGetValue(enumType, out var earlier)) return false;
            var trimmed = text.Trim();
            var name = Enum.GetNames(enumType).FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
            if (name != null) value = Enum.Parse(enumType, name);
            else if (earlier.TryGetValue(trimmed, out var old)) value = old;
            return value != null;
        }

        /// <summary>The value <paramref name="text"/> names, as <see cref="TryRead(Type, string, out object)"/>.</summary>
        public static bool TryRead<T>(string? text, out T value) where T : struct
        {
            bool read = TryRead(typeof(T), text, out var found);
            value = read ? (T)found! : default;
            return read;
        }

        /// <summary>The error id of a text that names no value of <paramref name="type"/>: Unknown and the enum's name (UnknownAppOrigin).</summary>
        public static string UnknownCode(Type type) => "Unknown" + (Nullable.GetUnderlyingType(type) ?? type).Name;

        /// <summary>What <paramref name="type"/> accepts, for an error: its names, then the earlier spellings.</summary>
        public static string Accepted(Type type)
        {
            var enumType = Nullable.GetUnderlyingType(type) ?? type;
            return string.Join(", ", Enum.GetNames(enumType)) +
                (Earlier.TryGetValue(enumType, out var earlier) ? " (or " + string.Join(", ", earlier.Keys) + ")" : "");
        }
    }
}
