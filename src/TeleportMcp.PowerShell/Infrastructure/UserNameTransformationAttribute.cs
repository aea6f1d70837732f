using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Output;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Infrastructure
{
    /// <summary>
    /// A string[] -User that takes what names a user (the engine's <see cref="PipedUser"/> rule): a refused object
    /// (a file, a hashtable without User) is a binding error naming it, for that pipeline object only, instead of its
    /// text becoming a user name that matches nothing.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class UserNameTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var raw = inputData is PSObject p ? p.BaseObject : inputData;
            if (raw is IList list && !(raw is IDictionary))
            {
                // One level: an array of names or objects. A list inside it (or a list holding itself) is not a user.
                var names = new List<object>(list.Count);
                foreach (var item in list) names.Add(NameOf(item, nested: true));
                return names.ToArray();
            }
            return NameOf(inputData, nested: false);
        }

        private static object NameOf(object inputData, bool nested)
        {
            var raw = inputData is PSObject p ? p.BaseObject : inputData;
            if (raw == null || raw is string) return inputData;
            if (nested && raw is IList && !(raw is IDictionary))
                throw new ArgumentTransformationMetadataException("A list inside the list given to -User is not a user name; give names or user objects. [" + PipedUser.NotAUserCode + "]");
            try
            {
                return PipedUser.NameOf(PSInputObject.Of(inputData));
            }
            catch (TeleportInputException e)
            {
                // The binder shows this message as it is: made safe here (a file name may hold control characters).
                throw new ArgumentTransformationMetadataException(OutputText.Safe(e.Message) + " [" + e.Code + "]", e);
            }
        }
    }
}
