using System.Collections.Generic;

namespace Aggregator;

/// <summary>A file's row errors. Prints as "6: missing timestamp; 9: invalid value 'abc'", so an Export-Csv cell is readable.</summary>
public sealed class SensorRowErrorList : List<SensorRowError>
{
    /// <summary>Between the errors in the printed text.</summary>
    public const string Separator = "; ";

    public SensorRowErrorList()
    {
    }

    public SensorRowErrorList(IEnumerable<SensorRowError> errors)
        : base(errors)
    {
    }

    public override string ToString() => string.Join(Separator, this);
}
