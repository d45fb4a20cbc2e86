using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Scripts that run with $ErrorActionPreference = 'Stop' or -ErrorAction Stop: a skipped record is data, written to
/// -ErrorVariable as a non-terminating error, and the command still gives its output and its statistics. Only a
/// failure of the command itself (a missing file) and -MaxSkipped end it.
/// </summary>
public sealed class StopPreferenceTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Sample(params string[] parts) => Path.Combine(new[] { RepoPaths.Samples }.Concat(parts).ToArray());

    /// <summary>Each reading cmdlet on a sample with bad records: the command, its input, how many records it skips.</summary>
    public static TheoryData<string, string, int> CommandsWithBadRecords()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string command in new[] { "Measure-UserEvent", "Measure-EventRecord", "Group-EventByHour", "Get-EventSession", "Import-EventRecord" })
        {
            data.Add(command, RepoPaths.EventsJson, 3);
        }

        data.Add("Measure-KwhUsage", Sample("electro", "readings.json"), 2);
        data.Add("Measure-SensorReading", Sample("sensors", "readings.csv"), 1);
        data.Add("Import-SensorReading", Sample("sensors", "readings.csv"), 1);
        data.Add("Import-SignInActivity", Sample("graph-users", "users-array.json"), 1);
        return data;
    }

    // Timings differ from run to run; everything else must be the same.
    private static readonly string[] Timings = { "StartedAt", "ProcessedAt", "ProcessingMs" };

    private static IEnumerable<string> Rendered(IEnumerable<PSObject> output) => output.Select(o =>
    {
        var copy = o.Copy();
        foreach (string timing in Timings.Where(t => copy.Properties[t] is not null))
        {
            copy.Properties.Add(new PSNoteProperty(timing, null), preValidated: true);
        }

        return Render.All(copy);
    });

    private void AssertSameOutputAsSilentlyContinue(string command, string file, int skipped, string stopScript)
    {
        RunResult quiet = _host.Run($"{command} -LiteralPath $args[0] -ErrorAction SilentlyContinue", file);
        Assert.Null(quiet.Terminating);
        Assert.NotEmpty(quiet.Output);

        RunResult stopped = _host.Run(stopScript + "; 'after'", file);

        Assert.Null(stopped.Terminating);
        Assert.Equal("after", stopped.Output.Last().BaseObject);
        Assert.Equal(Rendered(quiet.Output), Rendered(stopped.Output.SkipLast(1)));
        var bad = ((System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject).Cast<object>()
            .Select(o => (ErrorRecord)(o is PSObject p ? p.BaseObject : o)).ToList();
        Assert.Equal(skipped, bad.Count);
        Assert.All(bad, e => Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName));
        Assert.Equal(skipped, stopped.Errors.Count);
        Assert.Equal(skipped, _host.GetVariable("st")!.Prop<long>("SkippedRecords"));
    }

    [Theory]
    [MemberData(nameof(CommandsWithBadRecords))]
    public void ErrorActionPreferenceStop_BadRecords_AreCollected_AndTheOutputAndStatisticsStillCome(string command, string file, int skipped) =>
        AssertSameOutputAsSilentlyContinue(command, file, skipped,
            $"$ErrorActionPreference = 'Stop'; {command} -LiteralPath $args[0] -ErrorVariable bad -StatisticsVariable st");

    [Theory]
    [MemberData(nameof(CommandsWithBadRecords))]
    public void ErrorActionStop_BadRecords_AreCollected_AndTheOutputAndStatisticsStillCome(string command, string file, int skipped) =>
        AssertSameOutputAsSilentlyContinue(command, file, skipped,
            $"{command} -LiteralPath $args[0] -ErrorAction Stop -ErrorVariable bad -StatisticsVariable st");

    [Fact]
    public void ErrorActionStop_BadPipelineObjects_AreCollected_AndTheAggregateStillComes()
    {
        RunResult result = _host.Run("""
            $rows = @(
                [pscustomobject]@{ Timestamp = '2024-07-01T00:10:00Z'; Kwh = '1.5' }
                [pscustomobject]@{ Timestamp = 'not a time'; Kwh = '2' }
                [pscustomobject]@{ Timestamp = '2024-07-01T00:20:00Z'; Kwh = '-3' }
                [pscustomobject]@{ Timestamp = '2024-07-01T00:30:00Z'; Kwh = '0.5' })
            $ErrorActionPreference = 'Stop'
            $rows | Measure-KwhUsage -ErrorVariable bad
            'after'
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(2.0, result.Output[0].Prop<double>("Kwh"));
        Assert.Equal(2, ((System.Collections.IList)_host.GetVariable("bad")!.BaseObject).Count);
    }

    [Fact]
    public void ErrorActionStop_AMissingFile_StillEndsTheCommand()
    {
        RunResult result = _host.Run("Measure-UserEvent -LiteralPath $args[0] -ErrorAction Stop; 'after'",
            Path.Combine(_host.TempDir, "no-such-file.json"));

        Assert.NotNull(result.Terminating);
        Assert.Equal("PathNotFound", result.Terminating!.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void ErrorActionPreferenceStop_TryCatch_SeesNoErrorForBadRecords()
    {
        RunResult result = _host.Run("""
            $ErrorActionPreference = 'Stop'
            try { $users = Measure-UserEvent -LiteralPath $args[0]; "ok $($users.Count)" } catch { "caught $_" }
            """, RepoPaths.EventsJson);

        Assert.Equal("ok 5", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void MaxSkipped_Exceeded_IsATerminatingError_AfterTheStatisticsAreSet_AndWithoutTheAggregate()
    {
        RunResult result = _host.Run("Measure-UserEvent -LiteralPath $args[0] -MaxSkipped 2 -StatisticsVariable st -ErrorAction SilentlyContinue",
            RepoPaths.EventsJson);

        // A terminating error of a command ends its statement: the script's error stream gets it (the skipped records are silenced).
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("TooManySkipped,Aggregator.Commands.MeasureUserEventCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("3 records were skipped", error.Exception.Message);
        Assert.Contains("-MaxSkipped 2", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(3L, _host.GetVariable("st")!.Prop<long>("SkippedRecords"));
    }

    [Fact]
    public void MaxSkipped_Zero_CatchesAnyBadRecord_InATryCatch()
    {
        RunResult result = _host.Run("""
            try { $null = Import-SensorReading -LiteralPath $args[0] -MaxSkipped 0 -ErrorAction SilentlyContinue; 'clean' }
            catch { $_.FullyQualifiedErrorId }
            """, Sample("sensors", "readings.csv"));

        Assert.Equal("TooManySkipped,Aggregator.Commands.ImportSensorReadingCommand", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void MaxSkipped_NotExceeded_ChangesNothing()
    {
        RunResult result = _host.Run("Measure-UserEvent -LiteralPath $args[0] -MaxSkipped 3 -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        Assert.Null(result.Terminating);
        Assert.NotEmpty(result.Output);
    }

    [Fact]
    public void MaxSkipped_CountsBadPipelineObjects_Too()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ User = 'a'; Event = 'login'; Status = 'pending'; Timestamp = '2024-07-01T00:00:00Z' } |
                Measure-EventRecord -MaxSkipped 0 -ErrorAction SilentlyContinue
            """);

        Assert.Equal("TooManySkipped,Aggregator.Commands.MeasureEventRecordCommand", result.Errors.Last().FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void SkippedVariable_HoldsTheSkippedRecords_WhateverTheErrorAction()
    {
        RunResult result = _host.Run("$null = Group-EventByHour -LiteralPath $args[0] -SkippedVariable skipped -ErrorAction Ignore",
            RepoPaths.EventsJson);

        Assert.Null(result.Terminating);
        var skipped = ((System.Collections.IEnumerable)_host.GetVariable("skipped")!.BaseObject).Cast<object>()
            .Select(PSObject.AsPSObject).ToList();
        Assert.Equal(new[] { "MissingField 16", "InvalidTimestamp 17", "UnknownStatus 18" },
            skipped.Select(s => $"{s.Prop("Reason")} {s.Prop("Line")}"));
        Assert.All(skipped, s => Assert.Equal("Aggregator.SkippedRecord", s.TypeName()));
    }

    [Fact]
    public void SkippedVariable_IsAnEmptyList_WhenNothingIsSkipped()
    {
        RunResult result = _host.Run("""
            $null = Measure-SensorReading -LiteralPath $args[0] -SkippedVariable skipped
            $null -ne $skipped -and $skipped.Count -eq 0
            """, Sample("sensors", "boiler.csv"));

        Assert.Equal(true, Assert.Single(result.Output).BaseObject);
    }
}
