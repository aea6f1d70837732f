namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// An object that passed every string it returns through <see cref="OutputText.Safe"/> itself (when it made the
    /// string): the output boundary need not walk it. Made for objects written by the hundred thousand whose fields are
    /// read lazily (an audit event); walking them would read every field of every one.
    /// </summary>
    public interface IOutputSafe
    {
        /// <summary>True while every string of the object went through the rule; false once code changed a field.</summary>
        bool IsOutputSafe { get; }
    }
}
