using System.Collections.Generic;
using System.Threading;

namespace Aggregator.Aggregation;

/// <summary>
/// An accumulator that can take in another of its kind and then give its results. Every aggregator of the module is
/// one, so workers, stored partial results and remoting all combine through the same <see cref="IMergeable{T}.Merge"/>.
/// </summary>
public interface IResultAccumulator<TSelf, TResult> : IMergeable<TSelf>
{
    /// <summary>The results of everything added and merged so far; a long fill or sort honours the token.</summary>
    IReadOnlyList<TResult> GetResults(CancellationToken cancellation = default);
}
