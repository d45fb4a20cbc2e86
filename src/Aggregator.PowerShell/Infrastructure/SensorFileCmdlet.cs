using Aggregator.Parsing;

namespace Aggregator.Commands.Infrastructure;

/// <summary>File input of sensor CSV files: the sensor_id, timestamp and value columns, in any order and case.</summary>
public abstract class SensorFileCmdlet : FileReadingCmdlet
{
    protected override FieldMap CreateFieldMap() => FieldMap.Sensor;
}
