using System;
using System.IO;

namespace TeleportMcp.MamlGen
{
    /// <summary>Command line: MamlGen &lt;markdown folder&gt; &lt;output MAML file&gt;.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: MamlGen <folder with PlatyPS markdown> <output -Help.xml>");
                return 2;
            }
            try
            {
                var docs = MarkdownHelpReader.ReadFolder(args[0]);
                var xml = MamlWriter.Write(docs);
                File.WriteAllText(args[1], xml, new System.Text.UTF8Encoding(false));
                Console.WriteLine("MamlGen: " + docs.Count + " cmdlets -> " + args[1]);
                return 0;
            }
            catch (HelpFormatException e)
            {
                Console.Error.WriteLine("MamlGen: " + e.Message);
                return 1;
            }
        }
    }
}
