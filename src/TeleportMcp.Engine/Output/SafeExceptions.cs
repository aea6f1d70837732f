using System;
using System.Reflection;

namespace TeleportMcp.Engine.Output
{
    /// <summary>
    /// An exception on its way out of the module, with what it says made safe (<see cref="OutputText"/>): its message
    /// replaced where it stands, so it keeps its type and data; the module's own exceptions' properties (tctl's stderr, a
    /// command line) and the messages of the exceptions inside it too.
    /// </summary>
    public static class SafeExceptions
    {
        /// <summary>How deep the chain of inner exceptions is walked.</summary>
        public const int MaxDepth = 8;

        /// <summary>
        /// Makes the chain under <paramref name="e"/> safe in place (<see cref="OutputSanitizer.SanitizeException"/>: every
        /// text an exception in it holds, inner and aggregated ones included). The outer message is the caller's (<see cref="WithMessage"/>).
        /// </summary>
        public static void SanitizeChain(Exception? e) => OutputSanitizer.SanitizeException(e);

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
