using System;
using System.Net;
using Aggregator.Reading;

namespace Aggregator.Service;

/// <summary>How the web service listens and what it accepts.</summary>
public sealed class ServerOptions
{
    /// <summary>Uploads larger than this are refused with 413 before they are stored.</summary>
    public const long DefaultMaxUploadBytes = 16L << 20;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 8080;

    /// <summary>Required of every request (header X-Api-Key) when set; a non-loopback address requires one.</summary>
    public string? ApiKey { get; init; }

    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    /// <summary>Workers of the ingest that processes uploads.</summary>
    public int IngestWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How uploaded sensor files are read.</summary>
    public EventReadOptions ReadOptions { get; init; } = new() { Fields = Parsing.FieldMap.Sensor };

    public bool IsLoopback => IPAddress.IsLoopback(Address);
}
