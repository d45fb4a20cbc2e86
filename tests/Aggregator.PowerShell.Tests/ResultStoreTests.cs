using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The results store as a user drives it: Add-SensorUpload, Start-SensorIngest and Get-SensorResult over the sample
/// sensor files, and Measure-UserEvent -Store reading only what is new. Every store lives in the host's temp folder.
/// </summary>
public sealed class ResultStoreTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private string StorePath => Path.Combine(_host.TempDir, "results.db");

    private static string Sensors => Path.Combine(RepoPaths.Samples, "sensors");

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    // The hosted engine has only the engine's own cmdlets: files come from .NET, and lines are sorted here.
    private const string SampleFiles = "$files = [System.IO.Directory]::GetFiles($folder, '*.csv') | ForEach-Object { [System.IO.FileInfo]::new($_) }";

    [Fact]
    public void UploadIngestQuery_GivesWhatMeasureSensorReadingGives_ForEveryFile()
    {
        var output = _host.RunClean("param($store, $folder)\n" + SampleFiles + """

            $uploaded = $files | Add-SensorUpload -Store $store
            $processed = @(Start-SensorIngest -Store $store -ThrottleLimit 2)
            $direct = @{}
            Measure-SensorReading -LiteralPath $files.FullName -ErrorAction SilentlyContinue | ForEach-Object { $direct[$_.FileId] = $_ }
            ($uploaded | ForEach-Object { $_.Status.ToString() } | Where-Object { $_ -ne 'Uploaded' }).Count
            $processed.Count
            foreach ($s in Get-SensorResult -Store $store) {
                $d = $direct[$s.FileId]
                '{0} {1} {2} {3} {4:0.####} {5} {6} {7}' -f [System.IO.Path]::GetFileName($s.Path), $s.Status, $s.RowCount, $s.ErrorCount,
                    $s.MeanValue, ($s.Status -eq $d.Status), (($s.Errors -join '|') -eq ($d.Errors -join '|')),
                    ($s.PerSensorCount.ToString() -eq $d.PerSensorCount.ToString())
            }
            """, StorePath, Sensors);

        Assert.Equal(0, output[0].BaseObject);
        Assert.Equal(4, output[1].BaseObject);
        Assert.Equal(new[]
        {
            "boiler.csv Processed 3 0 71.8333 True True True",
            "pumps.csv Partial 3 3 4.75 True True True",
            "readings.csv Partial 5 1 25.02 True True True",
            "wrong-header.csv Failed 0 0  True True True",
        }, output.Skip(2).Select(o => o.BaseObject.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GetSensorResult_ChoosesByStatusAndId_FromThePipeline_AndBySensorMerges()
    {
        var output = _host.RunClean("param($store, $folder)\n" + SampleFiles + """

            $null = $files | Add-SensorUpload -Store $store
            $null = Start-SensorIngest -Store $store
            (Get-SensorResult -Store $store -Status Partial, Failed | ForEach-Object { [System.IO.Path]::GetFileName($_.Path) }) -join ','
            (Get-SensorResult -Store $store -Status Processed | Get-SensorResult -Store $store | ForEach-Object { [System.IO.Path]::GetFileName($_.Path) }) -join ','
            $bySensor = Get-SensorResult -Store $store -BySensor | ForEach-Object { '{0}={1}/{2:0.######}' -f $_.SensorId, $_.Count, $_.Sum }
            $direct = Measure-SensorReading -LiteralPath $files.FullName -BySensor -ErrorAction SilentlyContinue | ForEach-Object { '{0}={1}/{2:0.######}' -f $_.SensorId, $_.Count, $_.Sum }
            ($bySensor -join ';') -eq ($direct -join ';')
            $bySensor -join ';'
            @(Get-SensorResult -Store $store -Since ([datetime]::UtcNow.AddMinutes(5))).Count
            """, StorePath, Sensors);

        Assert.Equal("pumps.csv,readings.csv,wrong-header.csv", string.Join(",", output[0].BaseObject.ToString()!.Split(',').Order(StringComparer.Ordinal)));
        Assert.Equal("boiler.csv", output[1].BaseObject);
        Assert.Equal(true, output[2].BaseObject);
        Assert.Equal("boiler=3/215.5;pump-1=2/6;pump-2=1/8.25;sensor-a=2/42.33;sensor-b=2/40.77;sensor-c=1/42", output[3].BaseObject);
        Assert.Equal(0, output[4].BaseObject);
    }

    [Fact]
    public void UnknownFileId_IsANotFoundError()
    {
        RunResult result = _host.Run("param($store) Get-SensorResult -Store $store -FileId 00000000-0000-0000-0000-000000000000", StorePath);

        Assert.Empty(result.Output);
        Assert.Equal("FileIdNotFound", Id(Assert.Single(result.Errors)));
    }

    [Fact]
    public void AddSensorUpload_WhatIf_StoresNothing()
    {
        var output = _host.RunClean("""
            param($store, $folder)
            Add-SensorUpload -Path ([System.IO.Path]::Combine($folder, '*.csv')) -Store $store -WhatIf
            @(Get-SensorResult -Store $store).Count
            [System.IO.Directory]::Exists("$store.objects") -and [System.IO.Directory]::GetFiles("$store.objects", '*', 'AllDirectories').Count -gt 0
            """, StorePath, Sensors);

        Assert.Equal(new object[] { 0, false }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void CorruptStore_IsATerminatingStoreCorruptError()
    {
        File.WriteAllText(StorePath, new string('x', 4096));

        RunResult result = _host.Run("param($store) Get-SensorResult -Store $store", StorePath);

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.Equal("StoreCorrupt", Id(error));
        Assert.Contains("not a SQLite results store", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void MeasureUserEventStore_ReadsOnlyNewOrChangedFiles_AndEqualsAFullRead()
    {
        string logs = Path.Combine(_host.TempDir, "logs");
        Directory.CreateDirectory(logs);
        File.Copy(RepoPaths.EventsJson, Path.Combine(logs, "a.json"));
        File.Copy(RepoPaths.EventsExtraJson, Path.Combine(logs, "b.json"));
        File.Copy(Path.Combine(RepoPaths.Samples, "sessions.jsonl"), Path.Combine(logs, "c.jsonl"));

        var output = _host.RunClean("""
            param($store, $logs)
            function Rows($results) { ($results | ForEach-Object { '{0}:{1}/{2}/{3}:{4}' -f $_.User, $_.TotalEvents, $_.Success, $_.Fail, $_.EventTypes }) -join ' ' }
            $first = Measure-UserEvent -Path "$logs/*" -Store $store -ErrorAction SilentlyContinue -Verbose 4>&1
            @($first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*from the store*' }).Count
            $second = Measure-UserEvent -Path "$logs/*" -Store $store -ErrorAction SilentlyContinue -Verbose -StatisticsVariable st 4>&1
            @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*from the store*' }).Count
            (Rows ($second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })) -eq (Rows (Measure-UserEvent -Path "$logs/*" -ErrorAction SilentlyContinue))
            '{0}={1}+{2}' -f $st.TotalRecords, $st.ValidRecords, $st.SkippedRecords
            [System.IO.File]::AppendAllText("$logs/c.jsonl", "`n" + '{"user":"newcomer","event":"login","status":"success","timestamp":"2024-06-01T10:00:00Z"}')
            $third = Measure-UserEvent -Path "$logs/*" -Store $store -ErrorAction SilentlyContinue -Verbose 4>&1
            @($third | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*from the store*' }).Count
            $merged = Rows ($third | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $merged -eq (Rows (Measure-UserEvent -Path "$logs/*" -ErrorAction SilentlyContinue))
            $merged -like '*newcomer:1/1/0:login*'
            """, StorePath, logs);

        Assert.Equal(0, output[0].BaseObject);
        Assert.Equal(3, output[1].BaseObject);
        Assert.Equal(true, output[2].BaseObject);
        string[] counts = output[3].BaseObject.ToString()!.Split('=', '+');
        Assert.Equal(long.Parse(counts[0]), long.Parse(counts[1]) + long.Parse(counts[2]));
        Assert.Equal(2, output[4].BaseObject);
        Assert.Equal(true, output[5].BaseObject);
        Assert.Equal(true, output[6].BaseObject);
    }

    [Theory]
    [InlineData("Group-EventByHour")]
    [InlineData("Group-EventByHour -By Event -Interval 00:30:00")]
    [InlineData("Get-EventSession")]
    [InlineData("Get-EventSession -IdleTimeout 00:30:00")]
    public void OtherAggregatorsWithStore_EqualAFullRead_AfterAFileGrows(string command)
    {
        string logs = Path.Combine(_host.TempDir, "logs");
        Directory.CreateDirectory(logs);
        File.Copy(RepoPaths.EventsJson, Path.Combine(logs, "a.json"));
        File.Copy(Path.Combine(RepoPaths.Samples, "sessions.jsonl"), Path.Combine(logs, "c.jsonl"));

        var output = _host.RunClean($$"""
            param($store, $logs)
            function Rows($results) { ($results | ForEach-Object { ($_.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ',' }) -join ' | ' }
            $null = {{command}} -Path "$logs/*" -Store $store -ErrorAction SilentlyContinue
            [System.IO.File]::AppendAllText("$logs/c.jsonl", "`n" + '{"user":"alice","event":"login","status":"success","timestamp":"2024-06-01T11:10:00Z"}')
            $stored = {{command}} -Path "$logs/*" -Store $store -ErrorAction SilentlyContinue -Verbose 4>&1
            @($stored | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*from the store*' }).Count
            $merged = Rows ($stored | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $full = Rows ({{command}} -Path "$logs/*" -ErrorAction SilentlyContinue)
            $merged -eq $full
            $merged.Length -gt 0
            """, StorePath, logs);

        Assert.Equal(new object[] { 1, true, true }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void StoreOnAnotherProvider_IsANotFileSystemPathError()
    {
        RunResult result = _host.Run("Get-SensorResult -Store variable:results");

        Assert.Equal("NotFileSystemPath", Id(result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors)));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void MeasureUserEventStore_WithUnique_IsRefused()
    {
        RunResult result = _host.Run("param($store, $file) Measure-UserEvent -Path $file -Store $store -Unique", StorePath, RepoPaths.EventsJson);

        Assert.Equal("StoreWithUnique", Id(result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors)));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void ModuleAssemblies_LoadInTheModulesOwnContext_AndOnlyTheLoaderInTheDefaultOne()
    {
        var output = _host.RunClean("""
            $alc = [System.Runtime.Loader.AssemblyLoadContext]
            $alc::GetLoadContext([Aggregator.EventRecord].Assembly).Name
            $alc::GetLoadContext((Get-Command Measure-UserEvent).ImplementingType.Assembly).Name
            $alc::GetLoadContext([Aggregator.Loader.ModuleLoadContext].Assembly).Name
            @($alc::Default.Assemblies | Where-Object { $_.GetName().Name -in 'Aggregator.Core', 'Aggregator.PowerShell', 'CsvHelper', 'Microsoft.Data.Sqlite' }).Count
            """);

        Assert.Equal(new object[] { "Aggregator", "Aggregator", "Default", 0 }, output.Select(o => o.BaseObject));
    }
}

/// <summary>
/// Ctrl+C on Start-AggregatorServer: PowerShell.Stop() (what the console host calls) ends it within a second and
/// closes the port; an export in the same session writes a report atomically and as Export-Csv's switches say.
/// </summary>
public sealed class ServerAndReportCommandTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task StartAggregatorServer_StopsWithinASecond_OnCtrlC_AndClosesThePort()
    {
        int port = FreePort();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var running = new RunningCommand(_host, "Start-AggregatorServer -Store $args[0] -Port $args[1]",
            Path.Combine(_host.TempDir, "results.db"), port);
        HttpResponseMessage? health = null;
        for (int i = 0; i < 100 && health is null; i++)
        {
            try
            {
                health = await client.GetAsync($"http://127.0.0.1:{port}/health");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, health?.StatusCode);
        running.StopWithin(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/health"));
    }

    [Fact]
    public void ExportAggregateReport_WhatIfWritesNothing_NoClobberKeepsTheFile_ForceReplacesReadOnly()
    {
        string report = Path.Combine(_host.TempDir, "report.html");
        const string Import = "Import-EventRecord $args[0] -ErrorAction SilentlyContinue";

        _host.RunClean($"{Import} | Export-AggregateReport -Path $args[1] -WhatIf", RepoPaths.EventsJson, report);
        Assert.False(File.Exists(report));

        File.WriteAllText(report, "earlier report");
        RunResult refused = _host.Run($"{Import} | Export-AggregateReport -Path $args[1] -NoClobber", RepoPaths.EventsJson, report);
        Assert.Equal("NoClobber", (refused.Terminating?.ErrorRecord ?? Assert.Single(refused.Errors)).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("earlier report", File.ReadAllText(report));

        File.SetAttributes(report, FileAttributes.ReadOnly);
        RunResult readOnly = _host.Run($"{Import} | Export-AggregateReport -Path $args[1]", RepoPaths.EventsJson, report);
        Assert.Equal("ReportWriteFailed", (readOnly.Terminating?.ErrorRecord ?? Assert.Single(readOnly.Errors)).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("earlier report", File.ReadAllText(report));

        var written = _host.RunClean($"{Import} | Export-AggregateReport -Path $args[1] -Force -PassThru", RepoPaths.EventsJson, report);
        Assert.Equal(report, ((FileInfo)Assert.Single(written).BaseObject).FullName);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(report));
        Assert.Empty(Directory.GetFiles(_host.TempDir, ".report.html.*.tmp"));
    }

    [Fact]
    public void ExportAggregateReport_NamesAMissingVariable_AndRefusesOtherObjects()
    {
        string report = Path.Combine(_host.TempDir, "report.html");

        RunResult result = _host.Run("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-AggregateReport -Path $args[1] -Skipped nosuch; 'text' | Export-AggregateReport -Path $args[1]",
            RepoPaths.EventsJson, report);

        Assert.Equal(new[] { "VariableNotFound", "UnsupportedInput" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
    }
}
