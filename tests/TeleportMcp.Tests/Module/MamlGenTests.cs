using System;
using System.Linq;
using System.Xml.Linq;
using TeleportMcp.MamlGen;
using Xunit;

namespace TeleportMcp.Tests.Module
{
    public class MamlGenTests
    {
        private const string Valid = @"---
external help file: TeleportMcp.PowerShell.dll-Help.xml
Module Name: TeleportMcp
online version: https://example.com/Get-Thing.md
schema: 2.0.0
---

# Get-Thing

## SYNOPSIS
Gets things.

## SYNTAX

### A (Default)
```
Get-Thing [-Name] <String> [<CommonParameters>]
```

## DESCRIPTION
First paragraph
continues here.

Second paragraph.

## EXAMPLES

### Example 1: Get one
```powershell
Get-Thing -Name x | Format-List
```

Shows <one> & more.

## PARAMETERS

### -Name
The name.

```yaml
Type: String
Parameter Sets: A
Aliases: N

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -Mode
The mode.

```yaml
Type: String
Parameter Sets: (All)
Aliases:
Accepted values: Fast, Slow

Required: False
Position: Named
Default value: Fast
Accept pipeline input: False
Accept wildcard characters: False
```

### -Force
Forces.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
Common.

## INPUTS

### System.String
Names.

## OUTPUTS

### TeleportMcp.Thing
A thing.

## NOTES
A note.

## RELATED LINKS

[Other-Thing](Other-Thing.md)
";

        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Cmd = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        [Fact]
        public void ConvertsPlatyPsMarkdownToMaml()
        {
            var help = MarkdownHelpReader.Read(Valid, "Get-Thing.md");
            var doc = XDocument.Parse(MamlWriter.Write(new[] { help }));
            var command = doc.Root.Element(Cmd + "command");
            Assert.Equal("Get-Thing", command.Element(Cmd + "details").Element(Cmd + "name").Value);
            Assert.Equal("Gets things.", command.Element(Cmd + "details").Element(Maml + "description").Value);
            Assert.Equal(new[] { "First paragraph continues here.", "Second paragraph." },
                command.Element(Maml + "description").Elements(Maml + "para").Select(p => p.Value));
            var parameters = command.Element(Cmd + "parameters").Elements(Cmd + "parameter").ToList();
            Assert.Equal(new[] { "Name", "Mode", "Force" }, parameters.Select(p => p.Element(Maml + "name").Value));
            Assert.Equal("true", parameters[0].Attribute("required").Value);
            Assert.Equal("0", parameters[0].Attribute("position").Value);
            Assert.Equal("True (ByPropertyName)", parameters[0].Attribute("pipelineInput").Value);
            Assert.Equal("N", parameters[0].Attribute("aliases").Value);
            Assert.Equal(new[] { "Fast", "Slow" }, parameters[1].Element(Cmd + "parameterValueGroup").Elements().Select(e => e.Value));
            Assert.Null(parameters[2].Element(Cmd + "parameterValue"));
            var syntax = command.Element(Cmd + "syntax").Elements(Cmd + "syntaxItem").Single();
            Assert.Equal(new[] { "Name", "Mode", "Force" }, syntax.Elements(Cmd + "parameter").Select(p => p.Element(Maml + "name").Value));
            var example = command.Element(Cmd + "examples").Element(Cmd + "example");
            Assert.Equal("--------- Example 1: Get one ---------", example.Element(Maml + "title").Value);
            Assert.Equal("Get-Thing -Name x | Format-List", example.Element(Dev + "code").Value);
            Assert.Equal("Shows <one> & more.", example.Element(Dev + "remarks").Element(Maml + "para").Value);
            Assert.Equal("TeleportMcp.Thing", command.Element(Cmd + "returnValues").Descendants(Maml + "name").First().Value);
            var links = command.Element(Cmd + "relatedLinks").Elements().ToList();
            Assert.Equal("https://example.com/Get-Thing.md", links[0].Element(Maml + "uri").Value);
            Assert.Equal("Other-Thing", links[1].Element(Maml + "linkText").Value);
        }

        [Theory]
        [InlineData("external help file: TeleportMcp.PowerShell.dll-Help.xml", "external help file: Other.dll-Help.xml", "external help file")]
        [InlineData("## NOTES", "## NOTE", "missing section '## NOTES'")]
        [InlineData("# Get-Thing", "# Get-Other", "does not match the file name")]
        [InlineData("Gets things.", "{{ Fill in the Synopsis }}", "placeholder")]
        [InlineData("Type: SwitchParameter", "Kind: SwitchParameter", "has no yaml block with its Type")]
        public void RefusesBrokenHelp(string find, string replace, string message)
        {
            var e = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Read(Valid.Replace(find, replace), "Get-Thing.md"));
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
    }
}
