using System;
using System.Text;
using TeleportMcp.Engine.Platform;
using Xunit;

namespace TeleportMcp.Tests.Platform
{
    /// <summary>
    /// HostPlatform.ReadRegistryString, the reading behind ReadMachineString on Windows: RegGetValueW gives the size, then the
    /// bytes; a value that grew between the two calls answers ERROR_MORE_DATA (234) with its new size (RegGetValueW's
    /// documentation, learn.microsoft.com/windows/win32/api/winreg/nf-winreg-reggetvaluew: "If the buffer specified by pvData
    /// is not large enough ... the function returns ERROR_MORE_DATA and stores the required buffer size in pcbData"). Read once
    /// more with that size; review 332 (session 47): before, that was reported TooLong ("longer than 32767 characters").
    /// The value is faked: each call reads the next of the values given (the last one stays).
    /// </summary>
    public sealed class RegistryStringReadTests
    {
        [Theory]
        // values the value holds at each call ("|" between calls; "L<n>": n characters), max characters, status, text, calls
        [InlineData(@"C:\Windows\etc", 32767, "Read", @"C:\Windows\etc", 2)]
        [InlineData(@"D:\a|D:\NetConf\longer", 32767, "Read", @"D:\NetConf\longer", 3)]               // grew once: read again
        [InlineData(@"D:\a|D:\abcdef|D:\abcdefghijklmnop", 32767, "Unreadable", null, 3)]              // grew twice: said so
        [InlineData(@"D:\a|L40000", 32767, "TooLong", null, 2)]                                        // grew past the bound
        [InlineData(@"L40000", 32767, "TooLong", null, 1)]                                             // too long from the start
        [InlineData(@"D:\a|D:\abcdefgh", 5, "TooLong", null, 2)]                                       // grew past a small bound
        public void A_value_that_changes_between_the_size_and_the_read_is_read_again_once(string values, int max, string status, string text, int calls)
        {
            var each = values.Split('|');
            int call = 0;
            var got = HostPlatform.ReadRegistryString((byte[] data, ref int bytes, out int type) =>
            {
                string v = each[Math.Min(call, each.Length - 1)];
                call++;
                if (v.StartsWith("L", StringComparison.Ordinal) && int.TryParse(v.Substring(1), out int n)) v = new string('x', n);
                type = RegistryString.RegExpandSz;
                var raw = Encoding.Unicode.GetBytes(v + "\0");
                if (data == null || data.Length < raw.Length)
                {
                    bytes = raw.Length;
                    return data == null ? 0 : 234;
                }
                Array.Copy(raw, data, raw.Length);
                bytes = raw.Length;
                return 0;
            }, max);
            Assert.Equal(status, got.Status.ToString());
            Assert.Equal(text, got.Status == RegistryReadStatus.Read ? got.Text : null);
            Assert.Equal(calls, call);
            if (got.Status == RegistryReadStatus.Unreadable) Assert.Contains("the value changed while it was read", got.Detail, StringComparison.Ordinal);
        }
    }
}
