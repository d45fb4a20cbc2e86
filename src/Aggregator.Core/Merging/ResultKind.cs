using System;

namespace Aggregator.Merging;

/// <summary>The kinds of result Merge-Aggregate combines: every aggregate the module emits.</summary>
public enum ResultKind
{
    UserEventSummary,
    EventStatistics,
    EventTimeBucket,
    KeyedEventTimeBucket,
    EventSession,
    KwhUsage,
    SensorSummary,
    SensorFileSummary,
    ImportStatistics,
    RecordSummary,
}

/// <summary>Tells a result's kind from its type name, live (Aggregator.X) or after serialization (Deserialized.Aggregator.X).</summary>
public static class ResultKinds
{
    private const string Namespace = "Aggregator.";
    private const string Deserialized = "Deserialized.";

    public static bool TryParseTypeName(string typeName, out ResultKind kind)
    {
        kind = default;
        string name = typeName.StartsWith(Deserialized, StringComparison.Ordinal) ? typeName[Deserialized.Length..] : typeName;
        return name.StartsWith(Namespace, StringComparison.Ordinal) && name.IndexOf('.', Namespace.Length) < 0
            && Enum.TryParse(name[Namespace.Length..], ignoreCase: false, out kind) && Enum.IsDefined(kind);
    }
}
