using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Resources
{
    /// <summary>
    /// A user or app named on the command line or bound from a piped object: the object itself, a name to look up among
    /// the given resources, or an object given as it came (a copy that lost its type, an audit event), read when it is used.
    /// </summary>
    public class Choice<T> where T : TeleportResource
    {
        internal Choice(T? resource, string? name, IInputObject? given)
        {
            Resource = resource;
            Name = name;
            Given = given;
        }

        public T? Resource { get; }
        public string? Name { get; }

        /// <summary>The object as given when it is neither a name nor a <typeparamref name="T"/>; null otherwise.</summary>
        public IInputObject? Given { get; }

        public override string? ToString() => Name;
    }

    /// <summary>
    /// What a -User or -App parameter that takes objects or names (Test-TeleportMcpRole, Test-TeleportMcpApp,
    /// Test-TeleportMcpClient, New-TeleportMcpRole) received, one rule for every such parameter: the resource itself, a
    /// copy of one rebuilt (<see cref="ResourceCopies"/>), or anything else by its text (a name, looked up later).
    /// </summary>
    public static class Choice
    {
        public static Choice<T> Of<T>(T resource) where T : TeleportResource => new Choice<T>(resource, resource.Name, null);
        public static Choice<T> Named<T>(string? name) where T : TeleportResource => new Choice<T>(null, name, null);

        /// <summary>
        /// The choice as it is used: a given object rebuilt as a <typeparamref name="T"/> when it is a copy of one, else
        /// named by its text. The copy's own error (a TeleportInputException) when a property of the copy does not read.
        /// </summary>
        public static Choice<T> Read<T>(Choice<T> choice) where T : TeleportResource
        {
            if (choice?.Given == null) return choice!;
            return ResourceCopies.From(choice.Given, typeof(T)) is T copy ? Of(copy) : Named<T>(choice.Name);
        }

        /// <summary>The values given on the command line, read (null when the parameter was not given).</summary>
        public static List<Choice<T>>? AllFrom<T>(IEnumerable<Choice<T>?>? given) where T : TeleportResource =>
            given?.Select(c => Read(c ?? Named<T>(null))).ToList();

        /// <summary>
        /// The values bound from a piped object's property (by property name), read: a null or empty value is skipped, not
        /// an error, since the parameter cannot refuse it there; empty when nothing was bound.
        /// </summary>
        public static List<Choice<T>> Bound<T>(IEnumerable<Choice<T>?>? bound) where T : TeleportResource =>
            (bound ?? Enumerable.Empty<Choice<T>?>()).Where(v => !IsNullOrEmpty(v)).Select(c => Read(c!)).ToList();

        /// <summary>
        /// Whether values given on the command line hold nothing to use (none, a null, an empty name): PowerShell's usual
        /// "argument is null or empty" validation, which such a parameter cannot declare because it also binds by property name.
        /// </summary>
        public static bool NullOrEmpty<T>(IEnumerable<Choice<T>?>? given) where T : TeleportResource
        {
            if (given == null) return true;
            bool any = false;
            foreach (var v in given)
            {
                if (IsNullOrEmpty(v)) return true;
                any = true;
            }
            return !any;
        }

        /// <summary>The same validation for a -User of names (New-TeleportMcpRole).</summary>
        public static bool NullOrEmpty(IEnumerable<string?>? given) => given == null || !given.Any() || given.Any(string.IsNullOrEmpty);

        private static bool IsNullOrEmpty<T>(Choice<T>? v) where T : TeleportResource =>
            v == null || (v.Resource == null && v.Given == null && string.IsNullOrEmpty(v.Name));
    }
}

namespace TeleportMcp
{
    /// <summary>
    /// A -User value (Test-TeleportMcpRole, Test-TeleportMcpApp, Test-TeleportMcpClient): a TeleportMcp.User, a user's
    /// name, or an object that names one (a copy that lost its type, an audit event). Type name TeleportMcp.UserChoice.
    /// </summary>
    public sealed class UserChoice : Choice<User>
    {
        public UserChoice(string name) : base(null, name, null)
        {
        }

        public UserChoice(User user) : base(user, user?.Name, null)
        {
        }

        private UserChoice(IInputObject given) : base(null, given.Value?.ToString(), given)
        {
        }

        /// <summary>What the module received, as a choice: a string is a name, a User itself, anything else kept as given (read when used).</summary>
        public static UserChoice? From(IInputObject? given) => given?.Value switch
        {
            null => null,
            string name => new UserChoice(name),
            User user => new UserChoice(user),
            _ => new UserChoice(given),
        };
    }

    /// <summary>
    /// An -App value (Test-TeleportMcpRole, New-TeleportMcpRole): a TeleportMcp.App, an app's name, or an object that
    /// stands for one (a copy that lost its type, a probe result). Type name TeleportMcp.AppChoice.
    /// </summary>
    public sealed class AppChoice : Choice<App>
    {
        public AppChoice(string name) : base(null, name, null)
        {
        }

        public AppChoice(App app) : base(app, app?.Name, null)
        {
        }

        private AppChoice(IInputObject given) : base(null, given.Value?.ToString(), given)
        {
        }

        /// <summary>What the module received, as a choice: a string is a name, an App itself, anything else kept as given (read when used).</summary>
        public static AppChoice? From(IInputObject? given) => given?.Value switch
        {
            null => null,
            string name => new AppChoice(name),
            App app => new AppChoice(app),
            _ => new AppChoice(given),
        };
    }
}
