using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using Xunit;

namespace TeleportMcp.Tests.Hostile
{
    /// <summary>Every public property of an exception the module hands on is redacted and escaped, computed ones too.</summary>
    public class ExceptionSanitizingTests
    {
        private const string Token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        private const string Hostile = Token + "\u001b[2J\u0007\r";

        public static IEnumerable<object[]> Exceptions()
        {
            yield return new object[] { new TeleportNotFoundException("UserNotFound", "user \"" + Hostile + "\" was not found", Hostile) };
            yield return new object[] { new TeleportInputException("YamlSyntax", "bad " + Hostile, new SourceLocation("/tmp/" + Hostile + ".yaml", 3, 4)) { LineText = "name: " + Hostile } };
            yield return new object[] { new TeleportInputException("X", "m", null) { TargetName = Hostile, TargetObject = new[] { Hostile } } };
            yield return new object[] { new TeleportReadException("AuditReadError", "cannot read", "/tmp/" + Hostile, new FileNotFoundException("gone " + Hostile, "/tmp/" + Hostile)) };
            var withData = new InvalidDataException("outer", new IOException(Hostile));
            withData.Data["line"] = Hostile;
            yield return new object[] { withData };
            yield return new object[] { new AggregateException(new ArgumentException(Hostile, Hostile)) };
        }

        [Theory]
        [MemberData(nameof(Exceptions))]
        public void No_public_property_holds_a_raw_secret_or_control_character(Exception e)
        {
            OutputSanitizer.SanitizeException(e);
            var texts = new List<string>();
            Collect(e, texts, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
            Assert.NotEmpty(texts);
            Assert.Contains(texts, t => t.Contains(Redactor.Mask, StringComparison.Ordinal));
            foreach (var t in texts)
            {
                Assert.DoesNotContain(Token, t, StringComparison.Ordinal);
                Assert.False(ControlCharacters.Contains(t), "raw control character in: " + ControlCharacters.Escape(t));
            }
            Assert.IsAssignableFrom<Exception>(e);
        }

        [Fact]
        public void The_exception_keeps_its_type_and_a_safe_text_is_left_as_it_is()
        {
            var e = new FileNotFoundException("plain message", "/tmp/plain.txt");
            OutputSanitizer.SanitizeException(e);
            Assert.Equal("plain message", e.Message);
            Assert.Equal("/tmp/plain.txt", e.FileName);
            var n = new TeleportNotFoundException("UserNotFound", "m", Hostile);
            OutputSanitizer.SanitizeException(n);
            Assert.Equal(Redactor.Mask + "\\x1B[2J\\x07\\x0D", n.Target);
        }

        private static void Collect(object value, List<string> texts, HashSet<object> seen, int depth)
        {
            if (value == null || depth > 8) return;
            if (value is string s) { texts.Add(s); return; }
            if (value is ValueType || value is MemberInfo || !seen.Add(value)) return;
            if (value is IDictionary d)
            {
                foreach (DictionaryEntry entry in d) { Collect(entry.Key, texts, seen, depth + 1); Collect(entry.Value, texts, seen, depth + 1); }
                return;
            }
            if (value is IEnumerable items) { foreach (var i in items) Collect(i, texts, seen, depth + 1); return; }
            foreach (var p in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0))
            {
                object v;
                try { v = p.GetValue(value); }
                catch (TargetInvocationException) { continue; }
                Collect(v, texts, seen, depth + 1);
            }
        }
    }
}
