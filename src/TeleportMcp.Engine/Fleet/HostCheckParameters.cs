using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace TeleportMcp.Engine.Fleet
{
    /// <summary>
    /// What each host's Test-TeleportMcpApp runs with: the module's remote script splats these parameters there, so each
    /// key is a parameter of Test-TeleportMcpApp. Test-TeleportMcpApp and Invoke-TeleportMcpDiagnosis both build them here.
    /// </summary>
    public sealed class HostCheckParameters
    {
        public const string TimeoutSecName = "TimeoutSec";
        public const string LaunchName = "Launch";
        public const string CheckTlsName = "CheckTls";
        public const string EnvironmentName = "Environment";
        public const string HeaderName = "Header";

        /// <summary>Every key <see cref="ToHashtable"/> can give.</summary>
        public static IReadOnlyList<string> Names { get; } = new[] { TimeoutSecName, LaunchName, CheckTlsName, EnvironmentName, HeaderName };

        /// <summary>One app's time limit on the host, in seconds; always sent, so the host never falls back to its own default.</summary>
        public int TimeoutSec { get; set; } = 30;

        public bool Launch { get; set; }
        public bool CheckTls { get; set; }

        /// <summary>The admin's -Environment as given; the host reads its values as the local run would.</summary>
        public IDictionary? Environment { get; set; }

        public IList<string>? Header { get; set; }

        /// <summary>The parameters to splat on the host: the time limit, each switch only when on, the environment and headers only when given.</summary>
        public Hashtable ToHashtable()
        {
            var parameters = new Hashtable { [TimeoutSecName] = TimeoutSec };
            if (Launch) parameters[LaunchName] = true;
            if (CheckTls) parameters[CheckTlsName] = true;
            if (Environment != null) parameters[EnvironmentName] = Environment;
            if (Header != null) parameters[HeaderName] = Header.ToArray();
            return parameters;
        }
    }
}
