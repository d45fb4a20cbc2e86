using System;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>
/// Meter (kWh) and sensor readings: timestamp, value and meter or sensor (<see cref="ReadingField"/>), by
/// <see cref="ReadingRules"/>. A reading travels as a <see cref="ParsedEvent"/> with its meter or sensor in the user
/// slot and comes out as a <see cref="SensorReading"/>.
/// </summary>
internal sealed class ReadingShapeDescriptor : RecordShapeDescriptor
{
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
