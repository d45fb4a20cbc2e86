namespace Aggregator.PowerShell.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void ModuleImports_AndMeasuresTheSample()
    {
        using var host = new ModuleHost();

        RunResult result = host.Run("(Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Measure-UserEvent).Count", RepoPaths.EventsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(5, (int)result.Single());
    }

    [Fact]
    public void ImportModule_StartsCompilingTheJsonReadPath()
    {
        using var host = new ModuleHost();

        RunResult result = host.Run(
            "[Aggregator.Reading.HotLoopPrecompiler]::JsonEventPath.Where({ -not [Aggregator.Reading.HotLoopPrecompiler]::IsQueued($_) }).Count");

        Assert.Null(result.Terminating);
        Assert.Equal(0, (int)result.Single());
    }
}
