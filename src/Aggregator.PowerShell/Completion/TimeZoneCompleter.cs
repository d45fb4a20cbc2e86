using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Aggregator.Commands.Completion;

/// <summary>Completes time zone ids (Europe/Berlin, UTC, …) from the zones this system knows.</summary>
public sealed class TimeZoneCompleter : IArgumentCompleter
{
    private static readonly Lazy<string[]> ZoneIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(zone => zone.Id).Append("UTC").Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray());

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionText.Matching(ZoneIds.Value, wordToComplete, id =>
            TimeZoneInfo.TryFindSystemTimeZoneById(id, out TimeZoneInfo? zone) ? zone.DisplayName : id);
}
