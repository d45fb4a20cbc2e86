using System.Text;
using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Sinks that read no names get the same validation and counts as those that read both.</summary>
public class NameUseTests
{
    private const string Input = """
        {"user":"a","event":"x","status":"ok","timestamp":"2024-06-01 08:10:00"}
        {"event":"x","status":"ok","timestamp":"2024-06-01 08:20:00"}
        {"user":"b","status":"fail","timestamp":"2024-06-01 09:00:00"}
        {"user":"c","event":"y","status":"fail","timestamp":"2024-06-01 09:30:00"}
        """;

    [Fact]
    public void HourlyCountsWithoutNamesStillSkipRecordsWithoutUserOrEvent()
    {
        var hours = new TimeBucketAccumulator(TimeSpan.FromHours(1));
        var skipped = new List<SkippedRecord>();
        Assert.Equal(NameUse.None, hours.Names);

        FileImportStatistics result = EventFileReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(Input)), "e.jsonl",
            EventReadOptions.Default, new AccumulatingSink(hours, skipped.Add, null));

        Assert.Equal((4L, 2L, 2L), (result.TotalRecords, result.ValidRecords, result.SkippedRecords));
        Assert.All(skipped, s => Assert.Equal(SkipReason.MissingField, s.Reason));
        Assert.Equal(new[] { (8, 1L, 1L, 0L), (9, 1L, 0L, 1L) },
            hours.GetResults().Select(b => (b.Start.Hour, b.TotalEvents, b.Success, b.Fail)));
    }

    [Fact]
    public void StatisticsThatCountUsersMakeTheReaderInternThem()
    {
        var hours = new TimeBucketAccumulator(TimeSpan.FromHours(1));
        var statistics = new ImportStatisticsAccumulator();
        var sink = new AccumulatingSink(hours, _ => { }, statistics);
        Assert.Equal(NameUse.User, sink.Names);

        statistics.AddFile(EventFileReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(Input)), "e.jsonl",
            EventReadOptions.Default, sink));

        Assert.Equal(2, statistics.GetResult().UniqueUsers);
        Assert.Equal(0, new ImportStatisticsAccumulator { TracksUsers = false }.GetResult().UniqueUsers);
    }
}
