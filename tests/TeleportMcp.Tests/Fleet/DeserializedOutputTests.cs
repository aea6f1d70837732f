using System.Collections.Generic;
using System.Management.Automation;
using Xunit;
using TeleportMcp.Commands;

namespace TeleportMcp.Tests.Fleet
{
    /// <summary>Results of the host checks come back deserialized: the output boundary still escapes what they hold, lists of bags included.</summary>
    public class DeserializedOutputTests
    {
        [Fact]
        public void EscapesControlCharactersInNestedBagsOfADeserializedProbeResult()
        {
            var probe = new ProbeResult { AppName = "fleet", Message = "bad\u001b[31mred" };
            probe.Checks.Add(new AppCheck("fleet", "CommandPath", CheckStatus.Fail, "no\u001b]0;title\u0007 command"));
            var copy = (PSObject)PSSerializer.Deserialize(PSSerializer.Serialize(probe, 2));
            Assert.Contains("Deserialized.TeleportMcp.ProbeResult", copy.TypeNames);

            var original = copy;
            copy = (PSObject)TeleportMcpCommand.SafeObject(copy);

            // The caller's object is left as it was: what is redacted is a copy.
            Assert.Contains('\u001b', (string)original.Properties["Message"].Value);

            Assert.DoesNotContain('\u001b', (string)copy.Properties["Message"].Value);
            var checks = (PSObject)copy.Properties["Checks"].Value;
            var first = (PSObject)((System.Collections.IList)checks.BaseObject)[0];
            var message = (string)first.Properties["Message"].Value;
            Assert.DoesNotContain('\u001b', message);
            Assert.DoesNotContain('\u0007', message);
            Assert.StartsWith("no", message, System.StringComparison.Ordinal);
        }
    }
}
