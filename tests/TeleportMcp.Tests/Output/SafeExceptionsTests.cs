#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Output
{
    /// <summary>An exception leaving the module says only what is safe, and keeps its type (and, where it can, itself).</summary>
    public class SafeExceptionsTests
    {
        /// <summary>An exception whose message cannot be set in place and that has no constructor taking one.</summary>
        private sealed class FixedMessage : Exception
        {
            public override string Message => "fixed";
        }

        public static IEnumerable<object[]> Cases()
        {
            // (the exception, the type expected, whether it is the same object)
            yield return new object[] { new IOException("old"), typeof(IOException), true };
            yield return new object[] { new ArgumentException("old"), typeof(ArgumentException), true };
            yield return new object[] { new FixedMessage(), typeof(InvalidOperationException), false };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Says_the_new_message_keeping_the_type_where_it_can(Exception e, Type expected, bool same)
        {
            var safe = SafeExceptions.WithMessage(e, "new");
            Assert.Equal("new", safe.Message);
            Assert.IsType(expected, safe);
            Assert.Equal(same, ReferenceEquals(e, safe));
        }

        [Fact]
        public void Makes_every_message_of_the_chain_safe()
        {
            var inner2 = new IOException("bell \a here");
            var inner1 = new InvalidOperationException("escape \u001b[31m red", inner2);
            var outer = new InvalidDataException("outer \a", inner1);
            OutputSanitizer.SanitizeException(outer);
            Assert.Equal(OutputText.Safe("outer \a"), outer.Message);
            Assert.Equal(OutputText.Safe("escape \u001b[31m red"), inner1.Message);
            Assert.Equal(OutputText.Safe("bell \a here"), inner2.Message);
            Assert.DoesNotContain('\u001b', inner1.Message);
            Assert.DoesNotContain('\a', inner2.Message);
        }

        [Fact]
        public void Walks_a_bounded_chain()
        {
            Exception e = new IOException("deep \a");
            var deepest = e;
            for (int i = 0; i < SafeExceptions.MaxDepth + 2; i++) e = new InvalidOperationException("level \a", e);
            OutputSanitizer.SanitizeException(e);
            Assert.Contains('\a', deepest.Message);
            Assert.DoesNotContain('\a', e.InnerException!.Message);
        }
    }
}
