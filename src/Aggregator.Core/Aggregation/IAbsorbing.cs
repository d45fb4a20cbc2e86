namespace Aggregator.Aggregation;

/// <summary>
/// A partial aggregate that can take another over, not just merge it: the other is never used again (a worker's
/// partial once the worker has stopped), so the work of combining them may wait until the results are made.
/// </summary>
public interface IAbsorbing<in T> : IMergeable<T>
{
    /// <summary>Merges <paramref name="other"/> in; it must not be read or changed afterwards.</summary>
    void Absorb(T other);
}
