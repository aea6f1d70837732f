using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Transport
{
    /// <summary>A PowerShell object as the engine's <see cref="IInputObject"/>: property access only, no rule.</summary>
    internal sealed class PSInputObject : IInputObject
    {
        private readonly PSObject _pso;

        private PSInputObject(PSObject pso) => _pso = pso;

        /// <summary>The adapter for a value; null for null.</summary>
        public static PSInputObject Of(object value) => value == null ? null : new PSInputObject(FileOfPath(value as PSObject ?? PSObject.AsPSObject(value)));

        /// <summary>Resolve-Path output names a file or folder: it is read as Get-ChildItem's would be, not as text or a property bag.</summary>
        private static PSObject FileOfPath(PSObject pso)
        {
            if (!(pso.BaseObject is PathInfo path) || path.Provider?.Name != "FileSystem" || string.IsNullOrEmpty(path.ProviderPath)) return pso;
            return PSObject.AsPSObject(System.IO.Directory.Exists(path.ProviderPath) ? (object)new System.IO.DirectoryInfo(path.ProviderPath) : new System.IO.FileInfo(path.ProviderPath));
        }

        /// <summary>A -User or -App choice as the input object it stands for: the object as given, the resource, or the name.</summary>
        public static IInputObject Of<T>(Choice<T> choice) where T : TeleportResource =>
            choice.Given ?? Of((object)choice.Resource ?? choice.Name);

        /// <summary>The PowerShell object an adapter wraps (to write it as it came).</summary>
        public static PSObject Source(IInputObject input) => input is PSInputObject p ? p._pso : PSObject.AsPSObject(input?.Value);

        public object Value => _pso.BaseObject;

        public object Original => _pso.BaseObject is PSCustomObject ? _pso : _pso.BaseObject;

        public IEnumerable<string> TypeNames => _pso.TypeNames;

        public bool IsPropertyBag => _pso.BaseObject is PSCustomObject || _pso.BaseObject is IDictionary;

        public bool Has(string name) => _pso.BaseObject is IDictionary d ? InputPolicy.Entry(d, name, out _) : _pso.Properties[name] != null;

        public IInputObject ValueOf(string name)
        {
            if (_pso.BaseObject is IDictionary d) return InputPolicy.Entry(d, name, out var value) ? Of(value) : null;
            return Of(_pso.Properties[name]?.Value);
        }

        public IReadOnlyList<IInputObject> Items()
        {
            var items = new List<IInputObject>();
            // The items stay wrapped: a deserialized object's properties live on its PSObject, not on its base object.
            foreach (var item in LanguagePrimitives.GetEnumerable(_pso.BaseObject) ?? new object[] { _pso })
                if (item != null) items.Add(Of(item));
            return items;
        }

        public IReadOnlyList<KeyValuePair<string, IInputObject>> Properties()
        {
            var properties = new List<KeyValuePair<string, IInputObject>>();
            if (_pso.BaseObject is IDictionary d)
            {
                foreach (DictionaryEntry e in d) properties.Add(new KeyValuePair<string, IInputObject>(e.Key?.ToString() ?? "", Of(e.Value)));
            }
            else if (_pso.BaseObject is PSCustomObject)
            {
                foreach (var p in _pso.Properties) properties.Add(new KeyValuePair<string, IInputObject>(p.Name, Of(p.Value)));
            }
            return properties;
        }
    }
}
