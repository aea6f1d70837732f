using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.RoleDesign;
using TeleportMcp.Engine.Tctl;
using TeleportMcp.Tests.Resources;
using Xunit;
using TeleportMcp.Commands;
using TeleportMcp.Infrastructure;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// The error-record contract: every error the module can produce has a category whose exception type (the table in
    /// ErrorRecords) the record's exception is, a stable id, and its target; input errors keep the engine exception with the position.
    /// </summary>
    public class ErrorRecordTests
    {
        private static readonly string CmdletSources = Path.Combine(RepoPaths.Root, "src", "TeleportMcp.PowerShell");
        private static readonly string EngineSources = Path.Combine(RepoPaths.Root, "src", "TeleportMcp.Engine");

        private static IEnumerable<string> Sources(string dir) =>
            Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        private static void AssertContract(ErrorRecord record, string id, ErrorCategory category)
        {
            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.True(ErrorRecords.Matches(category, record.Exception),
                id + ": category " + category + " with a " + record.Exception.GetType().FullName);
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", id);
        }

        [Fact]
        public void EveryCategoryHasItsExceptionType()
        {
            foreach (ErrorCategory category in Enum.GetValues(typeof(ErrorCategory)))
                Assert.True(ErrorRecords.Exceptions.ContainsKey(category), "no exception type for " + category);
        }

        [Theory]
        [InlineData(ErrorCategory.ObjectNotFound, typeof(ItemNotFoundException))]
        [InlineData(ErrorCategory.InvalidArgument, typeof(ArgumentException))]
        [InlineData(ErrorCategory.InvalidData, typeof(InvalidDataException))]
        [InlineData(ErrorCategory.ReadError, typeof(IOException))]
        [InlineData(ErrorCategory.WriteError, typeof(IOException))]
        [InlineData(ErrorCategory.ResourceExists, typeof(IOException))]
        [InlineData(ErrorCategory.PermissionDenied, typeof(UnauthorizedAccessException))]
        [InlineData(ErrorCategory.OperationTimeout, typeof(TimeoutException))]
        [InlineData(ErrorCategory.LimitsExceeded, typeof(ArgumentOutOfRangeException))]
        [InlineData(ErrorCategory.ConnectionError, typeof(System.Management.Automation.Remoting.PSRemotingTransportException))]
        [InlineData(ErrorCategory.NotInstalled, typeof(FileNotFoundException))]
        [InlineData(ErrorCategory.AuthenticationError, typeof(System.Security.Authentication.AuthenticationException))]
        [InlineData(ErrorCategory.InvalidOperation, typeof(InvalidOperationException))]
        public void AStatedErrorIsBuiltWithItsCategorysExceptionKeepingTheCause(ErrorCategory category, Type type)
        {
            var cause = new InvalidOperationException("the cause");
            var record = ErrorRecords.Create(category, "SomeError", "what went wrong", "alice", cause, "do this");
            Assert.Equal(type, record.Exception.GetType());
            Assert.Same(cause, record.Exception.InnerException);
            Assert.Equal("what went wrong", record.Exception.Message);
            Assert.Equal("alice", record.TargetObject);
            Assert.Equal("do this", record.ErrorDetails.RecommendedAction);
            AssertContract(record, "SomeError", category);
        }

        public static IEnumerable<object[]> CaughtExceptions() => new[]
        {
            new object[] { new IOException("disk"), ErrorCategory.ReadError, typeof(IOException) },
            new object[] { new FileNotFoundException("gone"), ErrorCategory.ObjectNotFound, typeof(ItemNotFoundException) },
            new object[] { new DirectoryNotFoundException("gone"), ErrorCategory.ObjectNotFound, typeof(ItemNotFoundException) },
            new object[] { new UnauthorizedAccessException("no"), ErrorCategory.PermissionDenied, typeof(UnauthorizedAccessException) },
            new object[] { new InvalidDataException("bad gzip"), ErrorCategory.InvalidData, typeof(InvalidDataException) },
            new object[] { new TimeoutException("slow"), ErrorCategory.OperationTimeout, typeof(TimeoutException) },
            new object[] { new ArgumentNullException("x"), ErrorCategory.InvalidArgument, typeof(ArgumentNullException) },
            new object[] { new FormatException("bad"), ErrorCategory.ParserError, typeof(FormatException) },
            new object[] { new NotSupportedException("no"), ErrorCategory.NotImplemented, typeof(NotSupportedException) },
            new object[] { new InvalidOperationException("no"), ErrorCategory.InvalidOperation, typeof(InvalidOperationException) },
            new object[] { new KeyNotFoundException("bug"), ErrorCategory.NotSpecified, typeof(KeyNotFoundException) },
            new object[] { new ItemNotFoundException("gone"), ErrorCategory.ObjectNotFound, typeof(ItemNotFoundException) },
        };

        [Theory]
        [MemberData(nameof(CaughtExceptions))]
        public void ACaughtExceptionGetsTheCategoryOfItsTypeAndIsWrappedWhenItIsNotThatType(Exception e, ErrorCategory category, Type type)
        {
            var record = ErrorRecords.Create(e, "ScanFailed", "/var/log/x.log");
            AssertContract(record, "ScanFailed", category);
            Assert.Equal(type, record.Exception.GetType());
            if (record.Exception != e) Assert.Same(e, record.Exception.InnerException);
            Assert.Equal("/var/log/x.log", record.TargetObject);
        }

        [Fact]
        public void AGivenCategoryThatIsNotTheExceptionsTypeWrapsIt()
        {
            var e = new InvalidOperationException("host x has no module");
            var record = ErrorRecords.Create(e, "HostModuleMissing", "x", category: ErrorCategory.NotInstalled);
            AssertContract(record, "HostModuleMissing", ErrorCategory.NotInstalled);
            Assert.Same(e, record.Exception.InnerException);
        }

        /// <summary>
        /// The errors of a remote run, written the way RemoteHosts writes them (FleetRun.Error into ErrorRecords.FromInput):
        /// each has its category's exception type (PowerShell's own for it: Import-Module's FileNotFoundException, remoting's
        /// PSRemotingTransportException), the engine's error inside, its message, host and what to do kept.
        /// </summary>
        [Fact]
        public void EveryErrorOfARemoteRunHasItsCategorysExceptionType()
        {
            var records = new List<ErrorRecord>();
            var run = new FleetRun(new[] { "h1", "h2", "h3", "h4", "h5" }, "/home/me/.local/share/powershell/Modules/TeleportMcp", "1.2.0")
            {
                Error = e => records.Add(ErrorRecords.FromInput(e)),
            };
            run.Unreachable("h1", "no route to host");
            Guid s2 = Guid.NewGuid(), s3 = Guid.NewGuid(), s4 = Guid.NewGuid(), s5 = Guid.NewGuid();
            run.AddSession(s2, "h2", "h2");
            run.AddSession(s3, "h3", "h3");
            run.AddSession(s4, "h4", "h4");
            run.AddSession(s5, "h5", "h5");
            var missing = new Hashtable { ["ModuleFolder"] = "/usr/local/share/powershell/Modules" };
            run.Output("h2", new DictionaryInput(missing, "Deserialized." + FleetRun.ModuleMissingType, "Deserialized.System.Management.Automation.PSCustomObject"));
            var denied = new UnauthorizedAccessException("access to /etc/teleport.yaml is denied");
            run.Failed(new HostError { Host = "h3", ErrorId = "ConfigUnreadable,TeleportMcp.Commands.TestTeleportMcpAppCommand", ExceptionMessage = denied.Message, Category = "PermissionDenied", RecommendedAction = "Run as a user who may read it.", Exception = denied });
            var notFound = new InvalidOperationException("no file /etc/teleport/apps.yaml");
            run.Failed(new HostError { Host = "h4", ErrorId = "PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand", ExceptionMessage = notFound.Message, Category = "ObjectNotFound", Exception = notFound });
            foreach (var done in new[] { "h3", "h4" })
                run.Output(done, new DictionaryInput(new Hashtable(), "Deserialized." + FleetRun.DoneType, "Deserialized.System.Management.Automation.PSCustomObject"));
            run.TimedOut(TimeSpan.FromSeconds(30));

            var expected = new (string Id, string Host, ErrorCategory Category, Type Type)[]
            {
                ("HostUnreachable", "h1", ErrorCategory.ConnectionError, typeof(System.Management.Automation.Remoting.PSRemotingTransportException)),
                ("HostModuleMissing", "h2", ErrorCategory.NotInstalled, typeof(FileNotFoundException)),
                ("ConfigUnreadable", "h3", ErrorCategory.PermissionDenied, typeof(UnauthorizedAccessException)),
                // A relayed error of an input category keeps the engine's exception, as a local one does.
                ("PathNotFound", "h4", ErrorCategory.ObjectNotFound, typeof(TeleportInputException)),
                ("HostUnreachable", "h5", ErrorCategory.ConnectionError, typeof(System.Management.Automation.Remoting.PSRemotingTransportException)),
            };
            Assert.Equal(expected.Length, records.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                var (id, host, category, type) = expected[i];
                var record = records[i];
                AssertContract(record, id, category);
                Assert.Equal(type, record.Exception.GetType());
                Assert.Equal(ErrorRecords.Exceptions[category].Type.IsAssignableFrom(type), type != typeof(TeleportInputException));
                Assert.Equal(host, record.TargetObject);
                var engine = Assert.IsType<TeleportInputException>(record.Exception as TeleportInputException ?? record.Exception.InnerException);
                Assert.Equal(engine.Message, record.Exception.Message);
                Assert.Equal(engine.Message, record.ErrorDetails.Message);
                Assert.Equal(engine.RecommendedAction ?? "", record.ErrorDetails.RecommendedAction ?? "");
            }
            Assert.Contains("h3", records[2].Exception.Message, StringComparison.Ordinal);
            Assert.Equal("Run as a user who may read it.", records[2].ErrorDetails.RecommendedAction);
            Assert.NotNull(records[1].ErrorDetails.RecommendedAction);
        }

        /// <summary>An input error keeps the engine's exception, with its position.</summary>
        [Theory]
        [InlineData("YamlParseError", ErrorCategory.ParserError)]
        [InlineData("FileReadError", ErrorCategory.ReadError)]
        [InlineData("SomethingBad", ErrorCategory.InvalidData)]
        public void AnInputErrorKeepsTheEngineException(string code, ErrorCategory category)
        {
            var e = new TeleportInputException(code, "bad", new SourceLocation("/tmp/a.yaml", 3, 4));
            var record = ErrorRecords.FromInput(e);
            AssertContract(record, code, category);
            Assert.Same(e, record.Exception);
            Assert.Equal("/tmp/a.yaml", record.TargetObject);
        }

        /// <summary>Every ErrorRecords.Create(ErrorCategory.X, "Id", ...) call of the cmdlets, built as written.</summary>
        [Fact]
        public void EveryStatedIdOfTheCmdletsMatchesItsCategory()
        {
            var call = new Regex(@"ErrorRecords\.Create\(\s*ErrorCategory\.(\w+),\s*""(\w+)""", RegexOptions.CultureInvariant);
            var found = Sources(CmdletSources).SelectMany(f => call.Matches(File.ReadAllText(f)).Cast<Match>()).ToList();
            Assert.True(found.Count >= 10, "the scan found " + found.Count + " calls");
            foreach (var m in found)
            {
                var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), m.Groups[1].Value);
                AssertContract(ErrorRecords.Create(category, m.Groups[2].Value, "message", "target"), m.Groups[2].Value, category);
            }
        }

        /// <summary>No caller makes an exception only to carry a message: it names the category instead.</summary>
        [Fact]
        public void NoCallerBuildsAnExceptionForACategory()
        {
            var built = new Regex(@"ErrorRecords\.Create\(\s*new (\w+)\(", RegexOptions.CultureInvariant);
            var offenders = Sources(CmdletSources)
                .SelectMany(f => built.Matches(File.ReadAllText(f)).Cast<Match>().Select(m => Path.GetFileName(f) + ": " + m.Groups[1].Value))
                // PowerShell's own null-or-empty parameter error, repeated word for word.
                .Where(x => !x.EndsWith(": ParameterBindingException", StringComparison.Ordinal)).ToList();
            Assert.Empty(offenders);
        }

        [Fact]
        public void EveryTctlFailureKindMatchesItsCategory()
        {
            foreach (TctlErrorKind kind in Enum.GetValues(typeof(TctlErrorKind)))
            {
                var e = new TctlException(kind, "tctl said no", "tctl get users/alice", 1, "ERROR: no");
                var record = TeleportMcp.Commands.TctlCommandBase.FromTctl(e, "alice", "TeleportUserNotFound");
                AssertContract(record, record.FullyQualifiedErrorId, record.CategoryInfo.Category);
                Assert.Same(e, record.Exception.InnerException);
                Assert.Equal("alice", record.TargetObject);
            }
        }

        [Fact]
        public void EveryMcpToolsUpdateProblemMatchesItsCategory()
        {
            foreach (McpToolsUpdateProblem problem in Enum.GetValues(typeof(McpToolsUpdateProblem)))
            {
                var record = ErrorRecords.FromMcpToolsUpdate(new McpToolsUpdateError(problem, "Code" + problem, "alice", "no"));
                AssertContract(record, "Code" + problem, record.CategoryInfo.Category);
                Assert.Equal("alice", record.TargetObject);
            }
            Assert.Equal(ErrorCategory.LimitsExceeded, ErrorRecords.FromMcpToolsUpdate(new McpToolsUpdateError(McpToolsUpdateProblem.TooLong, "X", "a", "m")).CategoryInfo.Category);
        }

        /// <summary>Every RoleDesignException code the engine throws.</summary>
        [Fact]
        public void EveryRoleDesignCodeMatchesItsCategoryAndNamesTheRole()
        {
            var thrown = new Regex(@"new RoleDesignException\(""(\w+)""", RegexOptions.CultureInvariant);
            var codes = Sources(EngineSources).SelectMany(f => thrown.Matches(File.ReadAllText(f)).Cast<Match>().Select(m => m.Groups[1].Value)).Distinct().ToList();
            Assert.Contains("ProofFailed", codes);
            foreach (var code in codes)
            {
                var e = new RoleDesignException(code, "cannot", "fix it");
                var record = ErrorRecords.FromRoleDesign(e, "mcp-role");
                AssertContract(record, code, record.CategoryInfo.Category);
                Assert.Same(e, record.Exception.InnerException);
                Assert.Equal("mcp-role", record.TargetObject);
            }
        }

        /// <summary>Every input-error code the engine raises keeps the engine exception (with the position) and the category its code names.</summary>
        [Fact]
        public void EveryInputCodeKeepsThePositionAndMatchesItsCategory()
        {
            var raised = new Regex(@"new (?:TeleportInputException|TeleportNotFoundException|TeleportArgumentException|TeleportReadException|ResourceDiagnostic\(DiagnosticLevel\.Error,)\(?\s*""(\w+)""", RegexOptions.CultureInvariant);
            var codes = Sources(EngineSources).SelectMany(f => raised.Matches(File.ReadAllText(f)).Cast<Match>().Select(m => m.Groups[1].Value)).Distinct().ToList();
            Assert.Contains("YamlParseError", codes);
            foreach (var code in codes)
            {
                var e = new TeleportInputException(code, "bad", new SourceLocation("/c/roles.yaml", 3, 5)) { LineText = "  x: [" };
                var record = ErrorRecords.FromInput(e);
                AssertContract(record, code, record.CategoryInfo.Category);
                // An error of another category (HostUnreachable, DiagnosisFailed) carries the engine's error, position included, inside.
                Assert.Same(e, ErrorRecords.InputErrorCategories.Contains(record.CategoryInfo.Category) ? record.Exception : record.Exception.InnerException);
                Assert.Equal("/c/roles.yaml", record.TargetObject);
            }
            Assert.Equal(ErrorCategory.ObjectNotFound, ErrorRecords.FromInput(new TeleportNotFoundException("UserNotFound", "no", "bob")).CategoryInfo.Category);
            Assert.Equal("bob", ErrorRecords.FromInput(new TeleportNotFoundException("UserNotFound", "no", "bob")).TargetObject);
        }

        /// <summary>
        /// The errors that had no target (issue 10): each names what it is about, so $error[0].TargetObject and
        /// -ErrorVariable filters can tell them apart; a row per error, with the target it must carry.
        /// </summary>
        public static IEnumerable<object[]> ErrorsWithTargets()
        {
            var request = new RemotingRequest { Session = true, HostName = new[] { "h1" }, Port = 2222 };
            yield return new object[] { "ConflictingRemotingParameters", ErrorRecords.FromInput(request.Refusal()!), new[] { "-Session", "-HostName", "-Port" } };
            yield return new object[] { "ParameterArgumentValidationError", ErrorRecords.NullOrEmptyArgument("User"), "-User" };

            var unmatched = new TeleportMcp.Engine.Diagnosis.DiagnosisContext();
            // Session 47 (review 329): the target is the bare name and path, the labels are the message's.
            unmatched.Note(unmatched.Unmatched, "user carol", "carol");
            unmatched.Note(unmatched.Unmatched, "-LogPath ./x*", "./x*");
            var gate = TeleportMcp.Engine.Diagnosis.DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), unmatched, TeleportMcp.DiagnosisStatus.Fail);
            yield return new object[] { "InputNotMatched", ErrorRecords.FromInput(TeleportMcp.Engine.Diagnosis.DiagnosisGate.Answer(gate, Array.Empty<TeleportMcp.Diagnosis>(), false, false).Error!), new[] { "carol", "./x*" } };

            var nothing = new TeleportMcp.Engine.Diagnosis.DiagnosisContext();
            nothing.Skipped.Add("logs: no -LogPath");
            gate = TeleportMcp.Engine.Diagnosis.DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), nothing, TeleportMcp.DiagnosisStatus.Fail);
            yield return new object[] { "NothingExamined", ErrorRecords.FromInput(TeleportMcp.Engine.Diagnosis.DiagnosisGate.Answer(gate, Array.Empty<TeleportMcp.Diagnosis>(), false, false).Error!), "logs: no -LogPath" };
            gate = TeleportMcp.Engine.Diagnosis.DiagnosisGate.Decide(Array.Empty<TeleportMcp.Diagnosis>(), new TeleportMcp.Engine.Diagnosis.DiagnosisContext(), TeleportMcp.DiagnosisStatus.Fail);
            yield return new object[] { "NothingExamined", ErrorRecords.FromInput(TeleportMcp.Engine.Diagnosis.DiagnosisGate.Answer(gate, Array.Empty<TeleportMcp.Diagnosis>(), false, false).Error!), "no input" };

            var found = new TeleportMcp.Engine.Diagnosis.DiagnosisContext { ExaminedCount = 1 };
            var first = new TeleportMcp.Diagnosis { Status = TeleportMcp.DiagnosisStatus.Fail, Title = "everything: user: unknown user mcp-runner", Fix = "create the user" };
            var ranked = new[] { first };
            gate = TeleportMcp.Engine.Diagnosis.DiagnosisGate.Decide(ranked, found, TeleportMcp.DiagnosisStatus.Fail);
            yield return new object[] { "DiagnosisFailed", ErrorRecords.FromInput(TeleportMcp.Engine.Diagnosis.DiagnosisGate.Answer(gate, ranked, true, false).Error!), first };

            var client = TeleportMcp.Engine.Clients.ClientDiagnosis.NothingExamined(Array.Empty<TeleportMcp.ClientCheck>(), false, new[] { "/home/me/.cursor/mcp.json" });
            yield return new object[] { "NothingExamined", ErrorRecords.FromInput(client!), new[] { "/home/me/.cursor/mcp.json" } };

            var errors = new List<TeleportInputException>();
            TeleportMcp.Engine.RoleTest.RoleTestRunner.Run(new TeleportMcp.Engine.RoleTest.RoleTestOptions
            {
                AuditEvents = new List<TeleportMcp.AuditEvent> { new TeleportMcp.AuditEvent { User = "alice", App = "files" } },
                Users = new List<TeleportMcp.Engine.Resources.Choice<TeleportMcp.User>> { TeleportMcp.Engine.Resources.Choice.Named<TeleportMcp.User>("bob") },
                Error = errors.Add,
            }, System.Threading.CancellationToken.None);
            yield return new object[] { "NoAuditEventSelected", ErrorRecords.FromInput(errors.Single(e => e.Code == "NoAuditEventSelected")), new[] { "user bob" } };

            var records = new List<ErrorRecord>();
            var run = new FleetRun(new[] { "h1" }, null, null) { Error = e => records.Add(ErrorRecords.FromInput(e)) };
            run.NotStarted("no memory");
            yield return new object[] { FleetRun.HostUnreachableCode, records.Single(), "h1" };
        }

        [Theory]
        [MemberData(nameof(ErrorsWithTargets))]
        public void EveryErrorNamesWhatItIsAbout(string id, ErrorRecord record, object target)
        {
            AssertContract(record, id, record.CategoryInfo.Category);
            Assert.NotNull(record.TargetObject);
            Assert.Equal(target, record.TargetObject);
        }

        /// <summary>A remoting runspace that does not open ends no command: every host is an error naming it, and none was checked.</summary>
        [Fact]
        public void ARunThatCouldNotStartMakesEveryHostUnreachable()
        {
            var records = new List<ErrorRecord>();
            var run = new FleetRun(new[] { "h1", "h2", "h1" }, null, null) { Error = e => records.Add(ErrorRecords.FromInput(e)) };
            run.Unreachable("h2", "refused");
            run.NotStarted("the runspace is Broken");
            Assert.Equal(new object[] { "h2", "h1" }, records.Select(r => r.TargetObject));
            Assert.All(records, r => AssertContract(r, FleetRun.HostUnreachableCode, ErrorCategory.ConnectionError));
            Assert.Contains("the runspace for the remote checks could not be opened on this computer: the runspace is Broken", records[1].Exception.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { ("h1", HostCheckStatus.Unreachable), ("h2", HostCheckStatus.Unreachable) }, run.Runs().Select(r => (r.Host, r.Status)));
        }
    }
}
