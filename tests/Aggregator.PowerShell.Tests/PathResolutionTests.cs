using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The one path resolver the reading and writing cmdlets share: paths on other providers are refused by provider type,
/// a writer's wildcard must name one item, and a literal path may name a file that is not there yet.
/// </summary>
public sealed class PathResolutionTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("Import-EventRecord -Path Env:PATH")]
    [InlineData("Import-EventRecord -LiteralPath Variable:PSHOME")]
    [InlineData("Measure-UserEvent -Path Function:*")]
    [InlineData("Import-SensorReading -LiteralPath Env:HOME")]
    public void Reader_RefusesAnotherProvider_AsANonTerminatingError(string command)
    {
        RunResult result = _host.Run(command + "; 'went on'");

        Assert.Null(result.Terminating);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("NotFileSystemPath,", error.FullyQualifiedErrorId);
        Assert.Contains("is not a file system path", error.Exception.Message);
        Assert.Equal("went on", result.Output.Last().BaseObject);
    }

    [Theory]
    [InlineData("-Path Env:AGGREGATOR_OUT")]
    [InlineData("-LiteralPath Variable:aggregator_out")]
    public void Writer_RefusesAnotherProvider(string target)
    {
        RunResult result = _host.Run($"1, 2 | Export-JsonLines {target}");

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("NotFileSystemPath,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Writer_WildcardThatMatchesNothing_IsAmbiguous()
    {
        RunResult result = _host.Run("1 | Export-JsonLines -Path $args[0]", Path.Combine(_host.TempDir, "nothing-*.jsonl"));

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("AmbiguousPath,", error.FullyQualifiedErrorId);
        Assert.Contains("matches 0 items", error.Exception.Message);
    }

    [Fact]
    public void Writer_WildcardThatMatchesOneFolder_WritesThere()
    {
        string folder = Path.Combine(_host.TempDir, "batches-2024");
        Directory.CreateDirectory(folder);

        RunResult result = _host.Run("1..3 | ForEach-Object { [pscustomobject]@{ n = $_ } } | Export-JsonLines -Path $args[0] -BatchSize 2",
            Path.Combine(_host.TempDir, "batches-*"));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl" },
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Writer_LiteralPathToAFileNotThereYet_IsCreated()
    {
        string file = Path.Combine(_host.TempDir, "new[1].jsonl");

        RunResult result = _host.Run("[pscustomobject]@{ n = 1 } | Export-JsonLines -LiteralPath $args[0]", file);

        Assert.Empty(result.Errors);
        Assert.Equal("{\"n\":1}\n", File.ReadAllText(file));
    }
}
