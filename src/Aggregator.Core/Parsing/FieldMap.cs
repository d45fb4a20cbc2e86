using System;
using System.Collections.Generic;
using System.Linq;
using Aggregator.Reading.Shapes;

namespace Aggregator.Parsing;

/// <summary>
/// Which input names feed each field of a record, in order of preference. Event records have User, Event, Status and
/// Timestamp (<see cref="EventField"/>); readings have Timestamp, Value and Source (<see cref="ReadingField"/>).
/// Names match case-insensitively; a dotted name such as <c>actor.login</c> is a path into nested objects (and also
/// matches a flat key spelled that way).
/// </summary>
public sealed class FieldMap
{
    // Each shape's fields and their default names are declared by its descriptor (Reading/Shapes); these are kept
    // here as the public names they have always had.
    public static readonly IReadOnlyList<string> DefaultUserNames = EventShapeDescriptor.Fields[(int)EventField.User].DefaultNames;
    public static readonly IReadOnlyList<string> DefaultEventNames = EventShapeDescriptor.Fields[(int)EventField.Event].DefaultNames;
    public static readonly IReadOnlyList<string> DefaultStatusNames = EventShapeDescriptor.Fields[(int)EventField.Status].DefaultNames;
    public static readonly IReadOnlyList<string> DefaultTimestampNames = EventShapeDescriptor.Fields[(int)EventField.Timestamp].DefaultNames;

    public static readonly IReadOnlyList<string> DefaultKwhNames = ReadingShapeDescriptor.KwhFields[(int)ReadingField.Value].DefaultNames;
    public static readonly IReadOnlyList<string> DefaultMeterNames = ReadingShapeDescriptor.KwhFields[(int)ReadingField.Source].DefaultNames;
    public static readonly IReadOnlyList<string> DefaultReadingTimestampNames = ReadingShapeDescriptor.KwhFields[(int)ReadingField.Timestamp].DefaultNames;

    private readonly IReadOnlyList<string>[] _names;
    private readonly string[] _fieldNames;
    private readonly string[]? _options;

    public FieldMap(IEnumerable<string>? user = null, IEnumerable<string>? @event = null,
        IEnumerable<string>? status = null, IEnumerable<string>? timestamp = null)
        : this(RecordShape.Event, EventShapeDescriptor.Fields, new[] { user, @event, status, timestamp })
    {
    }

    // A map of a shape's declared fields: the given names of each field, or its defaults where none are given.
    private FieldMap(RecordShape shape, IReadOnlyList<FieldDefinition> fields, IEnumerable<string>?[] given)
        : this(shape,
            fields.Select(field => field.Name).ToArray(),
            fields.All(field => field.Option is null) ? null : fields.Select(field => field.Option!).ToArray(),
            fields.Select((field, index) => Choose(given[index], field.DefaultNames, field.What)).ToArray())
    {
    }

    private FieldMap(RecordShape shape, string[] fieldNames, string[]? options, IReadOnlyList<string>[] names)
    {
        Shape = shape;
        _fieldNames = fieldNames;
        _options = options;
        _names = names;
        Matcher = new FieldPathMatcher(this);
    }

    public static FieldMap Default { get; } = new();

    /// <summary>The fields of kWh meter readings: timestamp, kWh value and meter.</summary>
    public static FieldMap KwhDefault { get; } = ForKwh();

    /// <summary>The fields of sensor CSV files: the sensor_id, timestamp and value columns, all required.</summary>
    public static FieldMap Sensor { get; } = ForSensor();

    /// <summary>
    /// Column names for sensor files; null keeps a field's default. Naming the sensor column also lets a file without
    /// any of the named columns be one sensor, named after the file (<see cref="SensorFromFileName"/>), so that a
    /// wide file of one room's Temperature, Humidity and CO2 columns reads one value column at a time as it is.
    /// </summary>
    public static FieldMap ForSensor(IEnumerable<string>? timestamp = null, IEnumerable<string>? value = null,
        IEnumerable<string>? sensor = null) =>
        new(RecordShape.Sensor, ReadingShapeDescriptor.SensorFields, new[] { timestamp, value, sensor })
        {
            SensorFromFileName = sensor is not null,
        };

    /// <summary>
    /// True when a sensor file whose header has none of the sensor column names is read as one sensor named after the
    /// file, rather than failing; set when the sensor column was named explicitly.
    /// </summary>
    public bool SensorFromFileName { get; private init; }

    /// <summary>The fields of Microsoft Graph users: id, names, accountEnabled and the six signInActivity values.</summary>
    public static FieldMap SignIn { get; } = CreateSignIn();

    /// <summary>What kind of record the names describe, and so which rules validate it.</summary>
    public RecordShape Shape { get; }

    /// <summary>How many fields a record of this shape has.</summary>
    public int FieldCount => _names.Length;

    internal FieldPathMatcher Matcher { get; }

    /// <summary>Field names for kWh readings; null keeps a field's defaults.</summary>
    public static FieldMap ForKwh(IEnumerable<string>? timestamp = null, IEnumerable<string>? kwh = null,
        IEnumerable<string>? meter = null) =>
        new(RecordShape.Kwh, ReadingShapeDescriptor.KwhFields, new[] { timestamp, kwh, meter });

    private static FieldMap CreateSignIn() =>
        new(RecordShape.SignIn, SignInShapeDescriptor.Fields, new IEnumerable<string>?[SignInShapeDescriptor.Fields.Count]);

    /// <summary>
    /// The fields of a general summary: each of the spec's fields by its own path, then (with an interval) the
    /// timestamp by its names. A summary's <see cref="Summaries.SummaryRow"/> takes the values in this order.
    /// </summary>
    public static FieldMap ForSummary(Summaries.SummarySpec spec)
    {
        var names = spec.Fields.Select(path => (IReadOnlyList<string>)new[] { path }).ToList();
        var fieldNames = spec.Fields.ToList();
        if (spec.Interval is not null)
        {
            names.Add(spec.TimestampNames);
            fieldNames.Add("timestamp");
        }

        return new FieldMap(RecordShape.Summary, fieldNames.ToArray(), options: null, names.ToArray()) { Summary = spec };
    }

    /// <summary>The spec of a summary's fields (<see cref="ForSummary"/>); null for the other shapes.</summary>
    public Summaries.SummarySpec? Summary { get; private init; }

    /// <summary>
    /// Event fields plus extra paths whose values each record keeps (Import-EventRecord -Property), as fields numbered
    /// from <see cref="ExtraFieldStart"/>. Only an event map takes them; the readers then match the paths as any field.
    /// </summary>
    public FieldMap WithExtraFields(IEnumerable<string> paths)
    {
        if (Shape != RecordShape.Event || ExtraFieldCount > 0)
        {
            throw new InvalidOperationException("Extra fields are for event records, and are added once.");
        }

        string[] extra = Choose(paths, Array.Empty<string>(), "Property").Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var names = _names.Concat(extra.Select(path => (IReadOnlyList<string>)new[] { path })).ToArray();
        return new FieldMap(Shape, _fieldNames.Concat(extra).ToArray(), _options?.Concat(extra.Select(_ => "-Property")).ToArray(), names);
    }

    /// <summary>The number of the first extra field: the event fields come first.</summary>
    public int ExtraFieldStart => EventShapeDescriptor.Fields.Count;

    /// <summary>How many extra paths each record keeps; 0 unless <see cref="WithExtraFields"/> made the map.</summary>
    public int ExtraFieldCount => Shape == RecordShape.Event ? FieldCount - ExtraFieldStart : 0;

    /// <summary>The names tried for a field, best first.</summary>
    public IReadOnlyList<string> NamesFor(EventField field) => _names[(int)field];

    /// <summary>The names tried for field number <paramref name="field"/>, best first.</summary>
    public IReadOnlyList<string> NamesFor(int field) => _names[field];

    /// <summary>The field's name in messages, such as "user" or "kWh value".</summary>
    public string FieldName(int field) => _fieldNames[field];

    /// <summary>The cmdlet option that names the field's inputs, such as "-SensorField"; null when there is none.</summary>
    public string? OptionFor(int field) => _options?[field];

    /// <summary>"user, user_id, userId or username": for messages.</summary>
    public string Describe(EventField field) => Describe((int)field);

    public string Describe(int field)
    {
        var names = NamesFor(field);
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static IReadOnlyList<string> Choose(IEnumerable<string>? given, IReadOnlyList<string> defaults, string what)
    {
        if (given is null)
        {
            return defaults;
        }

        string[] names = given.Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name.Trim()).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException($"The {what} field name cannot be empty.");
        }

        foreach (string name in names)
        {
            if (name.Split('.').Any(segment => segment.Length == 0))
            {
                throw new ArgumentException($"The {what} field '{name}' is not a valid dotted path.");
            }
        }

        return names;
    }
}
