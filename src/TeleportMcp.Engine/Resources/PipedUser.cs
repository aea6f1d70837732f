using System;
using System.Globalization;
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
        public static string NameOf(IInputObject input)
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
            if (raw is int || raw is long || raw is short || raw is uint || raw is ulong || raw is ushort || raw is byte)
                return Convert.ToString(raw, CultureInfo.InvariantCulture)!;
            if (InputPolicy.Classify(input) == InputKind.User && input.ValueOf("Name")?.Value is string userName && userName.Length > 0)
                return userName;
            if (input.Has("User"))
            {
                var value = input.ValueOf("User");
                if (value?.Value is string name && name.Length > 0) return name;
                if (value?.Value is User u && !string.IsNullOrEmpty(u.Name)) return u.Name!;
                throw Refused(Describe(input) + " whose User property is " + (value == null || value.Value is string ? "empty" : "a " + TypeName(value) + ", not a name"));
            }
            throw Refused(Describe(input) + (input.Value is System.Collections.IDictionary ? " without a User key" : " without a User property"));
        }

        /// <summary>
        /// Whether the object's User property is its owner on this computer, never a Teleport user: a file or folder
        /// (PowerShell on Linux and macOS adds User to Get-Item output). Nothing binds -User from it.
        /// </summary>
        public static bool UserIsOwner(object? value) => value is FileSystemInfo;

        private static TeleportArgumentException Refused(string what) => new TeleportArgumentException(NotAUserCode,
            "-User takes user names: a string, a TeleportMcp.User, or an object with a User property (an audit event, a CSV row); got " + what + ".")
        {
            RecommendedAction = "Pipe user names or objects with a User property, or give the users with -User; the other piped objects were still used.",
        };

        private static string Describe(IInputObject input) => "a " + TypeName(input);

        private static string TypeName(IInputObject input) =>
            input.TypeNames.FirstOrDefault() ?? input.Value?.GetType().FullName ?? "null";
    }
}
