using System;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Transport;

namespace TeleportMcp.Initialization
{
    /// <summary>
    /// PowerShell's conversion of text to App.Origin and ClientCheck.Scope (the module's type data names it for those two
    /// enums): the spellings the releases before the enums wrote still name a value, so <c>Where-Object Origin -eq
    /// 'teleport.yaml'</c>, <c>-eq 'app_server'</c> and <c>[TeleportMcp.AppOrigin]'app_server'</c> work as they did. Which
    /// text names which value is Engine.Resources.EnumSpellings'; text it does not read is left to PowerShell's own
    /// conversion (a number, or an unknown name that fails as before).
    /// </summary>
    public sealed class EnumSpellingConverter : PSTypeConverter
    {
        public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
            EnumSpellings.TryRead(destinationType, Text(sourceValue), out _);

        public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
        {
            if (EnumSpellings.TryRead(destinationType, Text(sourceValue), out var value)) return value;
            throw new PSInvalidCastException("'" + Engine.Output.OutputText.Safe(Text(sourceValue) ?? "") + "' is not one of " + EnumSpellings.Accepted(destinationType) + ".");
        }

        // Only conversions to the enum are ours; from it PowerShell's own (the name, the number) stay.
        public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

        public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
            throw new PSInvalidCastException("TeleportMcp converts text to " + destinationType + ", not " + destinationType + " to other types.");

        private static string Text(object value) => PlainValues.Base(value) as string;
    }
}
