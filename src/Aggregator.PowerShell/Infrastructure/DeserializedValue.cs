using System;
using System.Management.Automation;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// The value inside a pipeline or parameter value as the core expects it. PowerShell rebuilds a DateTime after
/// Export-Clixml / Import-Clixml (or remoting) but not a DateTimeOffset: that comes back as a property bag named
/// Deserialized.System.DateTimeOffset, whose UtcDateTime is the instant.
/// </summary>
internal static class DeserializedValue
{
    private const string DeserializedDateTimeOffset = "Deserialized.System.DateTimeOffset";

    public static object? Unwrap(object? value)
    {
        if (value is not PSObject wrapped)
        {
            return value;
        }

        if (wrapped.TypeNames.Count > 0 && wrapped.TypeNames[0] == DeserializedDateTimeOffset &&
            wrapped.Properties["UtcDateTime"]?.Value is { } utc)
        {
            return Unwrap(utc) is DateTime time ? DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc) : wrapped.ToString();
        }

        return wrapped.BaseObject;
    }
}
