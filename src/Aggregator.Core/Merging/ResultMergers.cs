namespace Aggregator.Merging;

/// <summary>The merger for each kind of result.</summary>
public static class ResultMergers
{
    public static IResultMerger Create(ResultKind kind) => kind switch
    {
        ResultKind.UserEventSummary => new UserEventSummaryMerger(),
        ResultKind.EventStatistics => new EventStatisticsMerger(),
        ResultKind.EventTimeBucket => new TimeBucketMerger(keyed: false),
        ResultKind.KeyedEventTimeBucket => new TimeBucketMerger(keyed: true),
        ResultKind.EventSession => new SessionMerger(),
        ResultKind.KwhUsage => new KwhUsageMerger(),
        ResultKind.SensorSummary => new SensorSummaryMerger(),
        ResultKind.SensorFileSummary => new SensorFileSummaryMerger(),
        ResultKind.ImportStatistics => new ImportStatisticsMerger(),
        _ => new RecordSummaryMerger(),
    };
}
