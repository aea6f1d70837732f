using System;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Common;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// What a -User parameter makes of an object given to it (piped by value, or on the command line): a string is a
    /// name; a TeleportMcp.User (or a copy that lost its type) gives its Name; any other object its User property (an
    /// audit event, a CSV row). Anything else is refused, naming what it was, instead of being turned into its text
    /// (a hashtable's "System.Collections.Hashtable", a file's path) that then silently matches no user.
    /// </summary>
    public static class PipedUser
    {
        public const string NotAUserCode = "PipedObjectNotUser";

        /// <summary>The user name; a TeleportArgumentException (<see cref="NotAUserCode"/>) when the object names no user.</summary>
        public static string NameOf(IInputObject input) => NameOf(input, nameProperty: false);

        /// <summary>
        /// The user name, as <see cref="NameOf(IInputObject)"/>; with <paramref name="nameProperty"/> (a -User whose alias is
        /// Name: Get- and Set-TeleportMcpTools) an object without a User property also names a user by its Name, unless it
        /// is one of the module's other objects (a role's, an app's or a probe's Name is not a user's: piping roles into
        /// Set-TeleportMcpTools must not change the users that happen to share their names).
        /// </summary>
        public static string NameOf(IInputObject input, bool nameProperty)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var raw = input.Value;
            if (UserIsOwner(raw))
                throw Refused("the " + (raw is DirectoryInfo ? "folder " : "file ") + ((FileSystemInfo)raw!).FullName + " (" + raw.GetType().FullName + "; its User property is its owner on this computer, not a Teleport user)");
            switch (raw)
            {
                case string s:
                    return s;
                case User user when !string.IsNullOrEmpty(user.Name):
                    return user.Name!;
            }
            // Whole numbers are names as PowerShell writes them (a user called 1001).
            if (Choice.WholeNumber(raw) is string number) return number;
            if (InputPolicy.Classify(input) == InputKind.User && input.ValueOf("Name")?.Value is string userName && userName.Length > 0)
                return userName;
            if (input.Has("User"))
            {
                var value = input.ValueOf("User");
                if (value?.Value is string name && name.Length > 0) return name;
                if (value?.Value is User u && !string.IsNullOrEmpty(u.Name)) return u.Name!;
                throw Refused(Describe(input) + " whose User property is " + (value == null || value.Value is string ? "empty" : "a " + InputPolicy.TypeText(value) + ", not a name"));
            }
            if (nameProperty && input.ValueOf("Name")?.Value is string named && named.Length > 0)
            {
                if (!NamesOtherKind(input)) return named;
                throw Refused(Describe(input) + " named '" + Output.OutputText.Safe(Platform.BoundedCapture.Shorten(named)) + "', whose Name is not a user's", nameProperty);
            }
            throw Refused(Describe(input) + (input.Value is System.Collections.IDictionary ? " without a User key" : " without a User property"), nameProperty);
        }

        /// <summary>
        /// Whether the object is one of the module's own (or a copy of one: Export-Clixml, ConvertTo-Json) of a kind other
        /// than a user, whose Name names that role, app or probe.
        /// </summary>
        private static bool NamesOtherKind(IInputObject input)
        {
            if (input.Value is TeleportResource) return true;
            foreach (var n in input.TypeNames)
                if (n.StartsWith("TeleportMcp.", StringComparison.Ordinal) || n.StartsWith("Deserialized.TeleportMcp.", StringComparison.Ordinal)) return true;
            // A loose object with Tools is what Set-TeleportMcpTools takes ({Name; Tools}), not a probe's result.
            var kind = InputPolicy.Classify(input);
            return kind == InputKind.Role || kind == InputKind.App || kind == InputKind.ScopedRoleAssignment;
        }

        /// <summary>
        /// Whether the object's User property is its owner on this computer, never a Teleport user: a file or folder
        /// (PowerShell on Linux and macOS adds User to Get-Item output). Nothing binds -User from it.
        /// </summary>
        public static bool UserIsOwner(object? value) => value is FileSystemInfo;

        private static TeleportArgumentException Refused(string what, bool nameProperty = false) => new TeleportArgumentException(NotAUserCode,
            "-User takes user names: a string, a TeleportMcp.User, or an object with a User property (an audit event, a CSV row)"
            + (nameProperty ? " or, when it is none of this module's roles, apps or probe results, a Name property" : "") + "; got " + what + ".")
        {
            RecommendedAction = "Pipe user names or objects with a User property, or give the users with -User" + InputPolicy.OthersPipedUsed + ".",
        };

        // A bag by its property names (which of several piped objects it was), never their values; anything else by its type.
        private static string Describe(IInputObject input) => input.IsPropertyBag ? InputPolicy.Describe(input) : "a " + InputPolicy.TypeText(input);
    }
}
