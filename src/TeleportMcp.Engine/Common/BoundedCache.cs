using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace TeleportMcp.Engine.Common
{
    /// <summary>
    /// Answers kept by text (compiled patterns, parsed templates), cleared when <see cref="Capacity"/> texts are held so a
    /// hostile input cannot grow it without bound. Safe for several threads.
    /// </summary>
    /// <remarks>
    /// The entries are counted here: ConcurrentDictionary.Count takes every lock of the dictionary (up to 1,024 once its
    /// table has grown), and asking it at each new text made filling a large cache superlinear (one user with 100,000
    /// roles, bench/rbac.ps1). Under a race the count can be off by the number of threads adding at a clear, which only
    /// moves the next clear by as many texts.
    /// </remarks>
    internal sealed class BoundedCache<TValue>
    {
        private readonly ConcurrentDictionary<string, TValue> _map = new ConcurrentDictionary<string, TValue>(StringComparer.Ordinal);
        private readonly object _clearing = new object();
        private int _count;

        public BoundedCache(int capacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
            Capacity = capacity;
        }

        public int Capacity { get; }

        /// <summary>The texts held (for tests).</summary>
        internal int Count => _map.Count;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _map.TryGetValue(key, out value);

        /// <summary>Keeps the answer for <paramref name="key"/> (a text already held keeps its first answer); clears everything first when full.</summary>
        public void Add(string key, TValue value)
        {
            if (Volatile.Read(ref _count) >= Capacity)
            {
                lock (_clearing)
                {
                    if (Volatile.Read(ref _count) >= Capacity)
                    {
                        _map.Clear();
                        Volatile.Write(ref _count, 0);
                    }
                }
            }
            if (_map.TryAdd(key, value)) Interlocked.Increment(ref _count);
        }
    }
}
