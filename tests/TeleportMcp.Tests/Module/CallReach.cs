#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace TeleportMcp.Tests.Module
{
    /// <summary>
    /// What a run started in one type (a cmdlet) can reach in a set of assemblies (the module's engine and cmdlets), read
    /// from their IL: the methods it can call and the string literals (ldstr) those methods load.
    /// </summary>
    /// <remarks>
    /// Sound as far as the IL says who calls whom, and over-approximating where it does not:
    /// <list type="bullet">
    /// <item>call, callvirt, jmp, newobj, ldftn and ldvirtftn reach their target (a delegate made from a method reaches that
    /// method whether or not it is ever invoked, also a lambda stored in a static table: the table's static constructor is
    /// reached by any use of its type).</item>
    /// <item>A virtual or interface call is not resolved at the call: every type the run can create (newobj, a value type's
    /// constructor or initobj, box, constrained., a type argument of a generic method it calls, a typeof, an instance field it
    /// touches) brings all its virtual methods and property accessors, and those of its base types. That also covers the
    /// callbacks of the framework (ToString, IComparer.Compare, an iterator's MoveNext, an async state machine) and the
    /// properties PowerShell and YamlDotNet read or set by reflection on an object the run created.</item>
    /// <item>A root type brings all its own methods, and the attributes on it and on its properties (parameter transformation,
    /// validation, argument completers named by typeof).</item>
    /// </list>
    /// What it cannot see: a type created only by reflection from a name, or by another assembly that is not given (an object
    /// YamlDotNet builds of a type the run never names); a method reached only through a delegate that another assembly
    /// made; texts that are data rather than IL (the embedded YAML catalogs, resources, attribute strings such as
    /// HelpMessage); texts assembled at run time from parts that are not literals of the method that shows them.
    /// </remarks>
    internal sealed class CallReach
    {
        private readonly List<Module> _modules = new List<Module>();
        private readonly Dictionary<string, TypeRef> _types = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        private readonly Dictionary<int, MetadataReaderProvider?> _pdbs = new Dictionary<int, MetadataReaderProvider?>();

        private static readonly Dictionary<short, OperandType> s_operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value, o => o.OperandType);

        public CallReach(IEnumerable<string> assemblyPaths)
        {
            foreach (var path in assemblyPaths)
            {
                var pe = new PEReader(ImmutableArray.Create(File.ReadAllBytes(path)));
                var module = new Module(_modules.Count, pe, pe.GetMetadataReader(), path);
                _modules.Add(module);
                foreach (var h in module.Md.TypeDefinitions) _types[FullName(module.Md, h)] = new TypeRef(module.Index, h);
            }
        }

        /// <summary>A method of a given assembly, with its place ("Type::Name") for messages.</summary>
        public readonly record struct MethodRef(int Module, MethodDefinitionHandle Handle);

        /// <summary>A type of a given assembly.</summary>
        public readonly record struct TypeRef(int Module, TypeDefinitionHandle Handle);

        /// <summary>A string literal a reached method loads, and where ("Namespace.Type::Method").</summary>
        public readonly record struct Literal(string Text, string Where);

        private sealed class Module
        {
            public Module(int index, PEReader pe, MetadataReader md, string path) { Index = index; Pe = pe; Md = md; Path = path; }
            public int Index { get; }
            public string Path { get; }
            public PEReader Pe { get; }
            public MetadataReader Md { get; }
        }

        public string Describe(MethodRef m)
        {
            var md = _modules[m.Module].Md;
            var def = md.GetMethodDefinition(m.Handle);
            return FullName(md, def.GetDeclaringType()) + "::" + md.GetString(def.Name);
        }

        /// <summary>A call (call, callvirt, newobj) to a method of another assembly: who calls, at which IL offset, and the target's type, name and parameter types.</summary>
        public readonly record struct ForeignCall(MethodRef Caller, int Offset, string Type, string Name, ImmutableArray<string> Parameters);

        /// <summary>Every call in the given assemblies to a method of the type named <paramref name="typeFullName"/> that none of them defines (Xunit.Assert).</summary>
        public IEnumerable<ForeignCall> CallsTo(string typeFullName)
        {
            foreach (var module in _modules)
                foreach (var h in module.Md.MethodDefinitions)
                    foreach (var (offset, op, operand) in InstructionsAt(module, h))
                    {
                        if (op != (short)ILOpCode.Call && op != (short)ILOpCode.Callvirt && op != (short)ILOpCode.Newobj) continue;
                        var token = MetadataTokens.EntityHandle(operand);
                        if (token.Kind == HandleKind.MethodSpecification) token = module.Md.GetMethodSpecification((MethodSpecificationHandle)token).Method;
                        if (token.Kind != HandleKind.MemberReference) continue;
                        var reference = module.Md.GetMemberReference((MemberReferenceHandle)token);
                        if (reference.GetKind() != MemberReferenceKind.Method || TypeName(module.Md, reference.Parent) is not { } type || Open(type) != typeFullName) continue;
                        var signature = reference.DecodeMethodSignature(Names.Instance, null);
                        yield return new ForeignCall(new MethodRef(module.Index, h), offset, type, module.Md.GetString(reference.Name), signature.ParameterTypes);
                    }
        }

        /// <summary>The source place ("file:line:column") of the statement an IL offset belongs to, from the assembly's portable PDB beside it; the method's name when there is none.</summary>
        public string Source(MethodRef m, int offset)
        {
            var module = _modules[m.Module];
            // The provider is kept: its reader reads the memory the provider holds.
            if (!_pdbs.TryGetValue(m.Module, out var provider))
            {
                var pdbPath = System.IO.Path.ChangeExtension(module.Path, ".pdb");
                _pdbs[m.Module] = provider = File.Exists(pdbPath) ? MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(File.ReadAllBytes(pdbPath))) : null;
            }
            if (provider == null) return Describe(m);
            var pdb = provider.GetMetadataReader();
            SequencePoint? at = null;
            foreach (var point in pdb.GetMethodDebugInformation(m.Handle.ToDebugInformationHandle()).GetSequencePoints())
            {
                if (point.Offset > offset) break;
                if (!point.IsHidden) at = point;
            }
            if (at is not { } p) return Describe(m);
            return pdb.GetString(pdb.GetDocument(p.Document).Name) + ":" + p.StartLine + ":" + p.StartColumn + "-" + p.EndLine + ":" + p.EndColumn;
        }

        public TypeRef? TypeNamed(string fullName) => _types.TryGetValue(fullName, out var t) ? t : null;

        /// <summary>The texts a run that starts in <paramref name="root"/> can write: the literals its methods load, and the string arguments of the attributes on it and its properties.</summary>
        public IEnumerable<Literal> Texts(TypeRef root)
        {
            var attributeTexts = new List<Literal>();
            return Literals(Reach(root, attributeTexts)).Concat(attributeTexts);
        }

        /// <summary>The methods a run that starts in <paramref name="root"/> can reach.</summary>
        public HashSet<MethodRef> Reach(TypeRef root, List<Literal>? attributeTexts = null)
        {
            var walk = new Walk(this);
            var md = _modules[root.Module].Md;
            var type = md.GetTypeDefinition(root.Handle);
            foreach (var h in type.GetMethods()) walk.Add(new MethodRef(root.Module, h));
            walk.Instantiate(root);
            for (TypeRef? t = root; t != null; t = BaseOf(t.Value))
            {
                var tmd = _modules[t.Value.Module].Md;
                var td = tmd.GetTypeDefinition(t.Value.Handle);
                string where = FullName(tmd, t.Value.Handle);
                walk.FromAttributes(t.Value.Module, td.GetCustomAttributes(), where, attributeTexts);
                foreach (var p in td.GetProperties())
                {
                    var property = tmd.GetPropertyDefinition(p);
                    walk.FromAttributes(t.Value.Module, property.GetCustomAttributes(), where + "." + tmd.GetString(property.Name), attributeTexts);
                }
            }
            walk.Run();
            return walk.Reached;
        }

        /// <summary>The string literals the methods load.</summary>
        public IEnumerable<Literal> Literals(IEnumerable<MethodRef> methods)
        {
            foreach (var m in methods)
            {
                var module = _modules[m.Module];
                foreach (var (op, operand) in Instructions(module, m.Handle))
                    if (op == (short)ILOpCode.Ldstr) yield return new Literal(module.Md.GetUserString(MetadataTokens.UserStringHandle(operand)), Describe(m));
            }
        }

        private sealed class Walk
        {
            private readonly CallReach _r;
            private readonly Queue<MethodRef> _queue = new Queue<MethodRef>();
            private readonly HashSet<TypeRef> _created = new HashSet<TypeRef>();
            private readonly HashSet<TypeRef> _touched = new HashSet<TypeRef>();

            public Walk(CallReach r) => _r = r;

            public HashSet<MethodRef> Reached { get; } = new HashSet<MethodRef>();

            public void Add(MethodRef m)
            {
                if (Reached.Add(m)) _queue.Enqueue(m);
            }

            // A use of a type runs its static constructor (the tables of texts and delegates it builds).
            public void Touch(TypeRef t)
            {
                if (!_touched.Add(t)) return;
                var md = _r._modules[t.Module].Md;
                foreach (var h in md.GetTypeDefinition(t.Handle).GetMethods())
                    if (md.GetString(md.GetMethodDefinition(h).Name) == ".cctor") Add(new MethodRef(t.Module, h));
            }

            public void Instantiate(TypeRef t)
            {
                for (TypeRef? at = t; at != null && _created.Add(at.Value); at = _r.BaseOf(at.Value))
                {
                    Touch(at.Value);
                    var md = _r._modules[at.Value.Module].Md;
                    foreach (var h in md.GetTypeDefinition(at.Value.Handle).GetMethods())
                    {
                        var def = md.GetMethodDefinition(h);
                        bool accessor = (def.Attributes & MethodAttributes.SpecialName) != 0 &&
                                        (md.GetString(def.Name).StartsWith("get_", StringComparison.Ordinal) || md.GetString(def.Name).StartsWith("set_", StringComparison.Ordinal));
                        if ((def.Attributes & MethodAttributes.Virtual) != 0 || accessor) Add(new MethodRef(at.Value.Module, h));
                    }
                }
            }

            public void InstantiateNamed(string typeNames)
            {
                foreach (var name in typeNames.Split(new[] { '<', '>', ',', '[', ']', '&', '*', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                    if (_r._types.TryGetValue(name, out var t)) Instantiate(t);
            }

            // The attributes of a root and its properties: those of the given assemblies are made (the binder runs a parameter's
            // transformation and validation), a typeof argument names a type made too (an argument completer), and the string
            // arguments are texts (HelpMessage).
            public void FromAttributes(int module, CustomAttributeHandleCollection attributes, string where, List<Literal>? texts)
            {
                var md = _r._modules[module].Md;
                foreach (var h in attributes)
                {
                    var attribute = md.GetCustomAttribute(h);
                    var ctor = _r.Resolve(module, attribute.Constructor);
                    if (ctor != null)
                    {
                        Add(ctor.Value);
                        Instantiate(_r.DeclaringType(ctor.Value));
                    }
                    CustomAttributeValue<string> value;
                    try { value = attribute.DecodeValue(new AttributeTypes()); }
                    catch (BadImageFormatException) { continue; }
                    foreach (var a in value.FixedArguments.Concat(value.NamedArguments.Select(n => new CustomAttributeTypedArgument<string>(n.Type, n.Value))))
                    {
                        if (a.Type == "System.Type" && a.Value is string named) InstantiateNamed(named.Split(',')[0]);
                        else if (a.Value is string text) texts?.Add(new Literal(text, "[attribute of " + where + "]"));
                    }
                }
            }

            public void Run()
            {
                while (_queue.Count > 0)
                {
                    var m = _queue.Dequeue();
                    var module = _r._modules[m.Module];
                    Touch(_r.DeclaringType(m));
                    foreach (var (op, operand) in Instructions(module, m.Handle))
                    {
                        var token = operand == 0 || op == (short)ILOpCode.Ldstr ? default : MetadataTokens.EntityHandle(operand);
                        switch ((ILOpCode)op)
                        {
                            case ILOpCode.Call:
                            case ILOpCode.Callvirt:
                            case ILOpCode.Jmp:
                            case ILOpCode.Ldftn:
                            case ILOpCode.Ldvirtftn:
                            case ILOpCode.Newobj:
                                InstantiateTypeArguments(module, token);
                                var target = _r.Resolve(m.Module, token);
                                if (target == null) break;
                                Add(target.Value);
                                // A constructor run (newobj, or a value type's constructor called on its storage) makes an instance.
                                if (_r.NameOf(target.Value) == ".ctor") Instantiate(_r.DeclaringType(target.Value));
                                else Touch(_r.DeclaringType(target.Value));
                                break;
                            case ILOpCode.Initobj:
                            case ILOpCode.Box:
                            case ILOpCode.Constrained:
                            case ILOpCode.Ldtoken:
                                if (token.Kind == HandleKind.MethodDefinition || token.Kind == HandleKind.MemberReference)
                                {
                                    var tokenMethod = _r.Resolve(m.Module, token);
                                    if (tokenMethod != null) Add(tokenMethod.Value);
                                    break;
                                }
                                InstantiateNamed(TypeName(module.Md, token) ?? "");
                                break;
                            case ILOpCode.Ldfld:
                            case ILOpCode.Ldflda:
                            case ILOpCode.Stfld:
                                // An instance field in use: an instance exists (an async state machine is a value type only ever stored into).
                                var owner = _r.FieldOwner(module, token);
                                if (owner != null) Instantiate(owner.Value);
                                break;
                            case ILOpCode.Ldsfld:
                            case ILOpCode.Ldsflda:
                            case ILOpCode.Stsfld:
                                var staticOwner = _r.FieldOwner(module, token);
                                if (staticOwner != null) Touch(staticOwner.Value);
                                break;
                        }
                    }
                }
            }

            private void InstantiateTypeArguments(Module module, EntityHandle token)
            {
                if (token.Kind != HandleKind.MethodSpecification) return;
                var spec = module.Md.GetMethodSpecification((MethodSpecificationHandle)token);
                foreach (var argument in spec.DecodeSignature(Names.Instance, null)) InstantiateNamed(argument);
            }
        }

        private TypeRef? BaseOf(TypeRef t)
        {
            var md = _modules[t.Module].Md;
            var baseType = md.GetTypeDefinition(t.Handle).BaseType;
            if (baseType.IsNil) return null;
            var name = TypeName(md, baseType);
            return name != null && _types.TryGetValue(Open(name), out var b) ? b : null;
        }

        private TypeRef DeclaringType(MethodRef m) => new TypeRef(m.Module, _modules[m.Module].Md.GetMethodDefinition(m.Handle).GetDeclaringType());

        private string NameOf(MethodRef m) => _modules[m.Module].Md.GetString(_modules[m.Module].Md.GetMethodDefinition(m.Handle).Name);

        private TypeRef? FieldOwner(Module module, EntityHandle token)
        {
            var md = module.Md;
            if (token.Kind == HandleKind.FieldDefinition) return new TypeRef(module.Index, md.GetFieldDefinition((FieldDefinitionHandle)token).GetDeclaringType());
            if (token.Kind != HandleKind.MemberReference) return null;
            var name = TypeName(md, md.GetMemberReference((MemberReferenceHandle)token).Parent);
            return name != null && _types.TryGetValue(Open(name), out var t) ? t : null;
        }

        /// <summary>The method a call token names, when it is one of the given assemblies'.</summary>
        private MethodRef? Resolve(int moduleIndex, EntityHandle token)
        {
            var md = _modules[moduleIndex].Md;
            switch (token.Kind)
            {
                case HandleKind.MethodDefinition:
                    return new MethodRef(moduleIndex, (MethodDefinitionHandle)token);
                case HandleKind.MethodSpecification:
                    return Resolve(moduleIndex, md.GetMethodSpecification((MethodSpecificationHandle)token).Method);
                case HandleKind.MemberReference:
                    var reference = md.GetMemberReference((MemberReferenceHandle)token);
                    if (reference.GetKind() != MemberReferenceKind.Method) return null;
                    if (reference.Parent.Kind == HandleKind.MethodDefinition) return new MethodRef(moduleIndex, (MethodDefinitionHandle)reference.Parent);
                    var typeName = TypeName(md, reference.Parent);
                    if (typeName == null || !_types.TryGetValue(Open(typeName), out var type)) return null;
                    string name = md.GetString(reference.Name);
                    var signature = reference.DecodeMethodSignature(Names.Instance, null);
                    var tmd = _modules[type.Module].Md;
                    var candidates = tmd.GetTypeDefinition(type.Handle).GetMethods()
                        .Where(h => tmd.GetString(tmd.GetMethodDefinition(h).Name) == name).ToList();
                    foreach (var h in candidates)
                        if (Same(tmd.GetMethodDefinition(h).DecodeSignature(Names.Instance, null), signature)) return new MethodRef(type.Module, h);
                    // The names of the signature's types did not match (a type forwarded under another name): the overload with
                    // as many parameters, when it is the only one.
                    var byCount = candidates.Where(h => tmd.GetMethodDefinition(h).DecodeSignature(Names.Instance, null).ParameterTypes.Length == signature.ParameterTypes.Length).ToList();
                    return byCount.Count == 1 ? new MethodRef(type.Module, byCount[0]) : null;
                default:
                    return null;
            }
        }

        private static bool Same(MethodSignature<string> a, MethodSignature<string> b) =>
            a.GenericParameterCount == b.GenericParameterCount && a.ReturnType == b.ReturnType && a.ParameterTypes.SequenceEqual(b.ParameterTypes);

        // A generic instantiation's type definition: "A`1<B>" is A`1.
        private static string Open(string name) => name.IndexOf('<') is var i && i >= 0 ? name.Substring(0, i) : name;

        private static string? TypeName(MetadataReader md, EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => FullName(md, (TypeDefinitionHandle)handle),
            HandleKind.TypeReference => FullName(md, (TypeReferenceHandle)handle),
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Names.Instance, null),
            _ => null,
        };

        private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
        {
            var t = md.GetTypeDefinition(handle);
            var declaring = t.GetDeclaringType();
            if (!declaring.IsNil) return FullName(md, declaring) + "/" + md.GetString(t.Name);
            var ns = md.GetString(t.Namespace);
            return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
        }

        private static string FullName(MetadataReader md, TypeReferenceHandle handle)
        {
            var t = md.GetTypeReference(handle);
            if (t.ResolutionScope.Kind == HandleKind.TypeReference) return FullName(md, (TypeReferenceHandle)t.ResolutionScope) + "/" + md.GetString(t.Name);
            var ns = md.GetString(t.Namespace);
            return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
        }

        /// <summary>The instructions of a method's body (none for an abstract or extern one): opcode, and a token or 0.</summary>
        private static IEnumerable<(short Op, int Operand)> Instructions(Module module, MethodDefinitionHandle handle) =>
            InstructionsAt(module, handle).Select(i => (i.Op, i.Operand));

        /// <summary>The instructions of a method's body with the IL offset each starts at.</summary>
        private static IEnumerable<(int Offset, short Op, int Operand)> InstructionsAt(Module module, MethodDefinitionHandle handle)
        {
            int rva = module.Md.GetMethodDefinition(handle).RelativeVirtualAddress;
            if (rva == 0) yield break;
            var body = module.Pe.GetMethodBody(rva);
            var il = body.GetILBytes() ?? Array.Empty<byte>();
            int at = 0;
            while (at < il.Length)
            {
                int start = at;
                short op = il[at++];
                if (op == 0xFE) op = (short)(0xFE00 | il[at++]);
                int operand = 0;
                switch (s_operands[op])
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar: at += 1; break;
                    case OperandType.InlineVar: at += 2; break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR: at += 8; break;
                    case OperandType.InlineSwitch: at += 4 + 4 * BitConverter.ToInt32(il, at); break;
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineI:
                    case OperandType.ShortInlineR:
                    case OperandType.InlineSig: at += 4; break;
                    default:
                        // InlineMethod, InlineType, InlineField, InlineString, InlineTok: a metadata token.
                        operand = BitConverter.ToInt32(il, at);
                        at += 4;
                        break;
                }
                yield return (start, op, operand);
            }
        }

        /// <summary>Types as their full names ("A`1&lt;B&gt;", "!0" for a type parameter), the same in every assembly.</summary>
        private sealed class Names : ISignatureTypeProvider<string, object?>
        {
            public static readonly Names Instance = new Names();
            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
            public string GetByReferenceType(string elementType) => elementType + "&";
            public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
            public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
            public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
            public string GetPinnedType(string elementType) => elementType;
            public string GetPointerType(string elementType) => elementType + "*";
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        }

        /// <summary>An attribute's arguments, a System.Type one as the type's name (an enum read as Int32, which all the module's are).</summary>
        private sealed class AttributeTypes : ICustomAttributeTypeProvider<string>
        {
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
            public string GetSystemType() => "System.Type";
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromSerializedName(string name) => name;
            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
            public bool IsSystemType(string type) => type == "System.Type";
        }
    }
}
