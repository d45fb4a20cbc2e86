using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Aggregator.Summaries;

namespace Aggregator;

/// <summary>
/// One group of a general summary (Measure-Record): the group's key values, its time bin, its count and the figures the
/// spec asks for. <see cref="GetColumns"/> is its flat form (one column per figure); <see cref="ToState"/> is the whole
/// group as compact text, which is what lets a copy that went through Export-Csv, a job or remoting merge again.
/// </summary>
public sealed class RecordSummary
{
    private const string StatePrefix = "rs1:";

    public RecordSummary(SummarySpec spec, IReadOnlyList<string?> keys, DateTime? bin, SummaryGroup group)
    {
        if (keys.Count != spec.By.Count)
        {
            throw new ArgumentException($"A group of this summary has {spec.By.Count} key value(s), not {keys.Count}.", nameof(keys));
        }

        Spec = spec;
        Keys = keys;
        Bin = bin;
        Group = group;
    }

    public SummarySpec Spec { get; }

    /// <summary>The value of each -By field, in order; null where the record had none.</summary>
    public IReadOnlyList<string?> Keys { get; }

    /// <summary>The start of the group's time bin (UTC), with -Interval.</summary>
    public DateTime? Bin { get; }

    public SummaryGroup Group { get; }

    public long Count => Group.Count;

    public bool IsExact => Group.IsExact;

    /// <summary>
    /// The flat columns: each -By field, Bin, Count, then per field Sum, Average, Minimum, Maximum and
    /// StandardDeviation (as Measure-Object names them), DistinctCount, P50 and the other percentiles, and Top
    /// ("value=count;..."); then IsExact and State.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetColumns()
    {
        var columns = new List<KeyValuePair<string, object?>>(GetFigures()) { new("State", State) };
        return columns;
    }

    /// <summary>The columns without State, whose text costs more to make than the rest: it is made only when read.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetFigures() => _figures ??= MakeFigures();

    /// <summary>The group's whole state as text (<see cref="ToState"/>), made when first read.</summary>
    public string State => _state ??= ToState();

    // Made once, when first read: a group is finished when it is handed out (merging makes new groups).
    private IReadOnlyList<KeyValuePair<string, object?>>? _figures;
    private string? _state;

    private List<KeyValuePair<string, object?>> MakeFigures() =>
        Spec.Columns.Take(Spec.Columns.Count - 1)   // all but State, the last
            .Select(column => new KeyValuePair<string, object?>(column.Name, column.Value(this)))
            .ToList();

    /// <summary>The whole group, spec included, as printable text that survives CSV and serialization.</summary>
    public string ToState()
    {
        // Not compressed: the sketches' own states are compact already, and a compressor per group costs more than the
        // rest of the group's output.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Spec.ToString());
            foreach (string? key in Keys)
            {
                writer.Write(key is not null);
                writer.Write(key ?? string.Empty);
            }

            writer.Write(Bin is not null);
            writer.Write(Bin?.Ticks ?? 0);
            Group.Write(writer);
        }

        return StatePrefix + Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <exception cref="FormatException">The text is not the state of a RecordSummary.</exception>
    public static RecordSummary FromState(string state)
    {
        if (state is null || !state.StartsWith(StatePrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"A RecordSummary state starts with '{StatePrefix}'; this one does not.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(state[StatePrefix.Length..])), Encoding.UTF8);
            SummarySpec spec = SummarySpec.Parse(reader.ReadString());
            var keys = new string?[spec.By.Count];
            for (int i = 0; i < keys.Length; i++)
            {
                bool has = reader.ReadBoolean();
                string key = reader.ReadString();
                keys[i] = has ? key : null;
            }

            bool hasBin = reader.ReadBoolean();
            long binTicks = reader.ReadInt64();
            return new RecordSummary(spec, keys, hasBin ? new DateTime(binTicks, DateTimeKind.Utc) : null, SummaryGroup.Read(reader, spec));
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException($"The RecordSummary state is damaged: {ex.Message}", ex);
        }
    }

    public override string ToString() =>
        string.Join(" ", Keys.Select(key => key ?? "(none)")) + (Bin is DateTime bin ? " " + bin.ToString("s", CultureInfo.InvariantCulture) : string.Empty) + $" {Count}";
}
