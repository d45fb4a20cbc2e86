using System.Diagnostics;
using System.Reflection;
using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>
/// One Chromium for all the tests of a class: Debian's, installed with apt-get when missing, started headless by
/// Playwright. Also runs pwsh (the repository's pinned local tool) to make the pages under test.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepoRoot { get; } = typeof(BrowserFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string Manifest => Path.Combine(RepoRoot, "out", "Aggregator", "Aggregator.psd1");

    public static string Samples => Path.Combine(RepoRoot, "samples");

    public static string Screenshots
    {
        get
        {
            string folder = Path.Combine(RepoRoot, "tests", "Aggregator.Browser.Tests", "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Run("apt-get", "install -y -qq chromium", RepoRoot, TimeSpan.FromMinutes(10));
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath} and apt-get could not install it (package chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = new[] { "--no-sandbox", "--disable-gpu" },
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Runs a pwsh script with the module imported; fails the test with its output when it fails.</summary>
    public static string Pwsh(string script, TimeSpan? timeout = null)
    {
        string file = Path.Combine(Path.GetTempPath(), $"aggregator-browser-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(file, $"$ErrorActionPreference = 'Stop'\nImport-Module '{Manifest}'\n{script}\n");
        try
        {
            return Run("dotnet", $"pwsh -NoProfile -NonInteractive -File \"{file}\"", RepoRoot, timeout ?? TimeSpan.FromMinutes(3));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string Run(string file, string arguments, string folder, TimeSpan timeout, string? input = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {errors.Result}\n{output.Result}");
        }

        return output.Result;
    }
}
