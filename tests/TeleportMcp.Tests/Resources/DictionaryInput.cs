using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using TeleportMcp.Engine.Resources;

namespace TeleportMcp.Tests.Resources
{
    /// <summary>A test's stand-in for PowerShell's objects: a dictionary is a property bag, a list a list, anything else itself.</summary>
    public sealed class DictionaryInput : IInputObject
    {
        private readonly string[] _typeNames;

        public DictionaryInput(object value, params string[] typeNames)
        {
            Value = value;
            _typeNames = typeNames;
        }

        public object Value { get; }

        public object Original => Value;

        /// <summary>A -User value as the module binds it (<see cref="UserChoice.From"/>).</summary>
        public static UserChoice UserChoiceOf(object value) => UserChoice.From(value == null ? null : value as IInputObject ?? new DictionaryInput(value));

        /// <summary>A warning sink for a read that must give no warning: one fails the test.</summary>
        public static readonly Action<string> NoWarning = w => throw new InvalidOperationException("unexpected warning: " + w);

        /// <summary>An -App value as the module binds it (<see cref="AppChoice.From"/>).</summary>
        public static AppChoice AppChoiceOf(object value) => AppChoice.From(value == null ? null : value as IInputObject ?? new DictionaryInput(value));

        public IEnumerable<string> TypeNames => _typeNames;

        public bool IsPropertyBag => Value is IDictionary && _typeNames.Length == 0;

        public bool Has(string name) => Value is IDictionary d && d.Keys.Cast<object>().Any(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase));

        public IInputObject ValueOf(string name)
        {
            if (!(Value is IDictionary d)) return null;
            foreach (DictionaryEntry e in d)
                if (string.Equals(e.Key.ToString(), name, StringComparison.OrdinalIgnoreCase)) return e.Value == null ? null : e.Value as IInputObject ?? new DictionaryInput(e.Value);
            return null;
        }

        public IReadOnlyList<KeyValuePair<string, IInputObject>> Properties() =>
            IsPropertyBag || Value is IDictionary
                ? ((IDictionary)Value).Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, IInputObject>(e.Key.ToString(), e.Value == null ? null : e.Value as IInputObject ?? new DictionaryInput(e.Value))).ToList()
                : new List<KeyValuePair<string, IInputObject>>();

        public IReadOnlyList<IInputObject> Items() =>
            Value is IEnumerable list && !(Value is string) && !(Value is IDictionary)
                ? list.Cast<object>().Where(x => x != null).Select(x => x as IInputObject ?? new DictionaryInput(x)).ToList()
                : new List<IInputObject> { this };
    }
}
