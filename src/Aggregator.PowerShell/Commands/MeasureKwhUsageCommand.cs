using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Aggregator.Commands.Completion;
using Aggregator.Commands.Infrastructure;
using Aggregator.Energy;
using Aggregator.Parsing;

namespace Aggregator.Commands;

/// <summary>
/// kWh sums per quarter hour, hour or day (UTC or a time zone), optionally per meter, with every period between the
/// first and the last present: a period without readings is a row with Kwh 0 and Readings 0 (Electro). The zero-fill
/// spans at most -MaxFillDays unless -From and -To are both given; rows outside it are written unfilled and warned about.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "KwhUsage", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(KwhUsage))]
public sealed class MeasureKwhUsageCommand : FileReadingCmdlet
{
    private FileAggregate<KwhUsageAccumulator>? _usage;
    private ReadingPropertyParser? _parser;
    private TimeZoneInfo? _zone;

    /// <summary>The reading's time, from the pipeline; a KwhUsage's Period, so that rows can be summed again.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("time", "datetime", "@timestamp", "Period")]
    [AllowNull]
    public object? Timestamp { get; set; }

    /// <summary>The reading's kWh, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("kWh_value", "value")]
    [AllowNull]
    public object? Kwh { get; set; }

    /// <summary>The reading's meter, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("meter_id", "source_id", "Meter")]
    [AllowNull, AllowEmptyString]
    public string? MeterId { get; set; }

    /// <summary>How many readings the object's kWh stands for (a KwhUsage's Readings); one when absent.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Readings { get; set; }

    /// <summary>QuarterHour, Hour (the default) or Day; several give each one's rows in turn, from one read.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public KwhInterval[] Interval { get; set; } = { KwhInterval.Hour };

    /// <summary>One row per meter and period; every meter gets every period.</summary>
    [Parameter]
    public SwitchParameter ByMeter { get; set; }

    /// <summary>IANA or Windows zone id whose local hours and days are the periods; UTC by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? TimeZone { get; set; }

    /// <summary>The first instant counted; the range of rows starts at its period even without readings there.</summary>
    [Parameter]
    [DateArgument]
    public DateTime? From { get; set; }

    /// <summary>The instant counting stops (exclusive); the range of rows ends at the period before it.</summary>
    [Parameter]
    [DateArgument]
    public DateTime? To { get; set; }

    /// <summary>Input names of the timestamp; timestamp, time, datetime or @timestamp by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    /// <summary>Input names of the kWh value; kWh_value, kwh or value by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? KwhField { get; set; }

    /// <summary>Input names of the meter; meter_id, source_id, meterId or meter by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MeterField { get; set; }

    /// <summary>The longest zero-filled stretch, in days, unless -From and -To are both given.</summary>
    [Parameter]
    [ValidateRange(1, 3652059)]
    public int MaxFillDays { get; set; } = (int)KwhUsageAccumulator.DefaultMaxFill.TotalDays;

    protected override IFileAggregate Aggregate => Usage;

    private FileAggregate<KwhUsageAccumulator> Usage => _usage ??= new FileAggregate<KwhUsageAccumulator>(CreateAccumulator);

    private KwhUsageAccumulator Accumulator => Usage.Accumulator;

    protected override string? DefaultAssumeTimeZone => TimeZone;

    protected override FieldMap CreateFieldMap() => FieldMap.ForKwh(TimestampField, KwhField, MeterField);

    protected override void BeginProcessing()
    {
        try
        {
            _zone = TimeZone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
            _ = Accumulator;   // a bad range fails before any input is read
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidKwhOption", ErrorCategory.InvalidArgument, TimeZone));
        }

        base.BeginProcessing();
    }

    protected override bool TryAddBoundProperties(string source, long line, out SkippedRecord? skipped)
    {
        _parser ??= new ReadingPropertyParser(Options.AssumeTimeZone, Options.TimestampStyle);
        if (!_parser.TryCreateKwh(BaseObjectOf(Timestamp), BaseObjectOf(Kwh), MeterId, BaseObjectOf(Readings), source, line,
                out DateTime utc, out double kwh, out long readings, out skipped))
        {
            return false;
        }

        Accumulator.Add(utc, kwh, MeterId?.Trim(), readings);
        return true;
    }

    protected override void WriteResults()
    {
        if (Accumulator.OutsideRange > 0)
        {
            WriteVerbose($"{Accumulator.OutsideRange} reading(s) outside -From/-To were left out.");
        }

        WarnAboutUnfilledRows();
        IReadOnlyList<KwhUsage> rows = Array.Empty<KwhUsage>();
        RunCancellable(() => rows = Accumulator.GetResults(Cancellation));
        WriteEach(rows);
    }

    // Readings far from the rest (a sentinel 0001-01-01, a mistyped year) are rows of their own, not filled to.
    private void WarnAboutUnfilledRows()
    {
        const int named = 10;
        foreach (KwhFillWindow window in Accumulator.GetFillWindows())
        {
            if (window.Outside.Count == 0)
            {
                continue;
            }

            WriteWarning($"{window.Interval} periods are zero-filled only from {Label(window.First)} to {Label(window.Last)}, " +
                $"the stretch of at most -MaxFillDays {MaxFillDays} with the most readings. {window.Outside.Count} row(s) with readings " +
                "outside it are written without zero rows around them; give -From and -To to fill a longer range.");
            foreach (KwhOutlier outlier in window.Outside.Take(named))
            {
                WriteWarning($"Unfilled {window.Interval} row {outlier}.");
            }

            if (window.Outside.Count > named)
            {
                WriteWarning($"... and {window.Outside.Count - named} more unfilled {window.Interval} row(s).");
            }
        }
    }

    private static string Label(DateTimeOffset period) => period.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    private KwhUsageAccumulator CreateAccumulator() =>
        new(Interval, ByMeter, _zone, ToUtc(From), ToUtc(To), TimeSpan.FromDays(MaxFillDays));

    // A date without a kind is read in -TimeZone (or UTC), as the periods are.
    private DateTime? ToUtc(DateTime? given) => given is null ? null : PeriodCalendar.ToUtc(given.Value, _zone);
}
