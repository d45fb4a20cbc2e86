using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Objects bound by property name, counted as one more source, "(pipeline)": each object is a record, numbered as a
/// file's lines are, so that a skipped one can be found and read = valid + skipped holds in -StatisticsVariable.
/// </summary>
internal sealed class PipelineInput
{
    /// <summary>The source pipeline records and their errors name.</summary>
    public const string Source = "(pipeline)";

    /// <summary>Objects read so far.</summary>
    public long Read { get; private set; }

    public long Valid { get; private set; }

    /// <summary>Counts the next object and gives its number.</summary>
    public long Next() => ++Read;

    public void CountValid() => Valid++;

    /// <summary>The pipeline's line in the statistics, or null when nothing came by property name.</summary>
    public FileImportStatistics? ToStatistics() =>
        Read == 0 ? null : new FileImportStatistics(Source, InputFormat.Auto, Read, Valid, Read - Valid, 0);
}
