#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

// Instance members on purpose: the walk is tested on what an object the run makes brings (its getters, its interface methods).
#pragma warning disable CA1822

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// Roots and helpers for <see cref="CmdletNameTests.TheWalkReachesByCallAndNotByFile"/>: each text starting with '-' names
    /// how it is reached (or, "-Unreached", that nothing reaches it). All in one file on purpose: a tie by file would reach them all.
    /// </summary>
    internal static class ReachFixture
    {
        [AttributeUsage(AttributeTargets.Property)]
        internal sealed class Checked : Attribute
        {
            public Checked(string text) => Text = text;

            public string Text { get; }
        }

        internal interface ISays
        {
            string Say();
        }

        internal sealed class Implementation : ISays
        {
            public string Say() => "-Virtual";
        }

        internal sealed class Other : ISays
        {
            public string Say() => "-Unreached";
        }

        internal sealed class Result
        {
            public string Message => "-Getter";
        }

        internal static class Table
        {
            public static readonly Func<string>[] Rules = { () => "-Table" };
        }

        internal static class Helper
        {
            public static string Direct() => "-Direct";

            public static IEnumerable<string> Lines()
            {
                yield return "-Iterator";
            }

            public static string Unreached() => "-Unreached";
        }

        internal sealed class First
        {
            [Checked("-Attribute")] public string? Name { get; set; }

            public IEnumerable<object> Run()
            {
                ISays says = new Implementation();
                Func<string> lambda = () => "-Lambda";
                return new object[] { Helper.Direct(), Table.Rules[0](), says.Say(), Helper.Lines().First(), new Result(), lambda() };
            }
        }

        internal sealed class Second
        {
            public string Run() => Helper.Direct() + "-Second";
        }
    }
}
