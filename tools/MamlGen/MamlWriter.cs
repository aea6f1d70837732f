using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace TeleportMcp.MamlGen
{
    /// <summary>Writes MAML in the element order PlatyPS uses (PowerShell/platyPS src/MamlWriter).</summary>
    public static class MamlWriter
    {
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static string Write(IEnumerable<CommandHelp> commands)
        {
            var sb = new StringBuilder();
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using (var sw = new Utf8StringWriter(sb))
            using (var w = XmlWriter.Create(sw, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("helpItems");
                w.WriteAttributeString("schema", "maml");
                w.WriteAttributeString("xmlns", "maml", null, Maml);
                w.WriteAttributeString("xmlns", "command", null, Command);
                w.WriteAttributeString("xmlns", "dev", null, Dev);
                foreach (var c in commands) WriteCommand(w, c);
                w.WriteEndElement();
                w.WriteEndDocument();
            }
            return sb.ToString();
        }

        private static void WriteCommand(XmlWriter w, CommandHelp c)
        {
            var parts = c.Name.Split(new[] { '-' }, 2);
            w.WriteStartElement("command", "command", Command);
            w.WriteStartElement("command", "details", Command);
            w.WriteElementString("command", "name", Command, c.Name);
            w.WriteElementString("command", "verb", Command, parts[0]);
            w.WriteElementString("command", "noun", Command, parts.Length > 1 ? parts[1] : "");
            Paras(w, "description", Maml, new[] { c.Synopsis });
            w.WriteEndElement();
            Paras(w, "description", Maml, c.Description);

            w.WriteStartElement("command", "syntax", Command);
            foreach (var set in SetNames(c))
            {
                w.WriteStartElement("command", "syntaxItem", Command);
                w.WriteElementString("maml", "name", Maml, c.Name);
                var inSet = c.Parameters
                    .Select(p => (p, u: p.Sets.FirstOrDefault(s => s.SetName == set) ?? p.Sets.FirstOrDefault(s => s.SetName == "(All)")))
                    .Where(x => x.u != null)
                    .OrderBy(x => x.u.Position == "named" ? int.MaxValue : int.Parse(x.u.Position, CultureInfo.InvariantCulture))
                    .ToList();
                foreach (var (p, u) in inSet) WriteParameter(w, p, u);
                w.WriteEndElement();
            }
            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", Command);
            foreach (var p in c.Parameters) WriteParameter(w, p, p.Sets.FirstOrDefault());
            w.WriteEndElement();

            WriteTypes(w, "inputTypes", "inputType", c.Inputs);
            WriteTypes(w, "returnValues", "returnValue", c.Outputs);

            w.WriteStartElement("maml", "alertSet", Maml);
            w.WriteStartElement("maml", "alert", Maml);
            foreach (var n in c.Notes) w.WriteElementString("maml", "para", Maml, n);
            w.WriteEndElement();
            w.WriteEndElement();

            w.WriteStartElement("command", "examples", Command);
            int i = 0;
            foreach (var e in c.Examples)
            {
                i++;
                w.WriteStartElement("command", "example", Command);
                var title = e.Title.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? e.Title : "Example " + i + ": " + e.Title;
                w.WriteElementString("maml", "title", Maml, "--------- " + title + " ---------");
                w.WriteElementString("dev", "code", Dev, e.Code);
                w.WriteStartElement("dev", "remarks", Dev);
                foreach (var r in e.Remarks) w.WriteElementString("maml", "para", Maml, r);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();

            // Windows PowerShell 5.1 mishandles a first related link without an absolute URI: write the online
            // version first when there is one, and only links with a URI or to other cmdlets after it.
            w.WriteStartElement("command", "relatedLinks", Command);
            bool haveFirst = false;
            if (!string.IsNullOrEmpty(c.OnlineVersion) && Uri.IsWellFormedUriString(c.OnlineVersion, UriKind.Absolute))
            {
                Link(w, "Online Version:", c.OnlineVersion);
                haveFirst = true;
            }
            foreach (var l in c.Links)
            {
                if (!haveFirst && !Uri.IsWellFormedUriString(l.Value, UriKind.Absolute)) continue;
                haveFirst = true;
                Link(w, l.Key, l.Value);
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }

        private static IEnumerable<string> SetNames(CommandHelp c)
        {
            var sets = c.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != "(All)").Distinct().ToList();
            return sets.Count == 0 ? new List<string> { "(All)" } : sets;
        }

        private static void WriteParameter(XmlWriter w, ParameterHelp p, ParameterSetUsage u)
        {
            w.WriteStartElement("command", "parameter", Command);
            w.WriteAttributeString("required", u != null && u.Required ? "true" : "false");
            w.WriteAttributeString("variableLength", "true");
            w.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
            w.WriteAttributeString("pipelineInput", string.IsNullOrEmpty(p.PipelineInput) ? "False" : p.PipelineInput);
            w.WriteAttributeString("position", u?.Position ?? "named");
            w.WriteAttributeString("aliases", string.IsNullOrEmpty(p.Aliases) ? "none" : p.Aliases);
            w.WriteElementString("maml", "name", Maml, p.Name);
            Paras(w, "description", Maml, p.Description);
            if (p.AcceptedValues.Count > 0)
            {
                w.WriteStartElement("command", "parameterValueGroup", Command);
                foreach (var v in p.AcceptedValues)
                {
                    w.WriteStartElement("command", "parameterValue", Command);
                    w.WriteAttributeString("required", "false");
                    w.WriteAttributeString("command", "variableLength", Command, "false");
                    w.WriteString(v);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            if (!p.IsSwitch)
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", "true");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(p.Type);
                w.WriteEndElement();
            }
            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, p.Type);
            w.WriteElementString("maml", "uri", Maml, "");
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", Dev, string.IsNullOrEmpty(p.DefaultValue) ? "None" : p.DefaultValue);
            w.WriteEndElement();
        }

        private static void WriteTypes(XmlWriter w, string outer, string inner, List<TypeHelp> types)
        {
            w.WriteStartElement("command", outer, Command);
            foreach (var t in types)
            {
                w.WriteStartElement("command", inner, Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, t.Name);
                w.WriteEndElement();
                Paras(w, "description", Maml, t.Description);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void Link(XmlWriter w, string text, string uri)
        {
            w.WriteStartElement("maml", "navigationLink", Maml);
            w.WriteElementString("maml", "linkText", Maml, text);
            w.WriteElementString("maml", "uri", Maml, uri ?? "");
            w.WriteEndElement();
        }

        private static void Paras(XmlWriter w, string element, string ns, IEnumerable<string> paras)
        {
            w.WriteStartElement("maml", element, ns);
            foreach (var p in paras) w.WriteElementString("maml", "para", Maml, p);
            w.WriteEndElement();
        }

        private sealed class Utf8StringWriter : StringWriter
        {
            public Utf8StringWriter(StringBuilder sb) : base(sb, CultureInfo.InvariantCulture) { }
            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }
}
