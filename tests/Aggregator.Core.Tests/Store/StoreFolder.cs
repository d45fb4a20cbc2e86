using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Store;

namespace Aggregator.Core.Tests.Store;

/// <summary>A temporary folder holding a store and sensor files written for a test.</summary>
internal sealed class StoreFolder : IDisposable
{
    public StoreFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "aggregator-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string StorePath => Path.Combine(Root, "results.db");

    public static EventReadOptions SensorOptions { get; } = new() { Fields = FieldMap.Sensor };

    public ResultStore Open(TimeSpan? busyTimeout = null) => ResultStore.Open(StorePath, busyTimeout);

    /// <summary>A sensor CSV of <paramref name="rows"/> valid rows over three sensors, plus the given bad lines.</summary>
    public string WriteSensorFile(string name, int rows, int seed = 0, params string[] badLines)
    {
        var text = new StringBuilder("sensor_id,timestamp,value\n");
        for (int i = 0; i < rows; i++)
        {
            double value = Math.Round((seed * 31 + i * 7) % 100 / 4.0, 2);
            text.Append(CultureInfo.InvariantCulture, $"s-{(i + seed) % 3},2025-10-01T{i / 60 % 24:00}:{i % 60:00}:00Z,{value.ToString(CultureInfo.InvariantCulture)}\n");
        }

        foreach (string line in badLines)
        {
            text.Append(line).Append('\n');
        }

        string path = Path.Combine(Root, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public IReadOnlyList<string> WriteSensorFiles(int count, int rows)
    {
        var files = new List<string>();
        for (int i = 0; i < count; i++)
        {
            files.Add(WriteSensorFile($"f{i:000}.csv", rows, seed: i));
        }

        return files;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
