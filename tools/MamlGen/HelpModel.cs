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
        public string Name;
        public string Synopsis;
        public List<string> Description = new List<string>();
        public List<ExampleHelp> Examples = new List<ExampleHelp>();
        public List<ParameterHelp> Parameters = new List<ParameterHelp>();
        public List<TypeHelp> Inputs = new List<TypeHelp>();
        public List<TypeHelp> Outputs = new List<TypeHelp>();
        public List<string> Notes = new List<string>();
        public List<KeyValuePair<string, string>> Links = new List<KeyValuePair<string, string>>();
        public string OnlineVersion;
    }

    public sealed class ExampleHelp
    {
        public string Title;
        public string Code;
        public List<string> Remarks = new List<string>();
    }

    public sealed class ParameterSetUsage
    {
        public string SetName; // "(All)" for every set
        public bool Required;
        public string Position; // "named" or a number
    }

    public sealed class ParameterHelp
    {
        public string Name;
        public List<string> Description = new List<string>();
        public string Type;
        public string Aliases;
        public List<string> AcceptedValues = new List<string>();
        public string DefaultValue;
        public string PipelineInput;
        public bool Globbing;
        public List<ParameterSetUsage> Sets = new List<ParameterSetUsage>();
        public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class TypeHelp
    {
        public string Name;
        public List<string> Description = new List<string>();
    }
}
