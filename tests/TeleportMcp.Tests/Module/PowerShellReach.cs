#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// Which methods of an assembly reach PowerShell: a PowerShell type (System.Management.Automation, or a type derived
    /// from one) in the signature, in the body (a call, a field, a cast, a new object), or a call to a method of the same
    /// assembly that reaches it. Read from the IL, so a method that only computes over strings, numbers and engine
    /// types is found whatever it is named.
    /// </summary>
    internal static class PowerShellReach
    {
        private static readonly Assembly Sma = typeof(PSObject).Assembly;
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

        private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        /// <summary>Whether the type is PowerShell's, derives from one of its types, or is built from one (PSObject[], List&lt;PSSession&gt;).</summary>
        public static bool IsPowerShell(Type? t)
        {
            if (t == null) return false;
            if (t.HasElementType) return IsPowerShell(t.GetElementType());
            if (t.IsGenericType && !t.IsGenericTypeDefinition && t.GetGenericArguments().Any(IsPowerShell)) return true;
            for (var b = t; b != null; b = b.BaseType)
                if (b.Assembly == Sma) return true;
            return t.GetInterfaces().Any(i => i.Assembly == Sma);
        }

        /// <summary>Every method and constructor the assembly's types declare (nested and compiler-generated ones too).</summary>
        public static IEnumerable<MethodBase> Methods(Assembly assembly) =>
            assembly.GetTypes().SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)));

        /// <summary>
        /// The methods of <paramref name="assembly"/> that reach PowerShell, directly or through each other. With
        /// <paramref name="bySignature"/> false a PowerShell type in a method's own signature does not count: only what its
        /// body does with PowerShell (a method that takes a PSObject and only computes is logic).
        /// </summary>
        public static HashSet<MethodBase> Reaching(Assembly assembly, bool bySignature = true)
        {
            var all = Methods(assembly).ToList();
            var calls = all.ToDictionary(m => m, m => new List<MethodBase>());
            var reach = new HashSet<MethodBase>();
            foreach (var m in all)
            {
                bool direct = bySignature && SignatureIsPowerShell(m);
                foreach (var member in Referenced(m))
                {
                    if (member is MethodBase callee && callee.Module.Assembly == assembly)
                    {
                        var key = callee is MethodInfo mi && mi.IsGenericMethod ? mi.GetGenericMethodDefinition() : callee;
                        calls[m].Add(key);
                    }
                    if (MemberIsPowerShell(member)) direct = true;
                }
                if (direct) reach.Add(m);
            }
            for (bool changed = true; changed;)
            {
                changed = false;
                foreach (var m in all)
                    if (!reach.Contains(m) && calls[m].Any(reach.Contains))
                    {
                        reach.Add(m);
                        changed = true;
                    }
            }
            return reach;
        }

        private static bool SignatureIsPowerShell(MethodBase m) =>
            (m is MethodInfo mi && IsPowerShell(mi.ReturnType)) || m.GetParameters().Any(p => IsPowerShell(p.ParameterType));

        private static bool MemberIsPowerShell(MemberInfo member) => member switch
        {
            Type t => IsPowerShell(t),
            FieldInfo f => IsPowerShell(f.DeclaringType) || IsPowerShell(f.FieldType),
            MethodBase mb => IsPowerShell(mb.DeclaringType) || SignatureIsPowerShell(mb),
            _ => false,
        };

        /// <summary>The types, fields and methods the method's IL names.</summary>
        public static IEnumerable<MemberInfo> Referenced(MethodBase m)
        {
            byte[]? il;
            try { il = m.GetMethodBody()?.GetILAsByteArray(); }
            catch (Exception) { il = null; }
            if (il == null) yield break;
            var typeArgs = m.DeclaringType != null && m.DeclaringType.IsGenericType ? m.DeclaringType.GetGenericArguments() : null;
            var methodArgs = m is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null;
            for (int i = 0; i < il.Length;)
            {
                short value = il[i++];
                if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
                var op = OpCodesByValue[value];
                int size = op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
                if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
                {
                    MemberInfo? member;
                    try { member = m.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                    catch (Exception) { member = null; }
                    if (member != null) yield return member;
                }
                i += size;
            }
        }

        /// <summary>Written by the compiler (lambdas, iterators, backing fields), not by the project.</summary>
        public static bool CompilerGenerated(MethodBase m)
        {
            for (var t = m.DeclaringType; t != null; t = t.DeclaringType)
                if (t.Name.StartsWith("<", StringComparison.Ordinal) || t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() != null) return true;
            return m.Name.StartsWith("<", StringComparison.Ordinal) || m.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() != null;
        }
    }
}
