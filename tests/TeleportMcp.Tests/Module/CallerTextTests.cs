using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Probe;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// An engine text several cmdlets reach names a parameter only for a cmdlet that has it (<see cref="CallerParameters"/>):
    /// otherwise the command that has it, or nothing. Each cmdlet's parameters are read from its type, as the binder takes them.
    /// </summary>
    public class CallerTextTests
    {
        private static CallerParameters Of(string cmdlet)
        {
            var type = typeof(TeleportMcp.Commands.ImportTeleportResourceCommand).Assembly.GetExportedTypes()
                .Single(t => t.GetCustomAttribute<CmdletAttribute>() is { } a && a.VerbName + "-" + a.NounName == cmdlet);
            var names = type.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
                .SelectMany(p => new[] { p.Name }.Concat(p.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames)));
            return new CallerParameters(cmdlet, names);
        }

        private static App Read(string text) => ResourceReader.ReadText(text, "input.yaml").Select(i => i.Resource).OfType<App>().Single();

        // An https app whose header carries {{internal.jwt}}: its Headers check says how a value is supplied, its Tls check how the certificate is fetched.
        private const string HttpsJwtApp = "kind: app\nversion: v3\nmetadata:\n  name: a\nspec:\n  uri: mcp+https://10.0.0.5:8443/mcp\n  rewrite:\n    headers:\n    - name: Authorization\n      value: 'Bearer {{internal.jwt}}'\n";

        [Theory]
        [InlineData("Test-TeleportMcpApp", "Headers", "(the probe cannot; -Header supplies a value)")]
        [InlineData("Test-TeleportMcpApp", "Tls", "fetched only with -Launch or -CheckTls")]
        [InlineData("Invoke-TeleportMcpDiagnosis", "Headers", "(the probe cannot; Test-TeleportMcpApp -Launch -Header supplies a value)")]
        [InlineData("Invoke-TeleportMcpDiagnosis", "Tls", "fetched only with -Launch or Test-TeleportMcpApp -CheckTls")]
        public void AnAppCheckNamesWhatTheCmdletsUserCanGive(string cmdlet, string check, string expected)
        {
            var results = StaticChecks.Run(Read(HttpsJwtApp), new StaticCheckOptions { CheckReachable = false, Caller = Of(cmdlet) }).Results;
            var c = results.Single(r => r.Check == check);
            Assert.EndsWith(expected, c.Message, StringComparison.Ordinal);
            var literals = results.Select(r => new CallReach.Literal(r.Message + " " + r.Fix, "X::M"));
            Assert.Empty(CmdletNameTests.ForeignParameters(cmdlet, literals));
        }

        [Theory]
        [InlineData("Test-TeleportMcpRole", "Fix the entry; the app was tested with the other labels, and -Quiet answers $false.")]
        [InlineData("New-TeleportMcpRole", "Fix the entry; the app was tested with the other labels.")]
        public void ALabelEntryNamesQuietOnlyForACmdletThatHasIt(string cmdlet, string expected)
        {
            var refused = new List<TeleportInputException>();
            AppLabelInput.Entries(new Hashtable { [" "] = "x" }, AppLabelsUse.AppLabels, refused.Add, Of(cmdlet));
            Assert.Equal(expected, Assert.Single(refused).RecommendedAction);
        }

        [Fact]
        public void ACallerNotKnownIsToldTheCommandThatHasTheParameter()
        {
            Assert.Equal("Test-TeleportMcpApp -Launch -Header", CallerParameters.None.Give(OfferedParameter.Header));
            Assert.Null(CallerParameters.None.Own(OfferedParameter.Quiet));
            Assert.Equal("-SkipSession", Of("Test-TeleportMcpClient").Give(OfferedParameter.SkipSession));
        }

        /// <summary>The command an offered parameter names for a cmdlet without it is real: its cmdlet has every parameter written.</summary>
        [Fact]
        public void EachOfferedParameterIsOnTheCommandThatOffersIt()
        {
            foreach (var p in OfferedParameter.All.Where(p => p.Command != null))
            {
                string cmdlet = p.Command!.Split(' ')[0];
                var caller = Of(cmdlet);
                Assert.True(caller.Has(p), cmdlet + " -" + p.Name);
                Assert.Empty(CmdletNameTests.ForeignParameters("Invoke-TeleportMcpDiagnosis", new[] { new CallReach.Literal("run " + p.Command + " -" + p.Name, "X::M") }));
            }
        }
    }
}
