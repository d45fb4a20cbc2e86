using Xunit.Abstractions;
namespace Aggregator.PowerShell.Tests;
public class ZzScratch
{
    private readonly ITestOutputHelper _out;
    public ZzScratch(ITestOutputHelper o) => _out = o;
    [Fact]
    public void Explore()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var host = new ModuleHost();
        _out.WriteLine($"host: {sw.ElapsedMilliseconds} ms");
        foreach (var script in new[] {
            "[pscustomobject]@{User='a';Event='b';Status='success'} | Measure-UserEvent | % { $_.User + ' ' + $_.TotalEvents + ' ' + $_.Success + ' ' + $_.Fail }",
            "[pscustomobject]@{user_id=12;event_type='b';result='fail'} | Measure-UserEvent | % { $_.User + ' ' + $_.TotalEvents + ' ' + $_.Success + ' ' + $_.Fail }",
            "[pscustomobject]@{user_id='12';event_type='b';result='fail';event_time='2024-06-01T10:00:00Z'} | Group-EventByHour | % { $_.Start.ToString('o') + ' ' + $_.TotalEvents + ' ' + $_.Fail }",
            "[pscustomobject]@{User='a';Event='b';Status='success';Timestamp=[datetime]'2024-06-01T10:00:00Z'} | Group-EventByHour | % { $_.Start.ToString('o') + ' ' + $_.Start.Kind+ ' ' + $_.TotalEvents }",
            "(Get-Help Import-EventRecord).Synopsis",
            "(Get-Help Import-EventRecord -Examples).examples.example.Count",
            "Test-ModuleManifest $args",
        })
        {
            var r = host.Run(script, RepoPaths.ModuleManifest);
            _out.WriteLine($"== {script}\n{string.Join("\n", r.Output)}\nERR: {string.Join("\n", r.Errors)} {r.Terminating?.Message}");
        }
        var sw2 = System.Diagnostics.Stopwatch.StartNew();
        using var host2 = new ModuleHost();
        _out.WriteLine($"host2: {sw2.ElapsedMilliseconds} ms");
    }
}
