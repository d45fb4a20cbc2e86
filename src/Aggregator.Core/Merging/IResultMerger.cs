using System.Collections.Generic;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>
/// Merges partial results of one kind into the results one run over all the input would give. Takes live results or
/// their properties (after serialization or a CSV round trip); <see cref="IsExact"/> says whether an estimate took part.
/// </summary>
public interface IResultMerger
{
    ResultKind Kind { get; }

    /// <summary>Adds a live result of this kind; false when the object is of another type.</summary>
    bool TryAdd(object result);

    /// <summary>Adds a result read back from its properties.</summary>
    /// <exception cref="System.FormatException">A property is missing or malformed.</exception>
    void Add(ResultProperties properties);

    /// <summary>How many partial results went in.</summary>
    long Added { get; }

    /// <summary>False when a merged figure is an estimate (a distinct count past its exact limit, a session cut by a maximum duration).</summary>
    bool IsExact { get; }

    /// <summary>Why a figure is not exact, or null.</summary>
    string? Inexact { get; }

    IReadOnlyList<object> GetMergedResults(CancellationToken cancellation = default);
}
