using System;
using System.Reflection;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// An exception on its way out of the module saying a safe message (<see cref="OutputText"/>): replaced where it
    /// stands, so it keeps its type and data. The rest of its chain is made safe by <see cref="OutputSanitizer.SanitizeException"/>.
    /// </summary>
    public static class SafeExceptions
    {
        /// <summary>How deep the chain of inner exceptions is walked (<see cref="OutputSanitizer.SanitizeException"/>).</summary>
        public const int MaxDepth = 8;

        /// <summary>
        /// <paramref name="e"/> saying <paramref name="message"/>: the same exception with its message replaced where that
        /// works, else a new one of its type (a constructor taking the message), else an InvalidOperationException.
        /// </summary>
        public static Exception WithMessage(Exception e, string message)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            return Replace(e, message) ?? SameKind(e, message);
        }

        /// <summary>Replaces the message in place (System.Exception._message); null when the runtime does not allow it.</summary>
        private static Exception? Replace(Exception e, string message)
        {
            if (e.Message == message) return e;
            var field = typeof(Exception).GetField("_message", BindingFlags.Instance | BindingFlags.NonPublic);
            if (field == null) return null;
            try
            {
                field.SetValue(e, message);
                return e.Message == message ? e : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static Exception SameKind(Exception e, string message)
        {
            try
            {
                if (e.GetType().GetConstructor(new[] { typeof(string) }) != null)
                    return (Exception)Activator.CreateInstance(e.GetType(), message)!;
            }
            catch (Exception)
            {
                // Fall through to a plain exception with the safe message.
            }
            return new InvalidOperationException(message);
        }
    }
}
