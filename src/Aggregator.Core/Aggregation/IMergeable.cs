namespace Aggregator.Aggregation;

/// <summary>A partial aggregate that can take in another of its kind, as workers' partial results combine.</summary>
public interface IMergeable<in T>
{
    void Merge(T other);
}
