using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aggregator.Parsing;

/// <summary>
/// What makes a meter or sensor reading valid, and how each problem is worded, shared by the file readers and the
/// pipeline parser. Sensor rows are reported in the sensor service's short phrases ("missing timestamp",
/// "invalid value 'abc'"); meter readings in the foundation's sentences.
/// </summary>
public static class ReadingRules
{
    public const string MissingSensorId = "missing sensor_id";

    /// <summary>A finite number; a kWh value must not be negative, a sensor value may be.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAcceptable(double value, bool sensor) => double.IsFinite(value) && (sensor || value >= 0);

    public static string MissingTimestamp(bool sensor, string sentence) => sensor ? "missing timestamp" : sentence;

    public static string InvalidTimestamp(bool sensor, string? written) =>
        sensor ? $"invalid timestamp '{written}'" : $"'{written}' is not a valid timestamp.";

    public static string MissingValue(bool sensor, string sentence) => sensor ? "missing value" : sentence;

    /// <summary>Why a value is not acceptable: not a finite number (as written), or a negative kWh value.</summary>
    public static string InvalidValue(bool sensor, string name, string? written, double? parsed) =>
        sensor ? $"invalid value '{written}'"
        : parsed is { } number && double.IsFinite(number) ? $"The {name} {number.ToString(CultureInfo.InvariantCulture)} is negative."
        : $"The {name} '{written}' is not a finite number.";
}
