namespace Aggregator.Parsing;

/// <summary>The kinds of record the readers validate, each with its own fields and rules.</summary>
public enum RecordShape
{
    /// <summary>User, Event, Status and Timestamp (<see cref="EventField"/>).</summary>
    Event,

    /// <summary>A kWh meter reading: a timestamp, a non-negative kWh value and an optional meter (<see cref="ReadingField"/>).</summary>
    Kwh,

    /// <summary>A sensor CSV row: sensor_id, timestamp and value columns, all required (<see cref="ReadingField"/>).</summary>
    Sensor,

    /// <summary>A Microsoft Graph user with its signInActivity (<see cref="SignInField"/>).</summary>
    SignIn,

    /// <summary>Any fields a general summary asks for (Measure-Record), plus the timestamp when it bins by time.</summary>
    Summary,
}
