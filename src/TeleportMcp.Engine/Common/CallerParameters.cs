using System;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// A parameter an engine text may tell the user to give, with the command of this module that has it (null: a text
    /// about it is only for a cmdlet that has it, as -Quiet's answer).
    /// </summary>
    public sealed class OfferedParameter
    {
        private OfferedParameter(string name, string? command)
        {
            Name = name;
            Command = command;
        }

        public string Name { get; }

        /// <summary>The command a user of a cmdlet without the parameter runs instead, written before it ("Test-TeleportMcpApp -Launch").</summary>
        public string? Command { get; }

        // The probe sends supplied headers only when it runs: the command that takes them launches.
        public static readonly OfferedParameter Header = new OfferedParameter("Header", "Test-TeleportMcpApp -Launch");
        public static readonly OfferedParameter CheckTls = new OfferedParameter("CheckTls", "Test-TeleportMcpApp");
        public static readonly OfferedParameter SkipSession = new OfferedParameter("SkipSession", "Test-TeleportMcpClient");
        public static readonly OfferedParameter Quiet = new OfferedParameter("Quiet", null);

        /// <summary>Every parameter offered (a test checks each command has it).</summary>
        public static IReadOnlyList<OfferedParameter> All { get; } = new[] { Header, CheckTls, SkipSession, Quiet };
    }

    /// <summary>
    /// The parameters of the cmdlet an engine use case runs for. An engine text several cmdlets reach names a parameter
    /// only when the running cmdlet has it, and otherwise the command that has it (Invoke-TeleportMcpDiagnosis has no
    /// -Header: its text says Test-TeleportMcpApp -Launch -Header), or leaves the clause out.
    /// </summary>
    public sealed class CallerParameters
    {
        private readonly HashSet<string> _names;

        public CallerParameters(string cmdlet, IEnumerable<string> parameters)
        {
            Cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _names = new HashSet<string>(parameters ?? throw new ArgumentNullException(nameof(parameters)), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>A caller whose parameters are not known: every text names the command that has the parameter, which holds for any caller.</summary>
        public static CallerParameters None { get; } = new CallerParameters("", Enumerable.Empty<string>());

        public string Cmdlet { get; }

        public bool Has(OfferedParameter parameter) => parameter != null && _names.Contains(parameter.Name);

        /// <summary>"-Header" when the caller has it; otherwise the command that has it ("Test-TeleportMcpApp -Launch -Header").</summary>
        public string Give(OfferedParameter parameter)
        {
            if (parameter == null) throw new ArgumentNullException(nameof(parameter));
            string written = "-" + parameter.Name;
            if (Has(parameter)) return written;
            if (parameter.Command == null) throw new InvalidOperationException(parameter.Name + " is named only by a cmdlet that has it (Own)");
            return parameter.Command + " " + written;
        }

        /// <summary>"-Quiet" when the caller has it; null otherwise (the text about it is left out).</summary>
        public string? Own(OfferedParameter parameter) => Has(parameter) ? "-" + parameter.Name : null;
    }
}
