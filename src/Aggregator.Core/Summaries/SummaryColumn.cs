using System;

namespace Aggregator.Summaries;

/// <summary>One column of a general summary's groups: its name, and how a group's value for it is read.</summary>
public sealed record SummaryColumn(string Name, Func<RecordSummary, object?> Value);
