using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Transport;

namespace TeleportMcp.Parameters
{
    /// <summary>
    /// A -User of names (TeleportMcp.UserChoice) that takes what names a user (the engine's <see cref="PipedUser"/> rule,
    /// <see cref="Choice.UserName"/>): an object it refuses (a file, a hashtable without User, a list inside the list)
    /// becomes a refused choice carrying the reason, never a binding error: the command reports it as that item's error
    /// (PipedObjectNotUser), goes on with the others, and its verdict knows something given was not examined.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class UserNameTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The parameter's alias is Name: an object's Name names a user too (<see cref="PipedUser.NameOf(IInputObject, bool)"/>).</summary>
        public bool NameProperty { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var raw = PlainValues.Base(inputData);
            if (raw is IList list && !(raw is IDictionary))
            {
                // One level: an array of names or objects. A list inside it (or a list holding itself) is not a user.
                var names = new List<object>(list.Count);
                foreach (var item in list) names.Add(NameOf(item, nested: true, NameProperty));
                return names.ToArray();
            }
            return NameOf(inputData, nested: false, NameProperty);
        }

        private static object NameOf(object inputData, bool nested, bool nameProperty)
        {
            var raw = PlainValues.Base(inputData);
            if (raw == null) return null;
            if (nested && raw is IList && !(raw is IDictionary))
                return UserChoice.Refused(PSInputObject.Of(inputData), Choice.NestedList("-User", PipedUser.NotAUserCode, inputData));
            return Choice.UserName(PSInputObject.Of(inputData), nameProperty);
        }
    }
}
