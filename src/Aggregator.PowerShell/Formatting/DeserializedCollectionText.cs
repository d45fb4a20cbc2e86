using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Aggregator.Commands.Formatting;

/// <summary>
/// ToString for what serialization makes of the record collections: an EventTypeList arrives as an ArrayList and a
/// SkipReasonCounts as a Hashtable, which print as "System.Collections.ArrayList" and "System.Collections.Hashtable".
/// Aggregator.Types.ps1xml binds these to the Deserialized.* type names, so views and Export-Csv print them as live.
/// </summary>
public static class DeserializedCollectionText
{
    public static string EventTypes(PSObject instance) => JoinItems(instance, EventTypeList.Separator);

    public static string FileStatistics(PSObject instance) => JoinItems(instance, FileStatisticsList.Separator);

    public static string SensorRowErrors(PSObject instance) => JoinItems(instance, SensorRowErrorList.Separator);

    public static string NameCounts(PSObject instance) =>
        instance.BaseObject is IDictionary counts
            ? NameCountText.Format(counts.Cast<DictionaryEntry>().Select(entry => new KeyValuePair<string, long>(
                entry.Key.ToString() ?? string.Empty, LanguagePrimitives.ConvertTo<long>(entry.Value))))
            : instance.BaseObject.ToString() ?? string.Empty;

    private static string JoinItems(PSObject instance, string separator) =>
        instance.BaseObject is IEnumerable items and not string
            ? string.Join(separator, items.Cast<object?>().Select(item => item?.ToString()))
            : instance.BaseObject.ToString() ?? string.Empty;
}
