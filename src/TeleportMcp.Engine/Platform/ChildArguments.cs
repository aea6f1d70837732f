using System;

namespace TeleportMcp.Engine.Platform
{
    /// <summary>
    /// The one way an option with a value is written into a child's argument list (tctl, tsh, ssh, runuser, sudo): attached
    /// to its flag, so that a value starting with '-' (an -AuthServer of '--insecure', a tool entry '-rf') stays the
    /// option's value and is never read as another flag.
    /// </summary>
    public static class ChildArguments
    {
        /// <summary>
        /// "--name=value" for a kingpin program (tctl, tsh): its lexer gives the text after the first '=' to the flag as its
        /// argument, whatever it starts with, and an empty text is an empty value.
        /// </summary>
        // alecthomas/kingpin v2 and gravitational/kingpin parser.go ParseContext.Next ("--" prefix: SplitN on "=", the rest pushed as TokenArg), flags.go flagGroup.parse.
        public static string Kingpin(string longName, string? value) => "--" + longName + "=" + (value ?? "");

        /// <summary>
        /// "-xvalue" for a getopt program (ssh, runuser, sudo): the rest of the word is the option's argument. An empty value
        /// has no attached form (getopt would take the next word instead), so it is refused.
        /// </summary>
        // POSIX getopt(3): "the option requires an argument ... in the same argv-element"; OpenSSH ssh.c, util-linux runuser and sudo parse with getopt(_long).
        public static string Getopt(char option, string value)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("-" + option + " needs a value; an empty one would make the next argument its value", nameof(value));
            return "-" + option + value;
        }
    }
}
