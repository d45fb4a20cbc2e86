using System;
using System.Globalization;

namespace Aggregator.Parsing;

/// <summary>
/// Validates meter and sensor readings given as loose property values (objects on the pipeline, such as Import-Csv
/// rows) by the same rules the file readers apply, or says why the object is skipped.
/// </summary>
public sealed class ReadingPropertyParser
{
    private readonly PropertyRecordParser _timestamps;

    public ReadingPropertyParser(TimeZoneInfo? assumeTimeZone = null, TimestampStyle? timestampStyle = null)
    {
        _timestamps = new PropertyRecordParser(assumeTimeZone, timestampStyle);
    }

    /// <summary>A kWh reading: a timestamp and a finite, non-negative kWh value; the meter may be empty.</summary>
    public bool TryCreateKwh(object? timestamp, object? kwh, string? meter, string source, long line,
        out DateTime utc, out double value, out SkippedRecord? skipped) =>
        TryCreateKwh(timestamp, kwh, meter, readings: null, source, line, out utc, out value, out _, out skipped);

    /// <summary>
    /// A kWh reading, or a row of kWh already summed (a KwhUsage piped back in): <paramref name="readings"/> is how many
    /// readings the value stands for, a whole number of zero or more; null means one reading.
    /// </summary>
    public bool TryCreateKwh(object? timestamp, object? kwh, string? meter, object? readings, string source, long line,
        out DateTime utc, out double value, out long count, out SkippedRecord? skipped)
    {
        value = 0;
        count = 1;
        skipped = null;
        string raw = $"Timestamp={timestamp}; Kwh={kwh}; MeterId={meter}" + (readings is null ? string.Empty : $"; Readings={readings}");
        if (!TryTime(timestamp, out utc, out SkipReason reason, out string? problem, sensor: false) ||
            !TryNumber(kwh, out value, out reason, out problem, sensor: false))
        {
            skipped = Skip(source, line, reason, problem!, raw, meter, timestamp, kwh);
            return false;
        }

        if (readings is not null && !TryCount(readings, out count))
        {
            skipped = Skip(source, line, SkipReason.InvalidValue,
                $"'{readings}' is not a number of readings (a whole number of zero or more).", raw, meter, timestamp, kwh);
            return false;
        }

        return true;
    }

    private static bool TryCount(object given, out long count)
    {
        count = 0;
        switch (given)
        {
            case string text:
                return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count);
            case int or long or short or byte or uint or ulong:
                count = Convert.ToInt64(given, CultureInfo.InvariantCulture);
                return count >= 0;
            case double or float or decimal:
                decimal exact = Convert.ToDecimal(given, CultureInfo.InvariantCulture);
                count = (long)exact;
                return exact >= 0 && exact == count;
            default:
                return false;
        }
    }

    /// <summary>A sensor reading: a sensor id, a timestamp and a finite value, with the sensor service's short reasons.</summary>
    public bool TryCreateSensor(string? sensorId, object? timestamp, object? value, string source, long line,
        out SensorReading? reading, out SkippedRecord? skipped)
    {
        reading = null;
        skipped = null;
        string raw = $"SensorId={sensorId}; Timestamp={timestamp}; Value={value}";
        SkipReason reason = SkipReason.MissingField;
        string? problem = string.IsNullOrWhiteSpace(sensorId) ? ReadingRules.MissingSensorId : null;
        if (problem is not null ||
            !TryTime(timestamp, out DateTime utc, out reason, out problem, sensor: true) ||
            !TryNumber(value, out double number, out reason, out problem, sensor: true))
        {
            skipped = Skip(source, line, reason, problem!, raw, sensorId, timestamp, value);
            return false;
        }

        reading = new SensorReading(sensorId!.Trim(), utc, number, source, line);
        return true;
    }

    private bool TryTime(object? timestamp, out DateTime utc, out SkipReason reason, out string? problem, bool sensor)
    {
        utc = default;
        reason = SkipReason.MissingField;
        problem = null;
        if (!_timestamps.TryTimestamp(timestamp, out DateTime? parsed))
        {
            reason = SkipReason.InvalidTimestamp;
            problem = ReadingRules.InvalidTimestamp(sensor, timestamp?.ToString());
            return false;
        }

        if (parsed is null)
        {
            problem = ReadingRules.MissingTimestamp(sensor, "The object has no timestamp (a Timestamp property is required).");
            return false;
        }

        utc = parsed.Value;
        return true;
    }

    private static bool TryNumber(object? given, out double value, out SkipReason reason, out string? problem, bool sensor)
    {
        reason = SkipReason.InvalidValue;
        problem = null;
        value = 0;
        bool parsed;
        switch (given)
        {
            case null:
            case string text when string.IsNullOrWhiteSpace(text):
                reason = SkipReason.MissingField;
                problem = ReadingRules.MissingValue(sensor, "The object has no kWh value (a Kwh, kWh_value or Value property is required).");
                return false;
            case string text:
                parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
                break;
            case double or float or int or long or decimal or short or byte or uint or ulong:
                value = Convert.ToDouble(given, CultureInfo.InvariantCulture);
                parsed = true;
                break;
            default:
                parsed = false;
                break;
        }

        if (parsed && ReadingRules.IsAcceptable(value, sensor))
        {
            return true;
        }

        problem = ReadingRules.InvalidValue(sensor, "kWh value", given?.ToString(), parsed ? value : null);
        return false;
    }

    private static SkippedRecord Skip(string source, long line, SkipReason reason, string message, string raw,
        string? who, object? timestamp, object? value) =>
        new(source, line, reason, message, raw)
        {
            Record = line,
            User = who,
            Timestamp = timestamp?.ToString(),
            Value = value?.ToString(),
        };
}
