using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>The module as shipped: manifest, exports, and the MAML help that Get-Help reads.</summary>
public sealed class HelpAndManifestTests : IDisposable
{
    private static readonly string[] Cmdlets =
    {
        "Add-SensorUpload", "Export-AggregateReport", "Export-JsonLines", "Get-EventSession", "Get-SensorResult", "Group-EventByHour",
        "Import-EventRecord", "Import-SensorReading", "Import-SignInActivity", "Measure-EventRecord", "Measure-KwhUsage", "Measure-Record",
        "Measure-SensorReading", "Measure-UserEvent", "Merge-Aggregate", "Start-AggregatorServer", "Start-SensorIngest",
    };

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private List<string> ExportedCmdlets() =>
        _host.RunClean("Get-Command -Module Aggregator -CommandType Cmdlet | ForEach-Object Name")
            .Select(o => (string)o.BaseObject).OrderBy(n => n, StringComparer.Ordinal).ToList();

    [Fact]
    public void TestModuleManifest_Passes_AndListsTheCmdletsAndTheAlias()
    {
        RunResult result = _host.Run("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        PSObject module = Assert.Single(result.Output);
        Assert.Equal("Aggregator", module.Prop("Name"));
        var cmdlets = ((System.Collections.IDictionary)module.Prop("ExportedCmdlets")!).Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(Cmdlets, cmdlets);
        var aliases = ((System.Collections.IDictionary)module.Prop("ExportedAliases")!).Keys.Cast<string>();
        Assert.Equal(new[] { "Measure-UserEvents" }, aliases);
        Assert.NotEqual(new Version(0, 0), module.Prop("Version"));
    }

    [Fact]
    public void ImportedModule_ExportsExactlyTheListedCmdletsAndTheAlias()
    {
        Assert.Equal(Cmdlets, ExportedCmdlets());
        var alias = Assert.Single(_host.RunClean("Get-Command -Module Aggregator -CommandType Alias"));
        Assert.Equal("Measure-UserEvents", alias.Prop("Name"));
        Assert.Equal("Measure-UserEvent", ((PSObject)PSObject.AsPSObject(alias.Prop("ResolvedCommand"))).Prop("Name"));
    }

    [Fact]
    public void GetHelpExamples_AtLeastTwoForEveryExportedCmdlet_EachUsingTheCmdlet()
    {
        List<string> cmdlets = ExportedCmdlets();
        Assert.Equal(Cmdlets, cmdlets);

        foreach (string cmdlet in cmdlets)
        {
            var codes = _host.RunClean("(Get-Help -Name $args[0] -Examples).examples.example | ForEach-Object { $_.code }", cmdlet)
                .Select(o => o.BaseObject as string).ToList();

            Assert.True(codes.Count >= 2, $"{cmdlet} has {codes.Count} example(s) in Get-Help -Examples.");
            Assert.All(codes, code => Assert.Contains(cmdlet, code));
        }
    }

    [Fact]
    public void GetHelp_ComesFromTheMamlFile_WithSynopsisDescriptionAndOutputType()
    {
        var expected = new Dictionary<string, string>
        {
            ["Import-EventRecord"] = "Aggregator.EventRecord",
            ["Measure-UserEvent"] = "Aggregator.UserEventSummary",
            ["Measure-EventRecord"] = "Aggregator.EventStatistics",
            ["Group-EventByHour"] = "Aggregator.EventTimeBucket",
            ["Measure-KwhUsage"] = "Aggregator.KwhUsage",
            ["Import-SensorReading"] = "Aggregator.SensorReading",
            ["Measure-SensorReading"] = "Aggregator.SensorFileSummary",
            ["Measure-Record"] = "Aggregator.RecordSummary",
            ["Merge-Aggregate"] = "Aggregator.UserEventSummary",
            ["Add-SensorUpload"] = "Aggregator.SensorFileSummary",
            ["Start-SensorIngest"] = "Aggregator.SensorFileSummary",
            ["Get-SensorResult"] = "Aggregator.SensorFileSummary",
            ["Export-AggregateReport"] = "System.IO.FileInfo",
            ["Start-AggregatorServer"] = "Aggregator.Service.ServerInfo",
        };

        foreach (var (cmdlet, outputType) in expected)
        {
            var output = _host.RunClean("""
                $help = Get-Help -Name $args[0] -Full
                $help.Synopsis
                ($help.description | ForEach-Object Text) -join ' '
                ($help.returnValues.returnValue | ForEach-Object { $_.type.name }) -join ','
                """, cmdlet);

            string synopsis = (string)output[0].BaseObject;
            Assert.False(synopsis.StartsWith(cmdlet, StringComparison.Ordinal), $"{cmdlet} has no written synopsis: '{synopsis}'");
            Assert.Contains(cmdlet, (string)output[1].BaseObject);
            Assert.Contains(outputType, (string)output[2].BaseObject);
        }
    }

    [Fact]
    public void GetHelp_DocumentsEveryParameter_WithItsRealPipelineAndWildcardBehaviour()
    {
        foreach (string cmdlet in ExportedCmdlets())
        {
            var output = _host.RunClean("""
                $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
                $command = Get-Command -Name $args[0]
                $command.Parameters.Values | Where-Object { $_.Name -notin $common } | ForEach-Object {
                    $p = $_
                    $byValue = @($p.ParameterSets.Values | Where-Object ValueFromPipeline).Count -gt 0
                    $byName = @($p.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
                    $wild = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
                    $pipe = if ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
                    'code:{0}|{1}|{2}|{3}' -f $p.Name, $pipe, $wild.ToString().ToLowerInvariant(), ($p.Aliases -join ', ')
                }
                (Get-Help -Name $args[0] -Full).parameters.parameter | ForEach-Object {
                    'help:{0}|{1}|{2}|{3}' -f $_.name, $_.pipelineInput, $_.globbing, $(if ($_.aliases -eq 'none') { '' } else { $_.aliases })
                }
                """, cmdlet)
                .Select(o => (string)o.BaseObject).ToList();

            var fromCode = output.Where(l => l.StartsWith("code:", StringComparison.Ordinal)).Select(l => l[5..]).Order(StringComparer.Ordinal);
            var fromHelp = output.Where(l => l.StartsWith("help:", StringComparison.Ordinal)).Select(l => l[5..]).Order(StringComparer.Ordinal);
            Assert.Equal(fromCode, fromHelp);
        }
    }

    [Fact]
    public void GetHelp_PathSupportsWildcards_LiteralPathHasThePSPathAlias()
    {
        var output = _host.RunClean("""
            $params = (Get-Help Import-EventRecord -Full).parameters.parameter
            ($params | Where-Object name -eq Path).globbing
            ($params | Where-Object name -eq LiteralPath).globbing
            ($params | Where-Object name -eq LiteralPath).aliases
            """);

        Assert.Equal(new object[] { "true", "false", "PSPath, LP" }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void AboutTopic_IsFound()
    {
        var output = _host.RunClean("Get-Help about_Aggregator | ForEach-Object { \"$_\" }");

        string text = string.Concat(output.Select(o => o.BaseObject));
        Assert.Contains("about_Aggregator", text);
        Assert.Contains("Import-EventRecord", text);
        Assert.Contains("Measure-UserEvent", text);
    }
}
