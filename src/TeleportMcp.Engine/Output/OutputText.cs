namespace TeleportMcp.Engine.Output
{
    /// <summary>What every string the module writes goes through: secrets redacted, control characters escaped.</summary>
    public static class OutputText
    {
        public static string Safe(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            return ControlCharacters.Escape(Redactor.Redact(text));
        }
    }
}
