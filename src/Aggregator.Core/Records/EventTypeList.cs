using System;
using System.Collections;
using System.Collections.Generic;

namespace Aggregator;

/// <summary>
/// Distinct event types in ordinal order. Enumerates as strings (ConvertTo-Json writes an array) and
/// prints as "login;view" so that Export-Csv writes one readable cell.
/// </summary>
public sealed class EventTypeList : IReadOnlyList<string>
{
    public const string Separator = ";";

    private readonly string[] _types;

    public EventTypeList(IEnumerable<string> types)
    {
        var set = new SortedSet<string>(types, StringComparer.Ordinal);
        _types = new string[set.Count];
        set.CopyTo(_types);
    }

    private EventTypeList(string[] sortedDistinct)
    {
        _types = sortedDistinct;
    }

    public static EventTypeList Empty { get; } = new(Array.Empty<string>());

    /// <summary>Wraps names that are already distinct and in ordinal order, without copying.</summary>
    internal static EventTypeList FromSorted(string[] sortedDistinct) => new(sortedDistinct);

    public int Count => _types.Length;

    public string this[int index] => _types[index];

    public bool Contains(string type) => Array.BinarySearch(_types, type, StringComparer.Ordinal) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_types).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _types.GetEnumerator();

    // Made once: users with the same event types share one list, and Export-Csv asks each row's cell again.
    public override string ToString() => _text ??= string.Join(Separator, _types);

    private string? _text;
}
