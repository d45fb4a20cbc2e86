using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Aggregator.Browser.Tests;

/// <summary>
/// Start-AggregatorServer in its own pwsh process on a free loopback port, over a fresh store; stopped (killed) at the end.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private Process? _server;

    public string Folder { get; } = Directory.CreateTempSubdirectory("aggregator-server-").FullName;

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        string store = Path.Combine(Folder, "results.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BrowserFixture.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
                     $"Import-Module '{BrowserFixture.Manifest}'; Start-AggregatorServer -Store '{store}' -Port {port} -ThrottleLimit 2" })
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        using var client = new HttpClient();
        for (int i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync(new Uri(Url, "health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_server.HasExited)
            {
                throw new InvalidOperationException("Start-AggregatorServer ended: " + await _server.StandardError.ReadToEndAsync());
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Start-AggregatorServer did not answer /health in 30 seconds.");
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
