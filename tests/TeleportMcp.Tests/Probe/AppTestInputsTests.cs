using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Tests.Resources;
using Xunit;

namespace TeleportMcp.Tests.Probe
{
    /// <summary>What Test-TeleportMcpApp received (pipeline objects, -User), decided by the engine; the module only binds.</summary>
    public class AppTestInputsTests
    {
        private static readonly App Files = new App { Name = "files", Uri = "mcp+stdio://", Command = "/bin/true" };
        private static readonly App Web = new App { Name = "web", Uri = "mcp+http://127.0.0.1:1/mcp" };

        private sealed class Recorded
        {
            public AppTestRun Run { get; } = new AppTestRun();
            public List<string> Files { get; } = new List<string>();
            public List<string> Verbose { get; } = new List<string>();
            public List<TeleportInputException> Errors { get; } = new List<TeleportInputException>();
        }

        private static Recorded Gather(IEnumerable<IInputObject> inputs, bool userBound = false, Action<AppTestRun> setUp = null)
        {
            var r = new Recorded();
            r.Run.Verbose = r.Verbose.Add;
            r.Run.Error = r.Errors.Add;
            setUp?.Invoke(r.Run);
            foreach (var i in inputs) AppTestInputs.Add(r.Run, i, userBound, p => { r.Files.Add(p); return new List<string>(); });
            return r;
        }

        private static DictionaryInput Bag(params (string Key, object Value)[] entries)
        {
            var d = new Hashtable();
            foreach (var (k, v) in entries) d[k] = v;
            return new DictionaryInput(d);
        }

        // An app read from a file (-Path): users piped alone are then the users it is tested for.
        private static void ReadFilesApp(AppTestRun run)
        {
            var path = Path.Combine(Path.GetTempPath(), "tmcp-apptestinputs-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path, "kind: app\nversion: v3\nmetadata: {name: files}\nspec: {uri: 'mcp+stdio://', mcp: {command: /bin/true, run_as_host_user: root}}\n");
            try
            {
                run.AddFiles(new[] { path });
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string Describe(List<AppTestCase> cases) => string.Join(";", cases.Select(c => c.App.Name + "/" + (c.User?.Name ?? "-")));

        public static IEnumerable<object[]> Pipelines()
        {
            // (piped objects, the cases tested: app/user)
            yield return new object[] { new IInputObject[] { new DictionaryInput(Files) }, "files/-" };
            yield return new object[] { new IInputObject[] { new DictionaryInput(Files), new DictionaryInput(Web) }, "files/-;web/-" };
            // An app that lost its type (ConvertFrom-Json, Import-Clixml) is rebuilt.
            yield return new object[] { new IInputObject[] { Bag(("Name", "copy"), ("Uri", "mcp+stdio://"), ("Command", "x")) }, "copy/-" };
            yield return new object[] { new IInputObject[] { new DictionaryInput(new Hashtable { ["Name"] = "copy", ["Uri"] = "mcp+stdio://" }, "Deserialized.TeleportMcp.App") }, "copy/-" };
            // A user (typed or a copy) fills header templates: each app for each user.
            yield return new object[] { new IInputObject[] { new DictionaryInput(Files), new DictionaryInput(new User { Name = "alice" }) }, "files/-" };
            yield return new object[] { new IInputObject[] { new DictionaryInput(new User { Name = "alice" }), new DictionaryInput(Files) }, "files/-" };
            yield return new object[] { new IInputObject[] { new DictionaryInput(new User { Name = "alice" }), new DictionaryInput(new User { Name = "bob" }) }, "" };
            yield return new object[] { new IInputObject[] { Bag(("Name", "bob"), ("Roles", new ArrayList()), ("Traits", new Hashtable())) }, "" };
            // A role that lost its type is not an app.
            yield return new object[] { new IInputObject[] { Bag(("Name", "access"), ("AllowMcpTools", new ArrayList { "*" }), ("Uri", "mcp+stdio://")) }, "" };
            // A role (typed) is not an app either.
            yield return new object[] { new IInputObject[] { new DictionaryInput(new Role { Name = "access" }) }, "" };
            // A bare string names an app or a user, decided at the end.
            yield return new object[] { new IInputObject[] { new DictionaryInput(Files), new DictionaryInput(Web), new DictionaryInput("web") }, "web/-" };
            yield return new object[] { new IInputObject[] { null, new DictionaryInput(Files) }, "files/-" };
        }

        [Theory]
        [MemberData(nameof(Pipelines))]
        public void Sorts_what_was_piped(IInputObject[] inputs, string cases)
        {
            var r = Gather(inputs);
            Assert.Equal(cases, Describe(r.Run.Cases()));
        }

        [Fact]
        public void Users_piped_alone_are_the_users_the_apps_of_the_files_are_tested_for()
        {
            var r = Gather(new IInputObject[] { new DictionaryInput(new User { Name = "alice" }), Bag(("Name", "bob"), ("Roles", new ArrayList()), ("Traits", new Hashtable())) });
            ReadFilesApp(r.Run);
            Assert.Equal("files/alice;files/bob", Describe(r.Run.Cases()));
            Assert.True(r.Run.HasUsers);
        }

        [Fact]
        public void A_file_is_read_not_taken_for_an_app()
        {
            var file = new FileInfo(Path.Combine(Path.GetTempPath(), "teleport.yaml"));
            var r = Gather(new IInputObject[] { new DictionaryInput(file) });
            Assert.Equal(new[] { file.FullName }, r.Files);
        }

        [Fact]
        public void An_object_that_only_names_a_user_adds_that_user_and_no_app()
        {
            // Its User property bound -User: nothing more comes from the object.
            var bound = Gather(new IInputObject[] { Bag(("User", "alice"), ("Event", "mcp.session.start")) }, userBound: true);
            Assert.Empty(bound.Verbose);
            // A UserName property names one too (looked up among the users read).
            var r = Gather(new IInputObject[] { Bag(("UserName", "carol")) });
            r.Run.AddApp(Files);
            Assert.Equal("files/-", Describe(r.Run.Cases()));
            var e = Assert.Single(r.Errors);
            Assert.Equal("UserNotFound", e.Code);
            Assert.Contains("carol", e.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// What is not an app beside the apps (AppTestInputs.Add, the one input policy InputPolicy.Classify): a role or App
        /// Service agent of the same cluster stream (Import-TeleportResource ./cluster, tctl get all) is a verbose skip; an
        /// object that names a user (a User or UserName property, even empty) adds nothing more; anything else is the item's
        /// InvalidPipelineInput (an argument error, as Test-TeleportMcpRole's), the app beside it is still tested, and -Quiet
        /// is $false. (the object, "skip", "nothing" or "error " and the message's end)
        /// </summary>
        public static TheoryData<IInputObject, string> NotAppRows() => new TheoryData<IInputObject, string>
        {
            { new DictionaryInput(new Role { Name = "access" }), "skip" },
            { Bag(("Name", "access"), ("AllowMcpTools", new ArrayList { "*" })), "skip" },
            { new DictionaryInput(new Hashtable { ["Name"] = "access" }, "Deserialized.TeleportMcp.Role"), "skip" },
            { new DictionaryInput(new AppServiceAgent { HostName = "app-1" }), "skip" },
            { new DictionaryInput(new Hashtable { ["HostName"] = "app-1" }, "Deserialized.TeleportMcp.AppServiceAgent"), "skip" },
            { Bag(("User", "")), "nothing" },
            { Bag(("UserName", "")), "nothing" },
            { Bag(("Colour", "red")), "error got a System.Collections.Hashtable (keys Colour)." },
            { Bag(("Foo", 1)), "error got a System.Collections.Hashtable (keys Foo)." },
            { new DictionaryInput(42), "error got a System.Int32 '42'." },
            { new DictionaryInput(DateTime.MinValue.AddDays(1)), "error got a System.DateTime '" + DateTime.MinValue.AddDays(1) + "'." },
            // An app that names no app cannot be tested, typed or a copy.
            { new DictionaryInput(new App { Uri = "mcp+stdio://" }), "error got a TeleportMcp.App ''." },
            { Bag(("Name", ""), ("Uri", "mcp+stdio://")), "error got a System.Collections.Hashtable (keys *)." },
            // A list of tools names no app and no user here (Test-TeleportMcpRole takes it).
            { Bag(("Tools", new ArrayList { "read" })), "error got a System.Collections.Hashtable (keys Tools)." },
        };

        [Theory]
        [MemberData(nameof(NotAppRows))]
        public void What_is_not_an_app_is_skipped_or_is_that_items_error(IInputObject input, string expected)
        {
            var r = new Recorded();
            r.Run.Verbose = r.Verbose.Add;
            r.Run.Error = r.Errors.Add;
            foreach (var i in new[] { input, new DictionaryInput(Files) })
            {
                try
                {
                    AppTestInputs.Add(r.Run, i, false, p => new List<string>());
                }
                catch (TeleportInputException e)
                {
                    // As the cmdlet does: that item's error, with the object as given as its target, and the others go on.
                    e.TargetObject ??= i.Value;
                    r.Run.NoteUnread(e);
                }
            }
            Assert.Equal("files/-", Describe(r.Run.Cases()));
            var host = new HostCheckRun("a", HostCheckStatus.Checked);
            host.Checks.Add(new AppCheck("files", "CommandPath", CheckStatus.Pass, "ok"));
            r.Run.RecordElsewhere(new[] { host }, new[] { Files }, out _);
            bool quiet = r.Run.Finish();
            var skipped = r.Verbose.Where(v => v.StartsWith("Skipping an input object that is not a TeleportMcp.App: ", StringComparison.Ordinal)).ToList();
            if (expected.StartsWith("error ", StringComparison.Ordinal))
            {
                var e = Assert.Single(r.Errors);
                Assert.Equal("InvalidPipelineInput", e.Code);
                Assert.IsType<TeleportArgumentException>(e);
                Assert.StartsWith("Test-TeleportMcpApp takes apps and users (", e.Message, StringComparison.Ordinal);
                var tail = expected.Substring(6);
                int star = tail.IndexOf('*');
                if (star < 0) Assert.EndsWith(tail, e.Message, StringComparison.Ordinal);
                else Assert.Matches(System.Text.RegularExpressions.Regex.Escape(tail.Substring(0, star)) + ".*" + System.Text.RegularExpressions.Regex.Escape(tail.Substring(star + 1)) + "$", e.Message);
                Assert.Contains("-Quiet answers $false", e.RecommendedAction, StringComparison.Ordinal);
                Assert.Same(input.Value, e.TargetObject);
                Assert.Empty(skipped);
                Assert.False(quiet);
            }
            else
            {
                Assert.Empty(r.Errors);
                Assert.Equal(expected == "skip" ? 1 : 0, skipped.Count);
                Assert.True(quiet);
            }
        }

        [Fact]
        public void A_user_given_on_the_command_line_is_looked_up_or_taken_as_is()
        {
            var r = new AppTestRun();
            AppTestInputs.GiveUsers(r, new object[] { new User { Name = "alice" }, "bob", 1001 }.Select(DictionaryInput.UserChoiceOf));
            Assert.Equal(new[] { "alice" }, r.GivenUsers.Select(u => u.Name));
            Assert.Equal(new[] { "bob", "1001" }, r.GivenUserNames);
            Assert.True(r.WaitForUser);
        }

        public static IEnumerable<object[]> BoundUsers()
        {
            // (what -User received from one piped object's User property, named a user, the users tested)
            yield return new object[] { null, false, "files/-" };
            yield return new object[] { new object[] { null }, false, "files/-" };
            yield return new object[] { new object[] { "" }, false, "files/-" };
            yield return new object[] { new object[] { new User { Name = "alice" } }, true, "files/alice" };
            yield return new object[] { new object[] { "alice" }, true, "files/alice" };
        }

        [Theory]
        [MemberData(nameof(BoundUsers))]
        public void Takes_the_users_a_piped_objects_User_property_bound(object[] bound, bool named, string cases)
        {
            var r = new AppTestRun();
            Assert.Equal(named, AppTestInputs.AddBoundUsers(r, bound?.Select(DictionaryInput.UserChoiceOf)));
            ReadFilesApp(r);
            // alice is known (read from the files or piped) when named by property.
            if (bound != null && bound.OfType<string>().Any(s => s.Length > 0)) r.AddUser(new User { Name = "alice" });
            Assert.Equal(cases, Describe(r.Cases()));
        }

        [Theory]
        [InlineData(true, true, "ParameterNotRemoted")]
        [InlineData(true, false, null)]
        [InlineData(false, true, null)]
        public void Refuses_users_with_remote_hosts(bool remote, bool users, string code)
        {
            Assert.Equal(code, AppTestRun.NotRemoted(remote, users)?.Code);
        }

        [Fact]
        public void Records_the_host_runs_and_answers_false_when_a_host_could_not_run_them()
        {
            var good = new HostCheckRun("a", HostCheckStatus.Checked);
            good.Checks.Add(new AppCheck("files", "CommandPath", CheckStatus.Pass, "ok"));
            var r = new AppTestRun();
            Assert.Equal("the 1 host serves everything", r.RecordElsewhere(new[] { good }, new[] { Files }, out bool passed));
            Assert.True(passed);
            Assert.True(r.Finish());

            var r2 = new AppTestRun { Error = _ => { } };
            var sentence = r2.RecordElsewhere(new[] { good, FleetSummary.Unreachable("b", "refused") }, new[] { Files }, out bool passed2);
            Assert.False(passed2);
            Assert.Contains("host b could not be reached", sentence, StringComparison.Ordinal);
            Assert.False(r2.Finish());

            // No host ran them: nothing was tested, which is an error and never a pass.
            var errors = new List<TeleportInputException>();
            var r3 = new AppTestRun { Error = errors.Add };
            r3.RecordElsewhere(new[] { FleetSummary.Unreachable("b", "refused") }, new[] { Files }, out _);
            Assert.False(r3.Finish());
            Assert.Equal("NothingExamined", Assert.Single(errors).Code);
        }

        private static readonly App Wiki = new App { Name = "wiki", Uri = "http://127.0.0.1:8081" };
        private static readonly App Other = new App { Name = "other", Uri = "mcp+stdio://", Command = "/bin/true" };

        /// <summary>
        /// "a:files=Pass,wiki=Skipped|b:" as host runs: each host and its checks (app=status); "b!" a host not reached;
        /// "b:~words" a host whose own run gave the verdict "words" (FleetRun leaves it to the gate). (The diagnosis's rows use it too.)
        /// </summary>
        internal static HostCheckRun[] Hosts(string spec) => spec.Split('|').Select(h =>
        {
            if (h.EndsWith("!", StringComparison.Ordinal)) return FleetSummary.Unreachable(h.TrimEnd('!'), "refused");
            if (h.EndsWith("?", StringComparison.Ordinal)) return new HostCheckRun(h.TrimEnd('?'), HostCheckStatus.ModuleMissing, "host " + h.TrimEnd('?') + " has no TeleportMcp module");
            var verdict = h.Split(new[] { '~' }, 2);
            var parts = verdict[0].Split(':');
            var run = new HostCheckRun(parts[0], HostCheckStatus.Checked);
            if (verdict.Length > 1) run.Verdicts.Add(verdict[1]);
            foreach (var c in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = c.Split('=');
                var status = Enum.Parse<CheckStatus>(kv[1]);
                run.Checks.Add(new AppCheck(kv[0], status == CheckStatus.Skipped ? "McpApp" : "CommandPath", status,
                    status == CheckStatus.Skipped ? "not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check" : "checked"));
            }
            return run;
        }).ToArray();

        /// <summary>
        /// The remote hosts' checks (-HostName, -Session) by the rule of this computer's (AppTestOutcome.Examined, commit
        /// b57fc27): an app is examined on a host only when a check that is not Skipped ran on it there; a web app's one
        /// Skipped check examined nothing, so web apps alone, or a name that chose only them, are NothingExamined and never
        /// a pass; a host that examined nothing, or sent no check of an app (its error said why), does not serve everything.
        /// (-Name, the apps sent, the hosts' checks, the -Quiet answer, the error ids, the sentence)
        /// </summary>
        public static TheoryData<string, string, string, bool, string, string> RemoteRows() => new TheoryData<string, string, string, bool, string, string>
        {
            { null, "files", "a:files=Pass", true, "", "the 1 host serves everything" },
            { null, "files", "a:files=Pass|b:files=Pass", true, "", "all 2 hosts serve everything" },
            { null, "files", "a:files=Fail", false, "", "0 of 1 hosts serve everything; host a cannot find the command /bin/true" },
            // A web app only: the checks ran, but examined nothing on any host.
            { null, "wiki", "a:wiki=Skipped", false, "NothingExamined", "0 of 1 hosts serve everything; host a examined nothing (no MCP server among the apps: wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check)" },
            { null, "wiki", "a:wiki=Skipped|b:wiki=Skipped", false, "NothingExamined", "0 of 2 hosts serve everything; host a examined nothing*; host b examined nothing*" },
            // Beside an examined MCP app of a run that named no app, a web app is only said (verbose), as here.
            { null, "files,wiki", "a:files=Pass,wiki=Skipped", true, "", "the 1 host serves everything" },
            // A name that chose only the web app examined nothing, whatever the MCP app beside it gave.
            { "wiki,files", "files,wiki", "a:files=Pass,wiki=Skipped", false, "NothingExamined", "the 1 host serves everything" },
            // A host that sent no check of an app (its error named why) did not check it: no pass.
            { null, "files,other", "a:files=Pass", false, "", "0 of 1 hosts serve everything; host a did not check other" },
            { null, "files,other", "a:files=Pass,other=Pass|b:files=Pass", false, "", "1 of 2 hosts serve everything; host b did not check other" },
            // A host reached that wrote no check at all tested nothing.
            { null, "files", "a:", false, "NothingExamined", "0 of 1 hosts serve everything; host a checked no app" },
            { null, "files", "a:files=Pass|b!", false, "", "1 of 2 hosts serve everything; host b could not be reached (not checked)" },
            { null, "wiki", "a:wiki=Skipped|b!", false, "NothingExamined", "0 of 2 hosts serve everything; host a examined nothing*; host b could not be reached (not checked)" },
            // A host's own verdict (left to this gate by FleetRun) is no error here: an app found and examined on another host was
            // examined by the run; the host that did not check it does not serve everything, and the sentence says why.
            { null, "files,other", "a:files=Pass,other=Pass|b:files=Pass~app \"other\" not found.", false, "", "1 of 2 hosts serve everything; host b did not check other (app \"other\" not found)" },
            // No host checked anything: the one NothingExamined is this computer's, naming the host and its verdict.
            { null, "files", "a:~No MCP app was tested: no input was given.", false, "NothingExamined", "0 of 1 hosts serve everything; host a checked no app (No MCP app was tested: no input was given)" },
        };

        /// <summary>
        /// When no host tested an app, the one NothingExamined (this computer's, the hosts' own verdicts left to it) names each
        /// host and why, and says what to do on the hosts. (the hosts' runs, the error's message)
        /// </summary>
        [Theory]
        [InlineData("b!", "No MCP app was tested on the App Service hosts: 0 of 1 hosts serve everything; host b could not be reached (not checked).")]
        [InlineData("a:~No MCP app was tested: no input was given.|b?", "No MCP app was tested on the App Service hosts: 0 of 2 hosts serve everything; host a checked no app (No MCP app was tested: no input was given); host b has no TeleportMcp module (not checked).")]
        public void When_no_host_tested_an_app_the_one_verdict_names_each_host(string hosts, string message)
        {
            var errors = new List<TeleportInputException>();
            var r = new AppTestRun { Error = errors.Add };
            r.AddApp(Files);
            r.RecordElsewhere(Hosts(hosts), new[] { Files }, out _);
            Assert.False(r.Finish());
            var e = Assert.Single(errors);
            Assert.Equal("NothingExamined", e.Code);
            Assert.Equal(message, e.Message);
            Assert.StartsWith("Make each host named able to run the checks", e.RecommendedAction, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(RemoteRows))]
        public void Remote_hosts_pass_only_on_what_a_check_really_examined(string names, string appNames, string hosts, bool quiet, string codes, string sentence)
        {
            var errors = new List<TeleportInputException>();
            var verbose = new List<string>();
            var all = new[] { Files, Wiki, Other };
            var apps = appNames.Split(',').Select(n => all.Single(a => a.Name == n)).ToList();
            var r = new AppTestRun { Error = errors.Add, Verbose = verbose.Add };
            if (names != null) r.Names = names.Split(',').Select(n => new KeyValuePair<string, Func<string, bool>>(n, null)).ToList();
            foreach (var app in apps) r.AddApp(app);
            Assert.Equal(apps.Select(a => a.Name), r.Cases().Select(c => c.App.Name));
            var said = r.RecordElsewhere(Hosts(hosts), apps, out bool allPassed);
            Assert.Equal(quiet, r.Finish());
            Assert.Equal(codes, string.Join(",", errors.Select(e => e.Code)));
            Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(sentence).Replace("\\*", ".*") + "$", said);
            Assert.Equal(sentence.StartsWith("all ", StringComparison.Ordinal) || sentence.StartsWith("the 1 host serves", StringComparison.Ordinal), allPassed);
            if (codes == "NothingExamined" && appNames.Contains("wiki", StringComparison.Ordinal))
            {
                var e = Assert.Single(errors);
                Assert.EndsWith("wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check.", e.Message, StringComparison.Ordinal);
                Assert.Equal(new[] { "wiki" }, (string[])e.TargetObject);
            }
            if (quiet && appNames.Contains("wiki", StringComparison.Ordinal))
                Assert.Contains("Not examined: app wiki - not an MCP app (URI \"http://127.0.0.1:8081\"): nothing to check", verbose);
        }
    }

    /// <summary>What Test-TeleportMcpApp writes for one app: its checks, or with -Launch the probe result alone.</summary>
    public class AppTestOutputTests
    {
        [Fact]
        public void Without_a_probe_the_checks_are_written()
        {
            var o = new AppTestOutcome();
            o.Checks.Add(new AppCheck("files", "CommandPath", CheckStatus.Fail, "missing"));
            var warnings = new List<string>();
            var written = new List<object>();
            o.Write("files", written.Add, written.Add, warnings.Add, _ => { });
            Assert.Same(o.Checks[0], Assert.Single(written));
            Assert.Empty(warnings);
        }

        [Fact]
        public void With_a_probe_only_the_probe_is_written_and_its_bad_checks_are_warnings()
        {
            var o = new AppTestOutcome { Probe = new ProbeResult { AppName = "files" } };
            o.Checks.Add(new AppCheck("files", "CommandPath", CheckStatus.Fail, "missing"));
            o.Checks.Add(new AppCheck("files", "Transport", CheckStatus.Warn, "odd"));
            o.Checks.Add(new AppCheck("files", "RunAsHostUser", CheckStatus.Pass, "ok"));
            o.Checks.Add(new AppCheck("files", "Tls", CheckStatus.Skipped, "not https"));
            var warnings = new List<string>();
            var verbose = new List<string>();
            var written = new List<object>();
            o.Write("files", written.Add, written.Add, warnings.Add, verbose.Add);
            Assert.Same(o.Probe, Assert.Single(written));
            Assert.Equal(new[] { "files - CommandPath - missing", "files - Transport - odd" }, warnings);
            Assert.Equal(2, verbose.Count);
            Assert.All(verbose, v => Assert.StartsWith("files - ", v, StringComparison.Ordinal));
        }
    }

    /// <summary>One rule for what a -User or -App parameter received: the object, or a name.</summary>
    public class ChoiceTests
    {
        [Theory]
        [InlineData(null, true)]
        [InlineData(new object[] { }, true)]
        [InlineData(new object[] { null }, true)]
        [InlineData(new object[] { "" }, true)]
        // A null or empty value beside one that is used is that item's error (Choice.AllFrom), not the whole list's.
        [InlineData(new object[] { "alice", "" }, false)]
        [InlineData(new object[] { "alice" }, false)]
        [InlineData(new object[] { " " }, false)]
        [InlineData(new object[] { 0 }, false)]
        public void Refuses_null_or_empty_on_the_command_line(object[] given, bool refused)
        {
            Assert.Equal(refused, Choice.NullOrEmpty<User>(given?.Select(DictionaryInput.UserChoiceOf)));
        }

        [Fact]
        public void Takes_the_object_itself_or_a_name()
        {
            var alice = new User { Name = "alice" };
            var unread = new List<TeleportInputException>();
            var choices = Choice.AllFrom<User>(new object[] { alice, "bob", 1001, new App { Name = "files" } }.Select(DictionaryInput.UserChoiceOf), unread.Add, DictionaryInput.NoWarning)!;
            // An app's Name is not a user's (Choice.FromObject): that item is refused, the others are kept.
            Assert.Equal(PipedUser.NotAUserCode, Assert.Single(unread).Code);
            Assert.Same(alice, choices[0].Resource);
            Assert.Equal(new[] { "alice", "bob", "1001" }, choices.Select(c => c.Name));
            Assert.Equal(new[] { true, false, false }, choices.Select(c => c.Resource != null));
            Assert.Null(Choice.AllFrom<User>(null, unread.Add, DictionaryInput.NoWarning));
        }

        [Fact]
        public void Skips_what_a_property_bound_as_null_or_empty()
        {
            var choices = Choice.Bound<App>(new object[] { null, "", "files", new App { Name = "web" } }.Select(DictionaryInput.AppChoiceOf), e => throw e, DictionaryInput.NoWarning);
            Assert.Equal(new[] { "files", "web" }, choices.Select(c => c.Name));
            Assert.Empty(Choice.Bound<App>(null, e => throw e, DictionaryInput.NoWarning));
        }

        // A value skipped or refused keeps the index PowerShell gives it: the place is counted before anything is left out.
        [Theory]
        [InlineData(false, new[] { "-User[2]" })]
        [InlineData(true, new[] { "-User[0]", "-User[2]" })]
        public void Places_count_the_values_left_out(bool commandLine, string[] places)
        {
            var given = new object[] { "", "dana", new System.Collections.Hashtable { ["Shift"] = "night" } }.Select(DictionaryInput.UserChoiceOf).ToList();
            var unread = new List<TeleportInputException>();
            var read = commandLine ? Choice.AllFrom<User>(given, unread.Add, DictionaryInput.NoWarning)! : Choice.Bound<User>(given, unread.Add, DictionaryInput.NoWarning);
            Assert.Equal(new[] { "dana" }, read.Select(c => c.Name));
            Assert.Equal(places, unread.Select(e => e.Item));
            Assert.All(unread, e => Assert.Equal(PipedUser.NotAUserCode, e.Code));
        }

        // Invoke-TeleportMcpDiagnosis -User 'dana','': the empty name is that item's error on the command line, and in a
        // piped record too (it was skipped unseen there before; helper-259).
        [Theory]
        [InlineData(true, 1)]
        [InlineData(false, 1)]
        public void Diagnosis_users_on_the_command_line_refuse_an_empty_item(bool commandLine, int refused)
        {
            var options = new TeleportMcp.Engine.Diagnosis.DiagnosisOptions();
            options.AddUsers(new object[] { "dana", "" }.Select(DictionaryInput.UserChoiceOf), commandLine);
            Assert.Equal(new[] { "dana" }, options.Users);
            Assert.Equal(refused, options.Refused.Count);
            if (refused > 0) Assert.Equal("-User[1]", options.Refused[0].Item);
        }
    }
}
