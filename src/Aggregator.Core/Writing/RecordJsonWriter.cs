using System;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Aggregator.Writing;

/// <summary>
/// JSON for the module's own record types without reflection, property for property as PowerShell shows them, so the
/// fast path writes exactly what the general path would; and JSON for single values. Dates are ISO 8601 (UTC with Z),
/// enums are their names.
/// </summary>
public static class RecordJsonWriter
{
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("User");
    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("Event");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("Status");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("Timestamp");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("Source");
    private static readonly JsonEncodedText Line = JsonEncodedText.Encode("Line");
    private static readonly JsonEncodedText[] StatusNames = Array.ConvertAll(Enum.GetNames<EventStatus>(), name => JsonEncodedText.Encode(name));

    /// <summary>Whether <see cref="TryWrite"/> writes <paramref name="record"/> at this depth.</summary>
    public static bool CanWrite(object record, int depth) => record switch
    {
        EventRecord or SensorReading or KwhUsage => true,
        SignInActivity => depth >= 1,
        _ => false,
    };

    /// <summary>
    /// Writes one of the module's records when <paramref name="record"/> is one and <paramref name="depth"/> (levels of
    /// contained objects, as -Depth counts them) reaches its nested objects; false leaves it to the general path.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter json, object record, int depth)
    {
        switch (record)
        {
            case EventRecord e:
                json.WriteStartObject();
                json.WriteString(User, e.User);
                json.WriteString(Event, e.Event);
                WriteStatus(json, e.Status);
                WriteTime(json, Timestamp, e.Timestamp);
                json.WriteString(Source, e.Source);
                json.WriteNumber(Line, e.Line);
                json.WriteEndObject();
                return true;
            case SignInActivity s when depth >= 1:
                json.WriteStartObject();
                json.WriteString(nameof(SignInActivity.Id), s.Id);
                json.WriteString(nameof(SignInActivity.UserPrincipalName), s.UserPrincipalName);
                json.WriteString(nameof(SignInActivity.DisplayName), s.DisplayName);
                WriteBoolean(json, nameof(SignInActivity.AccountEnabled), s.AccountEnabled);
                WriteSignIn(json, nameof(SignInActivity.Interactive), s.Interactive);
                WriteSignIn(json, nameof(SignInActivity.NonInteractive), s.NonInteractive);
                WriteSignIn(json, nameof(SignInActivity.Successful), s.Successful);
                WriteTime(json, JsonEncodedText.Encode(nameof(SignInActivity.LastSignIn)), s.LastSignIn);
                if (s.DaysSinceLastSignIn is { } days)
                {
                    json.WriteNumber(nameof(SignInActivity.DaysSinceLastSignIn), days);
                }
                else
                {
                    json.WriteNull(nameof(SignInActivity.DaysSinceLastSignIn));
                }

                json.WriteBoolean(nameof(SignInActivity.NeverSignedIn), s.NeverSignedIn);
                json.WriteString(Source, s.Source);
                json.WriteNumber(Line, s.Line);
                json.WriteEndObject();
                return true;
            case SensorReading r:
                json.WriteStartObject();
                json.WriteString(nameof(SensorReading.SensorId), r.SensorId);
                json.WriteString(Timestamp, r.Timestamp);
                json.WritePropertyName(nameof(SensorReading.Value));
                WriteDouble(json, r.Value);
                json.WriteString(Source, r.Source);
                json.WriteNumber(nameof(SensorReading.Row), r.Row);
                json.WriteEndObject();
                return true;
            case KwhUsage k:
                json.WriteStartObject();
                json.WriteString(nameof(KwhUsage.Period), k.Period);
                json.WriteString(nameof(KwhUsage.Interval), k.Interval.ToString());
                json.WriteString(nameof(KwhUsage.MeterId), k.MeterId);
                json.WritePropertyName(nameof(KwhUsage.Kwh));
                WriteDouble(json, k.Kwh);
                json.WriteNumber(nameof(KwhUsage.Readings), k.Readings);
                json.WriteEndObject();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes a single value (text, number, boolean, date, enum, id); false for anything with properties or items.</summary>
    public static bool TryWriteScalar(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                return true;
            case string text:
                json.WriteStringValue(text);
                return true;
            case char character:
                json.WriteStringValue(character.ToString());
                return true;
            case bool flag:
                json.WriteBooleanValue(flag);
                return true;
            case int or long or short or sbyte or byte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong big:
                json.WriteNumberValue(big);
                return true;
            case double number:
                WriteDouble(json, number);
                return true;
            case float number:
                WriteDouble(json, number);
                return true;
            case decimal number:
                json.WriteNumberValue(number);
                return true;
            case BigInteger huge:
                json.WriteRawValue(huge.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                return true;
            case DateTime time:
                json.WriteStringValue(time);
                return true;
            case DateTimeOffset time:
                json.WriteStringValue(time);
                return true;
            case Guid id:
                json.WriteStringValue(id);
                return true;
            case TimeSpan span:
                json.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                return true;
            case Enum member:
                json.WriteStringValue(member.ToString());
                return true;
            case Uri or Version or System.Net.IPAddress:
                json.WriteStringValue(value.ToString());
                return true;
            default:
                return false;
        }
    }

    private static void WriteStatus(Utf8JsonWriter json, EventStatus status)
    {
        int index = (int)status;
        if ((uint)index < (uint)StatusNames.Length)
        {
            json.WriteString(Status, StatusNames[index]);
        }
        else
        {
            json.WriteString(Status, status.ToString());
        }
    }

    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, DateTime? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteBoolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } flag)
        {
            json.WriteBoolean(name, flag);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteSignIn(Utf8JsonWriter json, string name, SignInEvent? signIn)
    {
        if (signIn is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        WriteTime(json, JsonEncodedText.Encode(nameof(SignInEvent.DateTime)), signIn.DateTime);
        json.WriteString(nameof(SignInEvent.RequestId), signIn.RequestId);
        json.WriteEndObject();
    }

    // JSON has no NaN or infinity: those are written as their names in a string.
    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
