using System;
using System.Collections.Generic;

namespace Aggregator.Store;

/// <summary>Which stored sensor files to return; every condition given must hold.</summary>
public sealed class SensorFileQuery
{
    public IReadOnlyCollection<string>? FileIds { get; init; }

    public IReadOnlyCollection<SensorFileStatus>? Statuses { get; init; }

    /// <summary>Files uploaded at or after this time.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Whether to load each file's row errors (they may be many).</summary>
    public bool WithErrors { get; init; } = true;

    public static SensorFileQuery All { get; } = new();
}
