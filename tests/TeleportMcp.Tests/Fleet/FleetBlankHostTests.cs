using System;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Fleet;
using TeleportMcp.Engine.Resources;
using Xunit;

namespace TeleportMcp.Tests.Fleet
{
    /// <summary>
    /// -HostName, -ComputerName and -Session of the fleet cmdlets (Test-TeleportMcpApp, Invoke-TeleportMcpDiagnosis) by the
    /// one list rule (InputPolicy.Items / ObjectItems, through FleetCommand.RemoteRequest): a blank item is BlankListItem
    /// naming its place (-HostName[1]), the other hosts are still opened. Before (session-start build 08cffa35) the three
    /// declared [ValidateNotNullOrEmpty], which refused the whole list for one null or '' (session 44's survey, helper-281).
    /// </summary>
    public class FleetBlankHostTests
    {
        /// <summary>A stand-in for a PSSession: an object that names itself (the cmdlet passes its InstanceId).</summary>
        private sealed class Session
        {
            public Session(string id) => Id = id;
            public string Id { get; }
        }

        [Theory]
        [InlineData("-HostName", new[] { "web1", null, "web2" }, new[] { "web1", "web2" }, new[] { "-HostName[1]: -HostName got null, which names nothing." })]
        [InlineData("-ComputerName", new[] { "", "app1" }, new[] { "app1" }, new[] { "-ComputerName[0]: -ComputerName got an empty name, which names nothing." })]
        [InlineData("-HostName", new[] { "u@h:2222", " ", "\t" }, new[] { "u@h:2222" }, new[] { "-HostName[1]: -HostName got a name of white space only, which names nothing.", "-HostName[2]: -HostName got a name of white space only, which names nothing." })]
        [InlineData("-HostName", new[] { " " }, new string[0], new[] { "-HostName got a name of white space only, which names nothing." })]
        public void A_blank_host_is_its_own_error_and_the_others_are_opened(string parameter, string[] given, string[] opened, string[] messages)
        {
            var refused = new List<TeleportInputException>();
            var hosts = InputPolicy.Items(parameter, given, refused.Add);
            Assert.Equal(messages, refused.Select(e => e.Message));
            Assert.All(refused, e => Assert.Equal(InputPolicy.BlankItemCode, e.Code));
            Assert.All(refused, e => Assert.EndsWith(given.Length > 1 ? InputPolicy.OthersUsed : ".", e.RecommendedAction, StringComparison.Ordinal));
            var request = parameter == "-HostName" ? new RemotingRequest { HostName = hosts!.ToArray() } : new RemotingRequest { ComputerName = hosts!.ToArray() };
            // Still a remote request when every item was refused: nothing is opened and nothing runs on this computer.
            Assert.True(request.Requested);
            Assert.Equal(opened, request.Hosts());
        }

        [Fact]
        public void A_null_session_is_its_own_error_and_the_other_sessions_are_used()
        {
            var a = new Session("a");
            var b = new Session("b");
            var refused = new List<TeleportInputException>();
            var used = InputPolicy.ObjectItems("-Session", new[] { a, null, b }, s => s.Id, refused.Add);
            Assert.Equal(new[] { a, b }, used);
            var e = Assert.Single(refused);
            Assert.Equal(InputPolicy.BlankItemCode, e.Code);
            Assert.Equal("-Session[1]", e.Item);
            Assert.Equal("-Session[1]: -Session got null, which names nothing.", e.Message);
            Assert.Equal("-Session[1]", e.TargetObject);
        }

        [Theory]
        [InlineData(new[] { false, false }, true)]   // only nulls: PowerShell's usual refusal of the whole parameter
        [InlineData(new[] { true, false }, false)]
        [InlineData(new bool[0], true)]
        public void Only_nulls_are_the_whole_parameters_refusal(bool[] present, bool refused) =>
            Assert.Equal(refused, InputPolicy.NullOrEmptyObjects(present.Select(p => p ? new Session("s") : null).ToList(), s => s.Id));

        [Fact]
        public void A_list_not_given_stays_not_given()
        {
            Assert.Null(InputPolicy.ObjectItems<Session>("-Session", null, s => s.Id, e => throw new InvalidOperationException(e.Message)));
            Assert.False(new RemotingRequest().Requested);
        }
    }
}
