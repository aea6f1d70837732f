using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// The command ssh makes of a ProxyJump setting to reach its last hop (ssh.c: "ssh [-l user] [-p port] [-J the other
    /// hops] [-F file] -W '[%h]:%p' host"), as <c>ssh -G -v</c> states it. ssh writes that line before it prints its settings,
    /// so the hop's user, port and host are taken as ssh itself took them (a URL-decoded user may hold a ','), not by reading
    /// the printed ProxyJump again.
    /// </summary>
    public sealed class ProxyJumpCommand
    {
        /// <summary>What <c>ssh -v</c> writes before the command (ssh.c, debug()).</summary>
        public const string Announcement = "Setting implicit ProxyCommand from ProxyJump: ";

        private const string ForwardToken = "'[%h]:%p'";

        private ProxyJumpCommand(string host) => Host = host;

        /// <summary>The last hop: the host this ssh connects to (through <see cref="Jump"/>, if any).</summary>
        public string Host { get; }

        public string? User { get; private set; }

        public string? Port { get; private set; }

        /// <summary>The hops before the last, given as -J; null when the last hop is the first.</summary>
        public string? Jump { get; private set; }

        public string? ConfigFile { get; private set; }

        /// <summary>
        /// The command in <paramref name="verboseOutput"/> (ssh -G -v's standard error); null when ssh states none, or when one
        /// of its words would not reach that ssh as written: ssh runs the command through the user's shell (sshconnect.c,
        /// $SHELL -c "exec ..."), which would read a '$', a quote, a space or a '[' (a glob) first.
        /// </summary>
        public static ProxyJumpCommand? Find(string? verboseOutput)
        {
            foreach (var raw in (verboseOutput ?? "").Split('\n'))
            {
                int at = raw.IndexOf(Announcement, StringComparison.Ordinal);
                if (at < 0) continue;
                var words = raw.Substring(at + Announcement.Length).TrimEnd('\r').Split(' ');
                if (words.Length < 2 || words.Any(w => w.Length == 0)) return null;
                var host = words[words.Length - 1];
                if (!ShellReadsAsWritten(host)) return null;
                var command = new ProxyJumpCommand(host);
                // words[0] is ssh itself.
                for (int i = 1; i < words.Length - 1; i++)
                {
                    string word = words[i];
                    if (word.Length > 1 && word[0] == '-' && word.Skip(1).All(c => c == 'v')) continue;
                    if (word == "-W" && i + 1 < words.Length - 1 && words[i + 1] == ForwardToken)
                    {
                        i++;
                        continue;
                    }
                    if (i + 1 >= words.Length - 1 || !ShellReadsAsWritten(words[i + 1])) return null;
                    string value = words[++i];
                    switch (word)
                    {
                        case "-l":
                            command.User = value;
                            break;
                        case "-p":
                            if (!value.All(c => c >= '0' && c <= '9')) return null;
                            command.Port = value;
                            break;
                        case "-J":
                            command.Jump = value;
                            break;
                        case "-F":
                            command.ConfigFile = value;
                            break;
                        default:
                            return null;
                    }
                }
                return command;
            }
            return null;
        }

        /// <summary>
        /// Whether the shell passes <paramref name="word"/> on as written: letters, digits and - . _ @ : , / = + only (no
        /// brackets: an unquoted "[::1]:22" is a glob pattern).
        /// </summary>
        public static bool ShellReadsAsWritten(string? word) =>
            !string.IsNullOrEmpty(word) && word!.All(c => char.IsLetterOrDigit(c) || "-._@:,/=+".IndexOf(c) >= 0);

        /// <summary>
        /// The arguments of <c>ssh -G</c> for the last hop, as this command gives them (none of New-PSSession's -o options), with
        /// -W to the host it leads to, so Match sessiontype sees "none".
        /// </summary>
        public List<string> SettingsArguments(string nextHost, int nextPort)
        {
            var args = new List<string> { "-G" };
            if (User != null) args.Add(Platform.ChildArguments.Getopt('l', User));
            if (Port != null) args.Add(Platform.ChildArguments.Getopt('p', Port));
            if (Jump != null) args.Add(Platform.ChildArguments.Getopt('J', Jump));
            if (ConfigFile != null) args.Add(Platform.ChildArguments.Getopt('F', ConfigFile));
            args.Add(Platform.ChildArguments.Getopt('W', "[" + nextHost + "]:" + nextPort.ToString(CultureInfo.InvariantCulture)));
            args.Add("--");
            args.Add(Host);
            return args;
        }
    }
}
