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
    private static readonly JsonEncodedText NameUser = JsonEncodedText.Encode("User");
    private static readonly JsonEncodedText NameEvent = JsonEncodedText.Encode("Event");
    private static readonly JsonEncodedText NameStatus = JsonEncodedText.Encode("Status");
    private static readonly JsonEncodedText NameTimestamp = JsonEncodedText.Encode("Timestamp");
    private static readonly JsonEncodedText NameSource = JsonEncodedText.Encode("Source");
    private static readonly JsonEncodedText NameLine = JsonEncodedText.Encode("Line");
    private static readonly JsonEncodedText NameAccountEnabled = JsonEncodedText.Encode("AccountEnabled");
    private static readonly JsonEncodedText NameDateTime = JsonEncodedText.Encode("DateTime");
    private static readonly JsonEncodedText NameDaysSinceLastSignIn = JsonEncodedText.Encode("DaysSinceLastSignIn");
    private static readonly JsonEncodedText NameDisplayName = JsonEncodedText.Encode("DisplayName");
    private static readonly JsonEncodedText NameId = JsonEncodedText.Encode("Id");
    private static readonly JsonEncodedText NameInteractive = JsonEncodedText.Encode("Interactive");
    private static readonly JsonEncodedText NameInterval = JsonEncodedText.Encode("Interval");
    private static readonly JsonEncodedText NameKwh = JsonEncodedText.Encode("Kwh");
    private static readonly JsonEncodedText NameLastSignIn = JsonEncodedText.Encode("LastSignIn");
    private static readonly JsonEncodedText NameMeterId = JsonEncodedText.Encode("MeterId");
    private static readonly JsonEncodedText NameNeverSignedIn = JsonEncodedText.Encode("NeverSignedIn");
    private static readonly JsonEncodedText NameNonInteractive = JsonEncodedText.Encode("NonInteractive");
    private static readonly JsonEncodedText NamePeriod = JsonEncodedText.Encode("Period");
    private static readonly JsonEncodedText NameReadings = JsonEncodedText.Encode("Readings");
    private static readonly JsonEncodedText NameTimeZone = JsonEncodedText.Encode("TimeZone");
    private static readonly JsonEncodedText NameRequestId = JsonEncodedText.Encode("RequestId");
    private static readonly JsonEncodedText NameRow = JsonEncodedText.Encode("Row");
    private static readonly JsonEncodedText NameSensorId = JsonEncodedText.Encode("SensorId");
    private static readonly JsonEncodedText NameSuccessful = JsonEncodedText.Encode("Successful");
    private static readonly JsonEncodedText NameUserPrincipalName = JsonEncodedText.Encode("UserPrincipalName");
    private static readonly JsonEncodedText NameValue = JsonEncodedText.Encode("Value");
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
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryWrite(Utf8JsonWriter json, object record, int depth)
    {
        switch (record)
        {
            case EventRecord e:
                json.WriteStartObject();
                json.WriteString(NameUser, e.User);
                json.WriteString(NameEvent, e.Event);
                WriteStatus(json, e.Status);
                WriteTime(json, NameTimestamp, e.Timestamp);
                json.WriteString(NameSource, e.Source);
                json.WriteNumber(NameLine, e.Line);
                json.WriteEndObject();
                return true;
            case SignInActivity s when depth >= 1:
                json.WriteStartObject();
                json.WriteString(NameId, s.Id);
                json.WriteString(NameUserPrincipalName, s.UserPrincipalName);
                json.WriteString(NameDisplayName, s.DisplayName);
                WriteBoolean(json, NameAccountEnabled, s.AccountEnabled);
                WriteSignIn(json, NameInteractive, s.Interactive);
                WriteSignIn(json, NameNonInteractive, s.NonInteractive);
                WriteSignIn(json, NameSuccessful, s.Successful);
                WriteTime(json, NameLastSignIn, s.LastSignIn);
                if (s.DaysSinceLastSignIn is { } days)
                {
                    json.WriteNumber(NameDaysSinceLastSignIn, days);
                }
                else
                {
                    json.WriteNull(NameDaysSinceLastSignIn);
                }

                json.WriteBoolean(NameNeverSignedIn, s.NeverSignedIn);
                json.WriteString(NameSource, s.Source);
                json.WriteNumber(NameLine, s.Line);
                json.WriteEndObject();
                return true;
            case SensorReading r:
                json.WriteStartObject();
                json.WriteString(NameSensorId, r.SensorId);
                json.WriteString(NameTimestamp, r.Timestamp);
                json.WritePropertyName(NameValue);
                WriteDouble(json, r.Value);
                json.WriteString(NameSource, r.Source);
                json.WriteNumber(NameRow, r.Row);
                json.WriteEndObject();
                return true;
            case KwhUsage k:
                json.WriteStartObject();
                json.WriteString(NamePeriod, k.Period);
                json.WriteString(NameInterval, k.Interval.ToString());
                json.WriteString(NameMeterId, k.MeterId);
                json.WritePropertyName(NameKwh);
                WriteDouble(json, k.Kwh);
                json.WriteNumber(NameReadings, k.Readings);
                json.WriteString(NameTimeZone, k.TimeZone);
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
            json.WriteString(NameStatus, StatusNames[index]);
        }
        else
        {
            json.WriteString(NameStatus, status.ToString());
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

    private static void WriteBoolean(Utf8JsonWriter json, JsonEncodedText name, bool? value)
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

    private static void WriteSignIn(Utf8JsonWriter json, JsonEncodedText name, SignInEvent? signIn)
    {
        if (signIn is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        WriteTime(json, NameDateTime, signIn.DateTime);
        json.WriteString(NameRequestId, signIn.RequestId);
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
