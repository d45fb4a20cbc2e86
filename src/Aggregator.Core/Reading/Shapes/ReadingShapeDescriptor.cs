using System;
using System.Collections.Generic;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>
/// Meter (kWh) and sensor readings: timestamp, value and meter or sensor (<see cref="ReadingField"/>), by
/// <see cref="ReadingRules"/>. A reading travels as a <see cref="ParsedEvent"/> with its meter or sensor in the user
/// slot and comes out as a <see cref="SensorReading"/>.
/// </summary>
internal sealed class ReadingShapeDescriptor : RecordShapeDescriptor
{
    /// <summary>kWh readings' fields in <see cref="ReadingField"/> order: the meter is optional.</summary>
    public static readonly IReadOnlyList<FieldDefinition> KwhFields = new FieldDefinition[]
    {
        new("timestamp", "-TimestampField", new[] { "timestamp", "time", "datetime", "@timestamp" }, "Timestamp"),
        new("kWh value", "-KwhField", new[] { "kWh_value", "kwh", "value" }, "Kwh"),
        new("meter", "-MeterField", new[] { "meter_id", "source_id", "meterId", "meter" }, "Meter"),
    };

    /// <summary>Sensor files' columns in <see cref="ReadingField"/> order, all required.</summary>
    public static readonly IReadOnlyList<FieldDefinition> SensorFields = new FieldDefinition[]
    {
        new("timestamp", "-TimestampField", new[] { "timestamp" }, "Timestamp"),
        new("value", "-ValueField", new[] { "value" }, "Value"),
        new("sensor_id", "-SensorField", new[] { "sensor_id" }, "Sensor"),
    };

    private readonly bool _sensor;

    public ReadingShapeDescriptor(bool sensor) => _sensor = sensor;

    public override RecordShape Shape => _sensor ? RecordShape.Sensor : RecordShape.Kwh;

    public override FieldMap DefaultFields => _sensor ? FieldMap.Sensor : FieldMap.KwhDefault;

    public override Type Rules => typeof(ReadingRules);

    public override RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink) =>
        new ReadingRecordBuilder(source, options, sink);

    public override IInputRecord ToOutput(in ParsedEvent record, string source) =>
        new SensorReading(record.UserId < 0 ? string.Empty : record.User, record.Timestamp!.Value, record.Value, source, record.Line);

    /// <summary>
    /// A sensor file needs every column, or no row could be valid; without the sensor column it may be one sensor
    /// named after the file, when the sensor column was named explicitly.
    /// </summary>
    public override void CheckHeader(CsvColumns columns, FieldMap fields, RecordBuilder builder)
    {
        if (!_sensor)
        {
            return;
        }

        columns.RequireAll(fields);
        if (columns.SensorFromFileName)
        {
            ((ReadingRecordBuilder)builder).UseFileNameAsSensor();
        }
    }
}
