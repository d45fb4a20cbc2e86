namespace Aggregator;

/// <summary>How processing a sensor file ended.</summary>
public enum SensorFileStatus
{
    /// <summary>Every row was valid.</summary>
    Processed,

    /// <summary>Some rows were invalid and others valid; the valid ones are in the figures.</summary>
    Partial,

    /// <summary>The file could not be read, its header lacks a required column, or no row was valid.</summary>
    Failed,

    /// <summary>In a results store, waiting for an ingest.</summary>
    Uploaded,

    /// <summary>In a results store, taken by an ingest that has not finished it yet.</summary>
    Processing,
}
