using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Aggregator.Commands.Completion;

/// <summary>Turns candidate values into completion results: those starting with the typed text, quoted where needed.</summary>
internal static class CompletionText
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string? typed, Func<string, string> tooltip)
    {
        string prefix = (typed ?? string.Empty).Trim('\'', '"');
        foreach (string candidate in candidates)
        {
            if (candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(Quote(candidate), candidate, CompletionResultType.ParameterValue, tooltip(candidate));
            }
        }
    }

    // Zone ids such as "Pacific Standard Time" hold spaces on Windows.
    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '(', ')', '$', ';', ',' }) < 0 ? value : "'" + value.Replace("'", "''") + "'";
}
