namespace Aggregator.Service;

/// <summary>A running web service: where to reach it and which store it serves.</summary>
public sealed record ServerInfo(string Url, string Store, bool RequiresApiKey)
{
    public override string ToString() => Url;
}
