using System.Collections.Generic;

namespace Aggregator;

/// <summary>A file's row errors. Prints as "6: missing timestamp; 9: invalid value 'abc'", so an Export-Csv cell is readable.</summary>
public sealed class SensorRowErrorList : List<SensorRowError>
{
    public SensorRowErrorList()
    {
    }

    public SensorRowErrorList(IEnumerable<SensorRowError> errors)
        : base(errors)
    {
    }

    public override string ToString() => string.Join("; ", this);
}
