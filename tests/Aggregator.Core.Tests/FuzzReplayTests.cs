using Aggregator.Fuzz;

namespace Aggregator.Core.Tests;

/// <summary>
/// Replays every fuzz seed and every saved finding (tests/Aggregator.Fuzz/seeds and regressions) through its target:
/// an input that once broke a reader stays a test, with the same invariants AFL++ checked.
/// </summary>
public sealed class FuzzReplayTests
{
    private static readonly string FuzzDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory,
        "..", "..", "..", "..", "Aggregator.Fuzz"));

    public static TheoryData<string, string> Inputs()
    {
        var inputs = new TheoryData<string, string>();
        foreach (string kind in new[] { "seeds", "regressions" })
        {
            string root = Path.Combine(FuzzDir, kind);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                inputs.Add(Path.GetFileName(Path.GetDirectoryName(file))!, Path.GetRelativePath(FuzzDir, file));
            }
        }

        return inputs;
    }

    [Fact]
    public void EveryTargetHasSeeds()
    {
        var targets = Inputs().Select(row => (string)row[0]).ToHashSet();
        Assert.All(FuzzTargets.Names, name => Assert.Contains(name, targets));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void InputKeepsTheReaderInvariants(string target, string input)
    {
        FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(FuzzDir, input)));
    }
}
