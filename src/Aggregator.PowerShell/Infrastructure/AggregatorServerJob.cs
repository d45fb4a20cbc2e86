using System.Management.Automation;
using Aggregator.Service;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Start-AggregatorServer -AsJob: the server runs in this process until Stop-Job; processed files are its output.</summary>
public sealed class AggregatorServerJob : Job
{
    private readonly AggregatorServer _server;

    public AggregatorServerJob(AggregatorServer server, string command, string name)
        : base(command, name)
    {
        _server = server;
        PSJobTypeName = "AggregatorServerJob";
        server.Processed += result => Output.Add(PSObject.AsPSObject(result));
        server.Log += line => Verbose.Add(new VerboseRecord(line));
        SetJobState(JobState.Running);
    }

    public override string StatusMessage => JobStateInfo.State == JobState.Running ? $"Serving {_server.Url}" : JobStateInfo.State.ToString();

    public override bool HasMoreData => Output.Count > 0 || Verbose.Count > 0;

    public override string Location => _server.Url.ToString();

    public override void StopJob()
    {
        _server.Dispose();
        SetJobState(JobState.Stopped);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _server.Dispose();
        }

        base.Dispose(disposing);
    }
}
