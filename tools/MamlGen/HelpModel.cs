using System;
using System.Collections.Generic;

namespace TeleportMcp.MamlGen
{
    public sealed class HelpFormatException : Exception
    {
        public HelpFormatException(string file, int line, string message)
            : base(file + (line > 0 ? ":" + line : "") + ": " + message) { }
    }

    public sealed class CommandHelp
    {
        public string Name { get; set; }
        public string Synopsis { get; set; }
        public List<string> Description { get; set; } = new List<string>();
        public List<ExampleHelp> Examples { get; set; } = new List<ExampleHelp>();
        public List<ParameterHelp> Parameters { get; set; } = new List<ParameterHelp>();
        public List<TypeHelp> Inputs { get; set; } = new List<TypeHelp>();
        public List<TypeHelp> Outputs { get; set; } = new List<TypeHelp>();
        public List<string> Notes { get; set; } = new List<string>();
        public List<KeyValuePair<string, string>> Links { get; set; } = new List<KeyValuePair<string, string>>();
        public string OnlineVersion { get; set; }
    }

    public sealed class ExampleHelp
    {
        public string Title { get; set; }
        public string Code { get; set; }
        public List<string> Remarks { get; set; } = new List<string>();
    }

    public sealed class ParameterSetUsage
    {
        public string SetName { get; set; } // "(All)" for every set
        public bool Required { get; set; }
        public string Position { get; set; } // "named" or a number
    }

    public sealed class ParameterHelp
    {
        public string Name { get; set; }
        public List<string> Description { get; set; } = new List<string>();
        public string Type { get; set; }
        public string Aliases { get; set; }
        public List<string> AcceptedValues { get; set; } = new List<string>();
        public string DefaultValue { get; set; }
        public string PipelineInput { get; set; }
        public bool Globbing { get; set; }
        public List<ParameterSetUsage> Sets { get; set; } = new List<ParameterSetUsage>();
        public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class TypeHelp
    {
        public string Name { get; set; }
        public List<string> Description { get; set; } = new List<string>();
    }
}
