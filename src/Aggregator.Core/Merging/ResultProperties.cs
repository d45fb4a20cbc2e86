using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Aggregator.Merging;

/// <summary>
/// A result as named values, however it arrived: a deserialized object from a job or a remote host (typed values), or
/// a row read back with Import-Csv (text). The getters accept both and say which property is missing or malformed.
/// </summary>
public sealed class ResultProperties
{
    private readonly Func<string, (bool Found, object? Value)> _lookup;
    private readonly Func<object, ResultProperties?>? _wrapNested;

    /// <param name="lookup">Finds a property by name: whether it exists and its value (collections as IEnumerable).</param>
    /// <param name="describe">Names the object in error messages (such as "row 3").</param>
    /// <param name="wrapNested">Reads an object inside a list property (such as one entry of PerFile) as properties.</param>
    public ResultProperties(Func<string, (bool Found, object? Value)> lookup, string describe,
        Func<object, ResultProperties?>? wrapNested = null)
    {
        _lookup = lookup;
        _wrapNested = wrapNested;
        Description = describe;
    }

    public string Description { get; }

    public static ResultProperties FromDictionary(IReadOnlyDictionary<string, object?> values, string describe) =>
        new(name => values.TryGetValue(name, out object? value) ? (true, value) : (false, null), describe,
            item => item is IReadOnlyDictionary<string, object?> nested ? FromDictionary(nested, describe) : null);

    public bool Has(string name) => _lookup(name).Found;

    public object? Value(string name, bool required = true)
    {
        (bool found, object? value) = _lookup(name);
        if (!found && required)
        {
            throw Malformed(name, "is missing");
        }

        return value;
    }

    public string Text(string name, bool required = true) => Value(name, required) switch
    {
        null => string.Empty,
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        object other => other.ToString() ?? string.Empty,
    };

    public string? OptionalText(string name) => Value(name, required: false) is { } value ? Text(name) : null;

    public long Long(string name, bool required = true) => Value(name, required) switch
    {
        null when !required => 0,
        long number => number,
        int number => number,
        double number when number == Math.Floor(number) => (long)number,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
        object other when other is IConvertible && !(other is string) => Convert.ToInt64(other, CultureInfo.InvariantCulture),
        var other => throw Malformed(name, $"is not a whole number ('{other}')"),
    };

    public double Double(string name, bool required = true) => Value(name, required) switch
    {
        null when !required => 0,
        double number => number,
        float number => number,
        long number => number,
        int number => number,
        decimal number => (double)number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        var other => throw Malformed(name, $"is not a number ('{other}')"),
    };

    public double? OptionalDouble(string name) => IsBlank(Value(name, required: false)) ? null : Double(name);

    public bool Boolean(string name, bool required = true) => Value(name, required) switch
    {
        null when !required => false,
        bool value => value,
        string text when bool.TryParse(text, out bool parsed) => parsed,
        var other => throw Malformed(name, $"is not True or False ('{other}')"),
    };

    public DateTime? OptionalDateTime(string name) => IsBlank(Value(name, required: false)) ? null : DateTimeUtc(name);

    /// <summary>A UTC time: a DateTime, a DateTimeOffset or ISO text (Export-Csv writes times in the invariant culture's form).</summary>
    public DateTime DateTimeUtc(string name) => Value(name) switch
    {
        DateTime time => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc),
        DateTimeOffset offset => offset.UtcDateTime,
        string text when DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime parsed) => parsed,
        var other => throw Malformed(name, $"is not a date and time ('{other}')"),
    };

    public DateTimeOffset DateTimeOffset(string name) => Value(name) switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind)),
        string text when System.DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out DateTimeOffset parsed) => parsed,
        var other => throw Malformed(name, $"is not a date and time ('{other}')"),
    };

    public TimeSpan? OptionalTimeSpan(string name) => Value(name, required: false) switch
    {
        null => null,
        TimeSpan span => span,
        string text when text.Length == 0 => null,
        string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed) => parsed,
        long ticks => new TimeSpan(ticks),
        var other => throw Malformed(name, $"is not a time span ('{other}')"),
    };

    public TEnum Enum<TEnum>(string name) where TEnum : struct, Enum => Value(name) switch
    {
        TEnum value => value,
        string text when System.Enum.TryParse(text, ignoreCase: true, out TEnum parsed) => parsed,
        int number => (TEnum)(object)number,
        var other => throw Malformed(name, $"is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())} ('{other}')"),
    };

    /// <summary>A list: a collection of values, or the text a list prints as (<paramref name="separator"/> between items).</summary>
    public IReadOnlyList<string> List(string name, string separator) => Value(name, required: false) switch
    {
        null => Array.Empty<string>(),
        string text => text.Length == 0 ? Array.Empty<string>() : text.Split(separator),
        IEnumerable items => items.Cast<object?>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
        var other => throw Malformed(name, $"is not a list ('{other}')"),
    };

    /// <summary>Name and count pairs: a dictionary, or the "a=1;b=2" text one prints as.</summary>
    public IEnumerable<KeyValuePair<string, long>> Counts(string name) => Value(name, required: false) switch
    {
        null => Array.Empty<KeyValuePair<string, long>>(),
        string text => ParseCounts(name, text),
        IDictionary dictionary => dictionary.Keys.Cast<object>().Select(key =>
            new KeyValuePair<string, long>(Convert.ToString(key, CultureInfo.InvariantCulture)!, Convert.ToInt64(dictionary[key], CultureInfo.InvariantCulture))).ToArray(),
        var other => throw Malformed(name, $"is not a set of counts ('{other}')"),
    };

    /// <summary>The nested objects of a list property (such as ImportStatistics.PerFile), each as properties; none from text.</summary>
    public IReadOnlyList<ResultProperties> Nested(string name) => Value(name, required: false) switch
    {
        null or string => Array.Empty<ResultProperties>(),
        IEnumerable items when _wrapNested is not null =>
            items.Cast<object?>().Select(item => item is null ? null : _wrapNested(item)).OfType<ResultProperties>().ToArray(),
        _ => Array.Empty<ResultProperties>(),
    };

    private IEnumerable<KeyValuePair<string, long>> ParseCounts(string name, string text)
    {
        var counts = new List<KeyValuePair<string, long>>();
        foreach (string pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.LastIndexOf('=');
            if (equals <= 0 || !long.TryParse(pair.AsSpan(equals + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count))
            {
                throw Malformed(name, $"has '{pair}' where name=count belongs");
            }

            counts.Add(new(pair[..equals].Trim(), count));
        }

        return counts;
    }

    private static bool IsBlank(object? value) => value is null || value is string { Length: 0 };

    public FormatException Malformed(string name, string problem) =>
        new($"{Description}: the property {name} {problem}.");
}
