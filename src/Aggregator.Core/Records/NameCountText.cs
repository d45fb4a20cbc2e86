using System;
using System.Collections.Generic;
using System.Linq;

namespace Aggregator;

/// <summary>
/// How a count per name prints in one Export-Csv cell: "InvalidJson=1;MissingField=2", names in ordinal order.
/// Shared by the live dictionaries and by the module's text for their deserialized copies, so both print alike.
/// </summary>
public static class NameCountText
{
    public const string Separator = ";";

    public static string Format(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(Separator, counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
}
