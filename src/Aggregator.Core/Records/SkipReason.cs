namespace Aggregator;

/// <summary>Why an input record was not emitted. The name is also the ErrorId of the error record.</summary>
public enum SkipReason
{
    /// <summary>The text is not valid JSON, or text was found between records.</summary>
    InvalidJson,

    /// <summary>A required field (user or event) is absent, null or empty.</summary>
    MissingField,

    /// <summary>A field holds an object or array where a single value was expected.</summary>
    InvalidField,

    /// <summary>The timestamp is present but not in an accepted form.</summary>
    InvalidTimestamp,

    /// <summary>The status is present but is not one of the recognised words.</summary>
    UnknownStatus,

    /// <summary>A JSON value in the record stream is not an object.</summary>
    NotAnObject,

    /// <summary>A single record is larger than the reader accepts.</summary>
    RecordTooLarge,

    /// <summary>A CSV row cannot be read (for example an unterminated quote).</summary>
    InvalidCsv,

    /// <summary>A reading's value is not a finite number, or a kWh value is negative.</summary>
    InvalidValue,
}
