using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Common;
using TeleportMcp.Engine.Resources;
using TeleportMcp.Transport;

namespace TeleportMcp.Parameters
{
    /// <summary>
    /// Lets a parameter of a module type (Role, User, App, ...) accept the same object after it lost its type:
    /// Import-Clixml, remoting and jobs give Deserialized.TeleportMcp.* property bags, ConvertFrom-Json gives
    /// PSCustomObjects, and scripts write hashtables. Properties are copied by name; anything else is left for the
    /// binder to refuse. The copy rule is the engine's (<see cref="ResourceCopies"/>); this only binds.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ResourceTransformationAttribute : ArgumentTransformationAttribute
    {
        public ResourceTransformationAttribute(Type targetType)
        {
            TargetType = targetType;
        }

        public Type TargetType { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Transform(inputData, nested: false);

        private object Transform(object inputData, bool nested)
        {
            var unwrapped = PlainValues.Base(inputData);
            if (unwrapped == null || TargetType.IsInstanceOfType(unwrapped)) return inputData;
            if (unwrapped is IList list && !(unwrapped is IDictionary))
            {
                // One level: an array of objects or names. A list inside it (or a list holding itself) is refused, never walked:
                // a choice carries the refusal as that item's error; any other type leaves it to the binder.
                if (nested && TargetType == typeof(UserChoice)) return UserChoice.Refused(PSInputObject.Of(inputData), Choice.NestedList("-User", PipedUser.NotAUserCode, inputData));
                if (nested && TargetType == typeof(AppChoice)) return AppChoice.Refused(PSInputObject.Of(inputData), Choice.NestedList("-App", AppChoice.NotAnAppCode, inputData));
                if (nested && TargetType == typeof(RoleChoice)) return RoleChoice.Refused(PSInputObject.Of(inputData), Choice.NestedList("-Role", Choice.NotAnObjectCode<Role>(), inputData));
                if (nested) throw new ArgumentTransformationMetadataException("A list inside the list given for " + TargetType.Name + " is not one; give the objects or names themselves.");
                var result = new List<object>(list.Count);
                foreach (var item in list) result.Add(Transform(item, nested: true));
                return result.ToArray();
            }
            // A -User or -App that takes objects or names: whatever came is the engine's choice, read when it is used.
            if (TargetType == typeof(UserChoice)) return UserChoice.From(PSInputObject.Of(inputData));
            if (TargetType == typeof(AppChoice)) return AppChoice.From(PSInputObject.Of(inputData));
            if (TargetType == typeof(RoleChoice)) return RoleChoice.From(PSInputObject.Of(inputData));
            if (unwrapped is string) return inputData;
            try
            {
                // Each resource type by its own typed copy: no engine object crosses untyped.
                if (TargetType == typeof(Role)) return (object)TryConvert<Role>(inputData) ?? inputData;
                if (TargetType == typeof(User)) return (object)TryConvert<User>(inputData) ?? inputData;
                if (TargetType == typeof(App)) return (object)TryConvert<App>(inputData) ?? inputData;
                return inputData;
            }
            catch (TeleportInputException e)
            {
                // The binder writes this message itself, not through the cmdlet's output rule: the engine made it safe.
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }

        /// <summary>
        /// The engine's copy (<see cref="ResourceCopies.From"/>) of a PowerShell object; null when it is no copy of the
        /// type; the copy's own error (a TeleportInputException) when a property does not read.
        /// </summary>
        public static T TryConvert<T>(object input) where T : TeleportResource => ResourceCopies.From<T>(PSInputObject.Of(input));
    }
}
