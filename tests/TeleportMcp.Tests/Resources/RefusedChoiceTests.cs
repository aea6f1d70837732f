using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TeleportMcp.Engine.Common;
using TeleportMcp.Tests.Common;
using TeleportMcp.Engine.Diagnosis;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Engine.RoleTest;
using Xunit;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>
    /// A value a -User, -App or -Role parameter cannot use (a file or a hashtable where a user name is expected, a list
    /// inside the list, a copy that does not read, a name where objects are expected) is that item's error with a stable
    /// id and the object as target; the values beside it are used; and the run's verdict cannot pass.
    /// </summary>
    public class RefusedChoiceTests
    {
        private static UserChoice Named(object value) => Choice.UserName(value as IInputObject ?? new DictionaryInput(value));

        public static IEnumerable<object[]> NotUserNames()
        {
            yield return new object[] { new FileInfo(Path.Combine(Path.GetTempPath(), "users.yaml")) };
            yield return new object[] { new Hashtable { ["Shift"] = "night" } };
            yield return new object[] { new Hashtable { ["User"] = new Hashtable() } };
            yield return new object[] { new DictionaryInput(new Hashtable { ["Name"] = "local", ["Uri"] = "mcp+http://127.0.0.1:9/mcp" }, "TeleportMcp.App") };
        }

        [Theory]
        [MemberData(nameof(NotUserNames))]
        public void AnObjectThatNamesNoUserIsARefusedChoiceWithItsReasonAndTarget(object value)
        {
            var choice = Named(value);
            Assert.NotNull(choice.Refusal);
            Assert.Equal(PipedUser.NotAUserCode, choice.Refusal!.Code);
            Assert.Null(choice.Name);
            var raw = value is IInputObject i ? i.Value : value;
            Assert.Same(raw, choice.Refusal.Target);
            // Not a null or empty value (PowerShell's own validation): it was given, and is reported as refused.
            Assert.False(Choice.NullOrEmpty<User>(new[] { choice }));
        }

        [Theory]
        [InlineData("alice", "alice")]
        [InlineData(1001, "1001")]
        public void ANameOrAnObjectWithAUserIsTheName(object value, string name)
        {
            var choice = Named(value);
            Assert.Null(choice.Refusal);
            Assert.Equal(name, choice.Name);
            if (value is string) Assert.Equal(name, Named(new Hashtable { ["User"] = value }).Name);
        }

        [Fact]
        public void NamesKeepsTheGoodValuesInOrderAndReportsEachRefusedOne()
        {
            var file = new FileInfo(Path.Combine(Path.GetTempPath(), "x.yaml"));
            var unread = new List<TeleportInputException>();
            var names = Choice.Names(new[] { Named("alice"), Named(file), Named("bob"), Named(new Hashtable()) }, unread.Add, DictionaryInput.NoWarning);
            Assert.Equal(new[] { "alice", "bob" }, names);
            Assert.Equal(new[] { PipedUser.NotAUserCode, PipedUser.NotAUserCode }, unread.Select(e => e.Code));
            Assert.Same(file, unread[0].Target);
        }

        [Fact]
        public void AllFromReadsEachValueOnItsOwn()
        {
            var good = new Hashtable { ["Name"] = "files", ["Uri"] = "mcp+stdio://", ["Origin"] = "App" };
            var bad = new Hashtable { ["Name"] = "broken", ["Uri"] = "mcp+stdio://", ["Origin"] = "nowhere" };
            var nested = AppChoice.Refused(new DictionaryInput(new ArrayList()), Choice.NestedList("-App", AppChoice.NotAnAppCode, new ArrayList()));
            var unread = new List<TeleportInputException>();
            var read = Choice.AllFrom<App>(new[] { DictionaryInput.AppChoiceOf(good), DictionaryInput.AppChoiceOf(bad), nested, DictionaryInput.AppChoiceOf("web") }, unread.Add, DictionaryInput.NoWarning)!;
            Assert.Equal(new[] { "files", "web" }, read.Select(c => c.Name));
            Assert.Equal(new[] { "UnknownAppOrigin", "InvalidAppObject" }, unread.Select(e => e.Code));
            Assert.Equal("broken", unread[0].Target);
            Assert.Null(Choice.AllFrom<App>(null, unread.Add, DictionaryInput.NoWarning));
            // A refused value read alone is its error.
            Assert.Same(nested.Refusal, Assert.Throws<TeleportArgumentException>(() => Choice.Read<App>(nested, DictionaryInput.NoWarning)));
        }

        [Fact]
        public void ObjectsTakesObjectsAndCopiesAndRefusesNamesAndOtherObjects()
        {
            var role = new Role { Name = "access" };
            var copy = new Hashtable { ["Name"] = "copied", ["Version"] = "v8" };
            var file = new FileInfo(Path.Combine(Path.GetTempPath(), "roles.yaml"));
            var unread = new List<TeleportInputException>();
            var roles = Choice.Objects(new[] { new RoleChoice(role), RoleChoice.From(new DictionaryInput(copy, "Deserialized.TeleportMcp.Role")), RoleChoice.From(new DictionaryInput("access")), RoleChoice.From(new DictionaryInput(file)) }, "-Role", "-Path", unread.Add, DictionaryInput.NoWarning);
            Assert.Equal(new[] { "access", "copied" }, roles.Select(r => r.Name));
            Assert.Same(role, roles[0]);
            Assert.Equal(new[] { "InvalidRoleObject", "InvalidRoleObject" }, unread.Select(e => e.Code));
            Assert.Contains("-Role takes TeleportMcp.Role objects", unread[0].Message, StringComparison.Ordinal);
            Assert.Contains("the name 'access'", unread[0].Message, StringComparison.Ordinal);
            Assert.Contains("System.IO.FileInfo", unread[1].Message, StringComparison.Ordinal);
            Assert.Same(file, unread[1].Target);
            // The advice names the running cmdlet's files parameter, or none when it has no such parameter.
            Assert.StartsWith("Give the roles' files with -Path, or pass the objects", unread[0].RecommendedAction, StringComparison.Ordinal);
            unread.Clear();
            Choice.Objects(new[] { AppChoice.From(new DictionaryInput("everything")) }, "-App", null, unread.Add, DictionaryInput.NoWarning);
            Assert.Equal("InvalidAppObject", Assert.Single(unread).Code);
            Assert.StartsWith("Pass the objects Import-TeleportResource writes (Import-TeleportResource apps.yaml)", unread[0].RecommendedAction, StringComparison.Ordinal);
            Assert.DoesNotContain("-Path", unread[0].RecommendedAction, StringComparison.Ordinal);
        }

        [Fact]
        public void TheDiagnosisExaminesTheGoodUsersAndCannotPassWithARefusedOne()
        {
            var dir = Path.Combine(Path.GetTempPath(), "tmcp-refused-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "all.yaml"), CleanCluster.Yaml("mcp-all", new[] { "dana", "erin" }));
                var verbose = new List<string>();
                DiagnosisResult Run(IEnumerable<object> users, List<TeleportInputException> errors, bool piped)
                {
                    verbose.Clear();
                    var options = new DiagnosisOptions { ClusterPath = new[] { dir }, SkipClient = true, UsersFromPipeline = piped, Error = errors.Add, Verbose = verbose.Add, TraceVerbose = true };
                    // One call per piped object, as ProcessRecord binds them; one call with every value from the command line.
                    if (piped) foreach (var u in users) options.AddUsers(new[] { Named(u) });
                    else options.AddUsers(users.Select(Named));
                    return DiagnosisRunner.Run(options, CancellationToken.None);
                }

                var clean = new List<TeleportInputException>();
                Assert.True(Run(new object[] { "dana", "erin" }, clean, piped: true).Passed);
                Assert.Empty(clean);

                foreach (var piped in new[] { true, false })
                {
                    var errors = new List<TeleportInputException>();
                    var file = new FileInfo(Path.Combine(dir, "all.yaml"));
                    var result = Run(new object[] { "dana", file, "erin" }, errors, piped);
                    var refused = Assert.Single(errors);
                    Assert.Equal(PipedUser.NotAUserCode, refused.Code);
                    Assert.Same(file, refused.Target);
                    // The two good users were examined; the refused object is listed as not examined, and the gate is not green.
                    Assert.Contains(result.Context.Inputs, i => i.StartsWith("Teleport's MCP decisions for 2 user(s) on 1 MCP server(s)", StringComparison.Ordinal));
                    Assert.Contains(verbose, v => v.StartsWith("dana on local - ", StringComparison.Ordinal));
                    Assert.Contains(verbose, v => v.StartsWith("erin on local - ", StringComparison.Ordinal));
                    Assert.False(result.Passed);
                    Assert.Equal(GateOutcome.InputRefused, result.Gate.Outcome);
                    Assert.Equal(refused.Message, Assert.Single(result.Context.Refused));
                    Assert.Contains("- refused: ", result.Report("r.md"), StringComparison.Ordinal);
                    var answer = DiagnosisGate.Answer(result.Gate, result.Findings, failOn: true, quiet: false);
                    Assert.Equal(DiagnosisGate.InputRefusedCode, answer.Error!.Code);
                    Assert.True(answer.Terminates);
                    Assert.False(DiagnosisGate.Answer(result.Gate, result.Findings, failOn: false, quiet: true).Terminates);
                }

                // Every value refused: nobody is diagnosed in their place.
                var all = new List<TeleportInputException>();
                var none = Run(new object[] { new Hashtable() }, all, piped: false);
                Assert.DoesNotContain(verbose, v => v.StartsWith("dana on local: ", StringComparison.Ordinal) || v.StartsWith("erin on local: ", StringComparison.Ordinal));
                Assert.False(none.Passed);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void TestTeleportMcpAppTestsTheGoodUsersAndAnswersFalse()
        {
            var run = new AppTestRun();
            var errors = new List<TeleportInputException>();
            run.Error = errors.Add;
            AppTestInputs.GiveUsers(run, new[] { DictionaryInput.UserChoiceOf("alice"), UserChoice.Refused(new DictionaryInput(new ArrayList()), Choice.NestedList("-User", PipedUser.NotAUserCode, null)), DictionaryInput.UserChoiceOf("bob") });
            Assert.Equal(new[] { "alice", "bob" }, run.GivenUserNames);
            Assert.Equal(PipedUser.NotAUserCode, Assert.Single(errors).Code);
            run.AddUser(new User { Name = "alice" });
            run.AddUser(new User { Name = "bob" });
            var files = new App { Name = "files", Uri = "mcp+stdio://" };
            run.AddApp(files);
            Assert.Equal(new[] { "alice", "bob" }, run.Cases().Select(c => c.User!.Name));

            // Every check that ran passed: the answer is still false, since a value given was not examined.
            var passed = new HostCheckRun("a", HostCheckStatus.Checked);
            passed.Checks.Add(new AppCheck("files", "CommandPath", CheckStatus.Pass, "ok"));
            run.RecordElsewhere(new[] { passed }, new[] { files }, out bool allPassed);
            Assert.True(allPassed);
            Assert.False(run.Finish());
            var control = new AppTestRun();
            control.RecordElsewhere(new[] { passed }, new[] { files }, out _);
            Assert.True(control.Finish());

            // The same through a piped object's User property: the object named a user (not an app), and the value is an error.
            var piped = new AppTestRun();
            var pipedErrors = new List<TeleportInputException>();
            piped.Error = pipedErrors.Add;
            Assert.True(AppTestInputs.AddBoundUsers(piped, new[] { UserChoice.Refused(null, Choice.NestedList("-User", PipedUser.NotAUserCode, null)), DictionaryInput.UserChoiceOf("carol") }));
            Assert.Equal(PipedUser.NotAUserCode, Assert.Single(pipedErrors).Code);
            piped.RecordElsewhere(new[] { passed }, new[] { files }, out _);
            Assert.False(piped.Finish());
        }

        [Fact]
        public void TestTeleportMcpRoleUsesTheGoodChoicesAndCannotPass()
        {
            var errors = new List<TeleportInputException>();
            var options = new RoleTestOptions { Error = errors.Add, Quiet = true };
            options.GiveChoices(
                new[] { DictionaryInput.UserChoiceOf("alice"), UserChoice.Refused(null, Choice.NestedList("-User", PipedUser.NotAUserCode, null)) }, true,
                new[] { DictionaryInput.AppChoiceOf(new Hashtable { ["Name"] = "broken", ["Origin"] = "nowhere" }), DictionaryInput.AppChoiceOf("files") });
            Assert.Equal(new[] { "alice" }, options.Users!.Select(c => c.Name));
            Assert.Equal(new[] { "files" }, options.Apps!.Select(c => c.Name));
            Assert.Equal(new[] { PipedUser.NotAUserCode, "UnknownAppOrigin" }, errors.Select(e => e.Code));
            Assert.True(options.InputMissing);
            Assert.Null(new RoleTestOptions().Users);
        }
    }
}
