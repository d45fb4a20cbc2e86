using System.Management.Automation;
using Aggregator.Parsing;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// File input of sensor CSV files: the sensor_id, timestamp and value columns, in any order and case, or the columns
/// -SensorField, -TimestampField and -ValueField name.
/// </summary>
public abstract class SensorFileCmdlet : FileReadingCmdlet
{
    /// <summary>The sensor id column, best name first; a file with none of them is one sensor, named after the file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SensorField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    /// <summary>The value column, such as Temperature in a file with several value columns.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ValueField { get; set; }

    protected override FieldMap CreateFieldMap() => FieldMap.ForSensor(TimestampField, ValueField, SensorField);
}
