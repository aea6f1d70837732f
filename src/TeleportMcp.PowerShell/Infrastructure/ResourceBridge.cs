using System.Collections.Generic;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>Calls the engine's resource reader and returns module types only.</summary>
    internal static class ResourceBridge
    {
        internal sealed class Item
        {
            public object Output;
            public string Kind;
            public string Level;
            public string Code;
            public string Message;
            public string Location;
        }

        public static IEnumerable<Item> ReadFile(string path) => Map(ResourceReader.ReadFile(path));

        public static IEnumerable<Item> ReadText(string text, string source) => Map(ResourceReader.ReadText(text, source));

        /// <summary>All resources of the given files, diagnostics dropped (for cmdlets that take -Path as a convenience).</summary>
        public static List<object> ReadResources(IEnumerable<string> files, List<Item> problems)
        {
            var result = new List<object>();
            foreach (var f in files)
                foreach (var item in ReadFile(f))
                {
                    if (item.Output != null) result.Add(item.Output);
                    else problems?.Add(item);
                }
            return result;
        }

        private static IEnumerable<Item> Map(IEnumerable<ResourceReadItem> items)
        {
            foreach (var i in items)
            {
                if (i.Resource != null)
                {
                    var output = ResourceMapper.ToOutput(i.Resource);
                    if (output != null) yield return new Item { Output = output, Kind = i.Resource.Kind };
                }
                else
                {
                    var d = i.Diagnostic;
                    yield return new Item { Level = d.Level.ToString(), Code = d.Code, Message = d.Message, Location = d.Location?.ToString() };
                }
            }
        }
    }
}
