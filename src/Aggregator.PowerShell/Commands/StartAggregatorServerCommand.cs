using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net;
using Aggregator.Commands.Infrastructure;
using Aggregator.Reporting;
using Aggregator.Service;
using Aggregator.Store;

namespace Aggregator.Commands;

/// <summary>
/// Serves a results store over HTTP: the Mock S3 Aggregator's API (POST /files, GET /files/{id}, GET /files, /health,
/// /openapi.json) and its web UI at /ui, with uploads processed in the background. Runs until Ctrl+C, or with -AsJob
/// in the background until Stop-Job.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "AggregatorServer")]
[OutputType(typeof(ServerInfo), typeof(SensorFileSummary), typeof(Job))]
public sealed class StartAggregatorServerCommand : StoreCmdlet
{
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>The address to listen on; loopback (127.0.0.1) by default. Any other needs -ApiKey.</summary>
    [Parameter]
    [ValidateNotNull]
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>A key every request must carry in its X-Api-Key header.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ApiKey { get; set; }

    /// <summary>The largest upload accepted, in bytes; larger ones get 413.</summary>
    [Parameter]
    [ValidateRange(1024, 1L << 30)]
    public long MaxUploadBytes { get; set; } = ServerOptions.DefaultMaxUploadBytes;

    /// <summary>Workers of the ingest that processes uploads.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Math.Min(Environment.ProcessorCount, 64);

    /// <summary>Runs the server in the background of this session and returns its job.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void EndProcessing()
    {
        ServerAssets assets;
        try
        {
            assets = LoadAssets();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ModuleFileMissing", ErrorCategory.ObjectNotFound, null));
            return;
        }

        ResultStore store = OpenStore();
        AggregatorServer server;
        try
        {
            server = new AggregatorServer(store, new ServerOptions
            {
                Address = ListenAddress, Port = Port, ApiKey = ApiKey, MaxUploadBytes = MaxUploadBytes, IngestWorkers = ThrottleLimit,
            }, assets);
            server.Start();
        }
        catch (Exception ex) when (ex is ArgumentException or HttpListenerException or IOException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex is ArgumentException ? "ApiKeyRequired" : "ListenFailed",
                ex is ArgumentException ? ErrorCategory.SecurityError : ErrorCategory.ResourceUnavailable, ListenAddress));
            return;
        }

        if (AsJob)
        {
            var job = new AggregatorServerJob(server, MyInvocation.Line, $"AggregatorServer:{Port}");
            JobRepository.Add(job);
            WriteObject(job);
            return;
        }

        var lines = new ConcurrentQueue<string>();
        var processed = new ConcurrentQueue<SensorFileSummary>();
        server.Log += lines.Enqueue;
        server.Processed += processed.Enqueue;
        WriteObject(new ServerInfo(server.Url.ToString(), store.Path, ApiKey is not null));
        try
        {
            while (!Cancellation.WaitHandle.WaitOne(200))
            {
                while (lines.TryDequeue(out string? line))
                {
                    WriteVerbose(line);
                }

                while (processed.TryDequeue(out SensorFileSummary? result))
                {
                    WriteObject(result);
                }
            }
        }
        finally
        {
            server.Dispose();   // Ctrl+C: stops within a second
        }

        throw new PipelineStoppedException();
    }

    private ServerAssets LoadAssets()
    {
        var ui = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in new[] { "index.html", "file.html", "ui.js", "ui.css" })
        {
            ui[name] = ModuleFiles.Read(this, "ui", name);
        }

        return new ServerAssets(ui, ModuleFiles.Report(this));
    }
}
