using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Engine.Probe
{
    /// <summary>
    /// What Test-TeleportMcpApp received: -User on the command line or from a piped object's User property (the
    /// <see cref="Choice"/> rule), and what each piped object is (a name, a user, a file, an app, a copy that lost its
    /// type, a role of the same cluster stream that it skips, or something it cannot use: that item's error). The module only binds; this decides, and <see cref="AppTestRun"/> keeps it for the end.
    /// </summary>
    public static class AppTestInputs
    {
        /// <summary>-User given on the command line: users, and names looked up among the users read.</summary>
        public static void GiveUsers(AppTestRun run, IEnumerable<Choice<User>?> given)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            // Each value on its own: one that cannot be used is its error, the others are used, and the answer is false.
            foreach (var choice in Choice.AllFrom<User>(given, run.NoteUnread, run.Warning) ?? new List<Choice<User>>())
            {
                if (choice.Resource != null) run.GivenUsers.Add(choice.Resource);
                else if (choice.Name != null) run.GivenUserNames.Add(choice.Name);
            }
        }

        /// <summary>
        /// What -User received from one piped object's User property (by property name); true when it named a user, so
        /// the object itself (not an app) is taken as having only named one. <paramref name="piped"/> is the object the
        /// property came from: a file's User is its owner (<see cref="PipedUser.UserIsOwner"/>), so nothing is taken from it.
        /// </summary>
        public static bool AddBoundUsers(AppTestRun run, IEnumerable<Choice<User>?>? bound, object? piped = null)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (PipedUser.UserIsOwner(piped)) return false;
            // A value that cannot be used is that item's error, and the answer is false; the object still only named a user.
            bool any = false;
            foreach (var choice in Choice.Bound<User>(bound, e =>
                     {
                         any = true;
                         run.NoteUnread(e);
                     }, run.Warning))
            {
                if (choice.Resource != null) run.AddUser(choice.Resource);
                else run.AddUserName(choice.Name!); // Bound leaves out nulls and empty names
                any = true;
            }
            return any;
        }

        /// <summary>Adds one piped object to the run.</summary>
        /// <param name="run">The run being gathered.</param>
        /// <param name="input">The object; null when $null was piped.</param>
        /// <param name="userBound">Its User property bound -User (<see cref="AddBoundUsers"/>).</param>
        /// <param name="filesOf">The resource files a piped file or folder stands for (the module's path rule).</param>
        /// <exception cref="TeleportInputException">
        /// The object cannot be used: a copy whose property does not read, or an object that is none of what the command
        /// takes (<see cref="InputPolicy.NotUsedCode"/>). The caller reports it as that item's error, with the object as
        /// given as its target (<see cref="AppTestRun.NoteUnread(TeleportInputException)"/>), and goes on with the others.
        /// </exception>
        public static void Add(AppTestRun run, IInputObject? input, bool userBound, Func<string, IList<string>> filesOf)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (filesOf == null) throw new ArgumentNullException(nameof(filesOf));
            if (input == null) return;
            run.NoteInput();
            switch (input.Value)
            {
                // A user's name or an app's: decided once everything is read (PipedNames).
                case string text:
                    run.AddName(text);
                    return;
                case User piped:
                    run.AddUser(piped);
                    return;
                // Import-TeleportResource ./cluster streams app_auth_configs too: the checks say which were read (AppAuthConfig check).
                case AppAuthConfig config:
                    run.AddAppAuthConfig(config);
                    return;
                // Get-Item teleport.yaml | Test-TeleportMcpApp: a file is read, not mistaken for an app.
                case FileSystemInfo file:
                    run.AddFiles(filesOf(file.FullName));
                    return;
            }
            var app = input.Value as App;
            bool typed = app != null || input.Value is TeleportResource;
            // A role or user that lost its type is not an app (InputPolicy); a user fills header templates.
            var kind = typed ? InputKind.Unknown : InputPolicy.Classify(input);
            if (kind == InputKind.Document)
            {
                // tctl get --format=json | ConvertFrom-Json: read by the one resource reader, as Test-TeleportMcpRole reads it.
                run.AddDocument(input);
                return;
            }
            if (kind == InputKind.User && ResourceCopies.User(input) is User user)
            {
                run.AddUser(user);
                return;
            }
            if (app == null && !typed && kind != InputKind.Role && kind != InputKind.User && kind != InputKind.ScopedRoleAssignment) app = ResourceCopies.App(input);
            if (app != null && !string.IsNullOrEmpty(app.Name))
            {
                run.AddApp(app);
                return;
            }
            // An object that only names a user: its User property bound -User (or was empty); a UserName property names one too.
            if (userBound || input.Has("User")) return;
            if (kind == InputKind.Unknown && input.Has("UserName"))
            {
                if (input.ValueOf("UserName")?.Value is string userName && userName.Length > 0) run.AddUserName(userName);
                return;
            }
            // Import-TeleportResource ./cluster and tctl get all stream roles and App Service agents beside the apps and users.
            if (PartOfClusterStream(input, typed, kind))
            {
                run.Verbose("Skipping an input object that is not a TeleportMcp.App: " + InputPolicy.Describe(input));
                return;
            }
            // None of what the command takes: this item's error, never dropped silently; the others are still used.
            throw NotUsed(input);
        }

        /// <summary>A role or App Service agent (typed, or a copy that lost its type), or a typed resource of another kind: not an app, but not a mistake either.</summary>
        private static bool PartOfClusterStream(IInputObject input, bool typed, InputKind kind) =>
            (typed && !(input.Value is App)) || kind == InputKind.Role || kind == InputKind.User || kind == InputKind.ScopedRoleAssignment ||
            input.TypeNames.Contains("Deserialized." + typeof(AppServiceAgent).FullName);

        private static TeleportArgumentException NotUsed(IInputObject input) => InputPolicy.NotUsed("Test-TeleportMcpApp",
            "apps and users (Import-TeleportResource output, a copy of it, or tctl get --format=json output through ConvertFrom-Json; the roles among them are skipped), " +
            "resource files (Get-Item teleport.yaml), app or user names, and objects with a User or UserName property", input,
            "Pipe Import-TeleportResource output or names, or give teleport.yaml with -Path");
    }
}
