using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Aggregator.Commands.Completion;

/// <summary>
/// Offers common TimeSpan values for -Interval, -IdleTimeout and -MaxDuration, each with what it means, so a user need
/// not remember that a day is 1.00:00:00.
/// </summary>
public sealed class TimeSpanCompleter : IArgumentCompleter
{
    private static readonly (string Value, string Meaning)[] Common =
    {
        ("00:00:10", "10 seconds"),
        ("00:01:00", "1 minute"),
        ("00:05:00", "5 minutes"),
        ("00:15:00", "15 minutes"),
        ("00:30:00", "30 minutes"),
        ("01:00:00", "1 hour"),
        ("04:00:00", "4 hours"),
        ("12:00:00", "12 hours"),
        ("1.00:00:00", "1 day"),
        ("7.00:00:00", "7 days"),
    };

    private static readonly string[] Values = Array.ConvertAll(Common, c => c.Value);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionText.Matching(Values, wordToComplete, value => Array.Find(Common, c => c.Value == value).Meaning);
}
