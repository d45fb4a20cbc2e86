namespace Aggregator.Commands.Infrastructure;

/// <summary>A writer's wildcard path that matched no item or several, so there is no one target.</summary>
internal sealed class AmbiguousPathException : System.ArgumentException
{
    public AmbiguousPathException(string message)
        : base(message)
    {
    }
}
