using System;
using System.IO;
using System.Linq;
using Aggregator.Sketches;

namespace Aggregator.Summaries;

/// <summary>
/// The figures of one group of a summary: its count, and per requested field the numeric moments, a distinct counter,
/// a t-digest or a top-values sketch. Each part merges exactly or within its estimator's bound, so a group's memory
/// stays the same however many records it takes in.
/// </summary>
public sealed class SummaryGroup
{
    public SummaryGroup(SummarySpec spec)
    {
        Moments = new NumericMoments[spec.Numeric.Count];
        Distinct = spec.DistinctFields.Select(_ => new DistinctCounter()).ToArray();
        Digests = spec.Percentiles.Select(_ => new TDigest()).ToArray();
        Tops = spec.Top.Select(request => new TopValues(TopCapacity(request.Count))).ToArray();
    }

    /// <summary>Values a top-N sketch tracks: ten times N, and at least its default, so the first N are seldom wrong.</summary>
    public static int TopCapacity(int count) => Math.Max(TopValues.DefaultCapacity, count * 10);

    public long Count { get; set; }

    public NumericMoments[] Moments { get; }

    public DistinctCounter[] Distinct { get; }

    public TDigest[] Digests { get; }

    public TopValues[] Tops { get; }

    /// <summary>True when no figure is an estimate: every distinct count, percentile and top list is still exact.</summary>
    public bool IsExact => Distinct.All(d => d.IsExact) && Digests.All(d => d.IsExact) && Tops.All(t => t.IsExact);

    public void Merge(SummaryGroup other)
    {
        Count += other.Count;
        for (int i = 0; i < Moments.Length; i++)
        {
            Moments[i].Merge(other.Moments[i]);
        }

        for (int i = 0; i < Distinct.Length; i++)
        {
            Distinct[i].Merge(other.Distinct[i]);
        }

        for (int i = 0; i < Digests.Length; i++)
        {
            Digests[i].Merge(other.Digests[i]);
        }

        for (int i = 0; i < Tops.Length; i++)
        {
            Tops[i].Merge(other.Tops[i]);
        }
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        foreach (NumericMoments m in Moments)
        {
            writer.Write(m.Count);
            writer.Write(m.Sum);
            writer.Write(m.Min);
            writer.Write(m.Max);
            writer.Write(m.Mean);
            writer.Write(m.SquaredDeviations);
        }

        foreach (DistinctCounter d in Distinct)
        {
            writer.Write(d.ToState());
        }

        foreach (TDigest d in Digests)
        {
            writer.Write(d.ToState());
        }

        foreach (TopValues t in Tops)
        {
            writer.Write(t.ToState());
        }
    }

    internal static SummaryGroup Read(BinaryReader reader, SummarySpec spec)
    {
        var group = new SummaryGroup(spec) { Count = reader.ReadInt64() };
        for (int i = 0; i < group.Moments.Length; i++)
        {
            group.Moments[i] = new NumericMoments
            {
                Count = reader.ReadInt64(),
                Sum = reader.ReadDouble(),
                Min = reader.ReadDouble(),
                Max = reader.ReadDouble(),
                Mean = reader.ReadDouble(),
                SquaredDeviations = reader.ReadDouble(),
            };
        }

        for (int i = 0; i < group.Distinct.Length; i++)
        {
            group.Distinct[i] = DistinctCounter.FromState(reader.ReadString());
        }

        for (int i = 0; i < group.Digests.Length; i++)
        {
            group.Digests[i] = TDigest.FromState(reader.ReadString());
        }

        for (int i = 0; i < group.Tops.Length; i++)
        {
            group.Tops[i] = TopValues.FromState(reader.ReadString());
        }

        return group;
    }
}
