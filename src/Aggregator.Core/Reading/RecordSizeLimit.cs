using System;

namespace Aggregator.Reading;

/// <summary>The largest record a reader buffers (<see cref="EventReadOptions.MaxRecordBytes"/>), shared by every format.</summary>
internal static class RecordSizeLimit
{
    private const int Smallest = 1024;

    /// <summary>The configured limit, raised to a floor so a tiny setting cannot reject ordinary records.</summary>
    public static int Of(EventReadOptions options) => Math.Max(options.MaxRecordBytes, Smallest);

    public static string Describe(long bytes) =>
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" :
        bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? $"{bytes >> 10} KiB" : $"{bytes} bytes";
}
