using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// The parameters that shape a stored result, as one text: a stored result is reused only by a run with the same. The
/// input, the store, the workers and the common parameters leave the result as it is, so they are not part of it.
/// </summary>
internal static class StoreOptionsKey
{
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Path", "LiteralPath", "Store", "ThrottleLimit", "StatisticsVariable", "SkippedVariable", "MaxSkipped",
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    public static string Of(IDictionary<string, object> bound) =>
        string.Join(";", bound.Where(pair => !Ignored.Contains(pair.Key))
            .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .Select(pair => $"{pair.Key}={TextOf(pair.Value)}"));

    private static string TextOf(object? value) => value switch
    {
        null => string.Empty,
        PSObject wrapped => TextOf(wrapped.BaseObject),
        string text => text,
        SwitchParameter flag => flag.IsPresent ? "true" : "false",
        IDictionary table => "{" + string.Join(",", table.Keys.Cast<object>().Select(key => $"{key}={TextOf(table[key])}")
            .OrderBy(entry => entry, StringComparer.Ordinal)) + "}",
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(TextOf)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
