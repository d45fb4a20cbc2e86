using System.Management.Automation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>
/// Reads sensor CSV files (sensor_id, timestamp and value columns) and emits typed SensorReading objects. A bad row is a
/// non-terminating error with its row number and reason; a file without a required column is one error for that file.
/// </summary>
[Cmdlet(VerbsData.Import, "SensorReading", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SensorReading))]
public sealed class ImportSensorReadingCommand : SensorFileCmdlet
{
    protected override void EndProcessing()
    {
        ReadGatheredRecords(ordered: true);
        base.EndProcessing();
    }

    protected override void OnRecord(IInputRecord record) => WriteObject(record);
}
