using System.Diagnostics;
using System.Reflection;

namespace Aggregator.Pester.Tests;

/// <summary>
/// One case per Pester file: runs it under the pinned pwsh (dotnet tool run pwsh) with the Pester the build copied
/// into out/tools/Pester. A failing Pester test fails this case with Pester's own report as the message.
/// </summary>
public sealed class PesterSuiteTests
{
    private static readonly string RepoRoot = typeof(PesterSuiteTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(10);

    public static TheoryData<string> PesterFiles()
    {
        var files = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(RepoRoot, "tests"), "*.Tests.ps1").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(path));
        }
        return files;
    }

    [Fact]
    public void FindsThePesterFiles()
    {
        var files = PesterFiles().Cast<object[]>().Select(row => (string)row[0]).ToList();
        Assert.Contains("Aggregator.Tests.ps1", files);
        Assert.Contains("Energy.Tests.ps1", files);
    }

    [Theory]
    [MemberData(nameof(PesterFiles))]
    public void PesterFilePasses(string file)
    {
        string results = Path.Combine(RepoRoot, "TestResults", "pester-" + Path.GetFileNameWithoutExtension(file) + ".xml");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File",
            Path.Combine(RepoRoot, "tests", "Aggregator.Pester.Tests", "Invoke-PesterFile.ps1"),
            "-Path", Path.Combine(RepoRoot, "tests", file),
            "-PesterManifest", Path.Combine(RepoRoot, "out", "tools", "Pester", "Pester.psd1"),
            "-ResultPath", results,
        })
        {
            start.ArgumentList.Add(arg);
        }
        // The plain-text report reads well inside a test failure message.
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(FileTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {FileTimeout}.\n{stdout.Result}\n{stderr.Result}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"{file}: pwsh exited with {process.ExitCode}.\n{stdout.Result}\n{stderr.Result}");
        Assert.Contains("Failed: 0", stdout.Result);
    }
}
