using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Aggregator.Core.Tests.Store;
using Aggregator.Reporting;
using Aggregator.Service;
using Aggregator.Store;

namespace Aggregator.Core.Tests.Service;

/// <summary>A server on a free loopback port over a fresh store, with an HttpClient pointed at it.</summary>
internal sealed class ServerHost : IDisposable
{
    public ServerHost(string? apiKey = null, long maxUploadBytes = ServerOptions.DefaultMaxUploadBytes)
    {
        Folder = new StoreFolder();
        Store = Folder.Open();
        var ui = new Dictionary<string, string> { ["index.html"] = "<p>index</p>", ["file.html"] = "<p>file</p>", ["ui.js"] = "1;", ["ui.css"] = "p{}" };
        Server = new AggregatorServer(Store, new ServerOptions
        {
            Port = FreePort(), ApiKey = apiKey, MaxUploadBytes = maxUploadBytes, IngestWorkers = 2,
        }, new ServerAssets(ui, new ReportAssets("var uPlot;", "", "1;", "")));
        Server.Start();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.Url.Port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public StoreFolder Folder { get; }

    public ResultStore Store { get; }

    public AggregatorServer Server { get; }

    public HttpClient Client { get; }

    public static MultipartFormDataContent Form(params (string Name, string Content, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, type) in files)
        {
            var part = new StringContent(content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            form.Add(part, "file", name);
        }

        return form;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        Folder.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
