using System.Diagnostics;
using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// A script started in a test's runspace and left running, so that a test can stop it the way Ctrl+C does and check
/// that it stopped promptly and as a stopped pipeline.
/// </summary>
public sealed class RunningCommand : IDisposable
{
    private readonly System.Management.Automation.PowerShell _ps;
    private readonly IAsyncResult _running;

    public RunningCommand(ModuleHost host, string script, params object?[] args)
    {
        Script = script;
        _ps = System.Management.Automation.PowerShell.Create();
        _ps.Runspace = host.Runspace;
        _ps.AddScript(script);
        foreach (object? arg in args)
        {
            _ps.AddArgument(arg);
        }

        _running = _ps.BeginInvoke();
    }

    public string Script { get; }

    public bool IsCompleted => _running.IsCompleted;

    /// <summary>Fails the test when the command is no longer running: stopping it then would prove nothing.</summary>
    public void AssertRunning()
    {
        Assert.False(_running.IsCompleted, "The command ended before it could be stopped; the test proves nothing.");
        Assert.Equal(PSInvocationState.Running, _ps.InvocationStateInfo.State);
    }

    /// <summary>Stops the command, as Ctrl+C does, and asserts that it ended within the time as a stopped pipeline.</summary>
    /// <returns>How long it took to stop.</returns>
    public TimeSpan StopWithin(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        _ps.Stop();
        bool ended = _running.AsyncWaitHandle.WaitOne(limit);
        clock.Stop();

        Assert.True(ended && clock.Elapsed < limit, $"Stop took {clock.ElapsedMilliseconds} ms.");
        Assert.Equal(PSInvocationState.Stopped, _ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => _ps.EndInvoke(_running));
        return clock.Elapsed;
    }

    public void Dispose() => _ps.Dispose();
}
