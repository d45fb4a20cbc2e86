using System;
using System.Collections.Generic;
using System.Linq;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// Which header columns feed which fields: for each column, the fields (and the rank of the name that matched) it
/// offers its value to. Header names match case-insensitively, ignoring surrounding spaces.
/// </summary>
internal sealed class CsvColumns
{
    private static readonly Target[] NoTargets = new Target[0];

    private readonly Target[][] _targets;
    private readonly List<int> _missingFields;

    public CsvColumns(IReadOnlyList<string> header, FieldMap fields)
    {
        _targets = new Target[header.Count][];
        var missing = new List<string>();
        var missingFields = new List<int>();
        for (int field = 0; field < fields.FieldCount; field++)
        {
            IReadOnlyList<string> names = fields.NamesFor(field);
            bool found = false;
            for (int rank = 0; rank < names.Count; rank++)
            {
                for (int column = 0; column < header.Count; column++)
                {
                    if (string.Equals(header[column].Trim(), names[rank], StringComparison.OrdinalIgnoreCase))
                    {
                        _targets[column] = With(_targets[column] ?? NoTargets, new Target(field, rank));
                        found = true;
                        break;
                    }
                }
            }

            if (!found)
            {
                missing.Add(names[0]);
                missingFields.Add(field);
            }
        }

        for (int column = 0; column < _targets.Length; column++)
        {
            _targets[column] ??= NoTargets;
            if (_targets[column].Length > 0)
            {
                UsefulColumns = column + 1;
            }
        }

        Header = header;
        Missing = missing;
        _missingFields = missingFields;
    }

    public IReadOnlyList<string> Header { get; }

    // Plain arrays, not LINQ: generic methods instantiated over Target are compiled when first called, on every import.
    private static Target[] With(Target[] targets, Target added)
    {
        var grown = new Target[targets.Length + 1];
        Array.Copy(targets, grown, targets.Length);
        grown[targets.Length] = added;
        return grown;
    }

    /// <summary>The first name of each field that no column matched.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Columns after this many feed no field, so a row need not be split past them.</summary>
    public int UsefulColumns { get; }

    public ReadOnlySpan<Target> For(int column) => column < _targets.Length ? _targets[column] : default;

    /// <summary>
    /// True when the file is read as one sensor named after it: the sensor column was named explicitly
    /// (<see cref="FieldMap.SensorFromFileName"/>) and the header has none of its names.
    /// </summary>
    public bool SensorFromFileName { get; private set; }

    /// <summary>
    /// Every field needs its column (sensor files, <see cref="Shapes.ReadingShapeDescriptor.CheckHeader"/>): without one, no
    /// row could be valid, so the file fails as a whole.
    /// </summary>
    public void RequireAll(FieldMap fields)
    {
        if (Missing.Count == 0)
        {
            return;
        }

        var missingFields = new List<int>(_missingFields);
        if (Header.Count > 0 && fields.SensorFromFileName && missingFields.Remove((int)ReadingField.Source) &&
            missingFields.Count == 0)
        {
            SensorFromFileName = true;
            return;
        }

        string needed = string.Join(", ", Enumerable.Range(0, fields.FieldCount).Select(field => fields.NamesFor(field)[0]));
        throw new InvalidHeaderException(Header.Count == 0
            ? $"The file has no header row; it needs the columns {needed}."
            : DescribeMissing(fields, missingFields));
    }

    // "The header has no 'timestamp' column (looked for: timestamp). Columns found: a, b. Name the column with -TimestampField."
    private string DescribeMissing(FieldMap fields, List<int> missingFields)
    {
        IEnumerable<string> clauses = missingFields.Select(field =>
            $"no '{fields.FieldName(field)}' column (looked for: {string.Join(", ", fields.NamesFor(field))})");
        string[] options = missingFields.Select(fields.OptionFor).OfType<string>().ToArray();
        string found = string.Join(", ", Header.Where(name => name.Trim().Length > 0).Select(name => name.Trim()));
        string message = $"The header has {InWords(clauses.ToArray())}. Columns found: {(found.Length == 0 ? "none" : found)}.";
        return options.Length == 0 ? message
            : $"{message} Name the column{(options.Length > 1 ? "s" : "")} with {InWords(options)}.";
    }

    // "a", "a and b", "a, b and c"
    private static string InWords(string[] items) =>
        items.Length < 2 ? string.Concat(items) : string.Join(", ", items[..^1]) + " and " + items[^1];

    public readonly record struct Target(int Field, int Rank);
}
