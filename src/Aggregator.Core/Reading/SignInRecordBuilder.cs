using System;
using System.Text;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// Microsoft Graph users: an id or userPrincipalName is required; accountEnabled, signInActivity and its six values are
/// optional, but what is there must be valid (an object, true/false, dates). Each valid user becomes a whole
/// <see cref="SignInActivity"/> here, on the reading thread.
/// </summary>
internal sealed class SignInRecordBuilder : RecordBuilder
{
    private const int Id = (int)SignInField.Id;
    private const int UserPrincipalName = (int)SignInField.UserPrincipalName;
    private const int DisplayName = (int)SignInField.DisplayName;
    private const int AccountEnabled = (int)SignInField.AccountEnabled;
    private const int Activity = (int)SignInField.SignInActivity;

    private static readonly char[] AsciiWhitespace = { ' ', '\t', '\n', '\v', '\f', '\r' };

    private readonly DateTime _asOf;
    private int _failedTime = (int)SignInField.LastSignInDateTime;

    public SignInRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
        _asOf = options.AsOf;
    }

    public override void Complete(long line, in RawText raw)
    {
        _failedTime = (int)SignInField.LastSignInDateTime;
        if (!TryName(Id, out string? id, out string? problem) ||
            !TryName(UserPrincipalName, out string? userPrincipalName, out problem) ||
            !TryName(DisplayName, out string? displayName, out problem))
        {
            Skip(line, SkipReason.InvalidField, problem!, raw, withFields: true);
            return;
        }

        if (id is null && userPrincipalName is null)
        {
            Skip(line, SkipReason.MissingField, SignInRules.MissingIdentity, raw, withFields: true);
            return;
        }

        if (!TryEnabled(out bool? enabled, out problem))
        {
            Skip(line, SkipReason.InvalidField, problem!, raw, withFields: true);
            return;
        }

        if (KindOf(Activity, out _) is not (ValueKind.Composite or ValueKind.Null or ValueKind.Absent) || IsArray(Activity))
        {
            Skip(line, SkipReason.InvalidField, SignInRules.ActivityNotAnObject, raw, withFields: true);
            return;
        }

        if (!TryEvent(SignInField.LastSignInDateTime, out SignInEvent? interactive, out SkipReason reason, out problem) ||
            !TryEvent(SignInField.LastNonInteractiveSignInDateTime, out SignInEvent? nonInteractive, out reason, out problem) ||
            !TryEvent(SignInField.LastSuccessfulSignInDateTime, out SignInEvent? successful, out reason, out problem))
        {
            Skip(line, reason, problem!, raw, withFields: true);
            return;
        }

        var activity = new SignInActivity(id, userPrincipalName, displayName, enabled, interactive, nonInteractive,
            successful, _asOf, Source, line);
        // The record carries everything: the name is interned only for a sink that asks for users.
        EventSymbols symbols = SinkSymbols(out NameUse names);
        int userId = (names & NameUse.User) != 0 ? symbols.Users.Intern(Encoding.UTF8.GetBytes(activity.ToString())) : -1;
        long ticks = activity.LastSignIn?.Ticks ?? ParsedEvent.NoTimestamp;
        Emit(new ParsedEvent(symbols, userId, -1, EventStatus.None, ticks, line, record: activity));
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = TextOf(UserPrincipalName) ?? TextOf(Id);
        record.Timestamp = TextOf(_failedTime);
    }

    // A text field that may be missing, null or blank (all no value), but not an object or array.
    private bool TryName(int field, out string? text, out string? problem)
    {
        problem = null;
        text = null;
        if (KindOf(field, out _) == ValueKind.Composite)
        {
            problem = SignInRules.NotAValue(Fields.FieldName(field));
            return false;
        }

        text = TextOf(field)?.Trim(AsciiWhitespace);
        if (text?.Length == 0)
        {
            text = null;
        }

        return true;
    }

    private bool TryEnabled(out bool? enabled, out string? problem)
    {
        problem = null;
        enabled = null;
        switch (KindOf(AccountEnabled, out _))
        {
            case ValueKind.True:
                enabled = true;
                return true;
            case ValueKind.False:
                enabled = false;
                return true;
            case ValueKind.Absent or ValueKind.Null:
                return true;
            case ValueKind.Composite:
                problem = SignInRules.NotAValue(Fields.FieldName(AccountEnabled));
                return false;
            default:
                string? written = TextOf(AccountEnabled);
                if (SignInRules.TryEnabled(written, out enabled))
                {
                    return true;
                }

                problem = SignInRules.InvalidEnabled(written);
                return false;
        }
    }

    // The time field and the request id field that follows it in SignInField.
    private bool TryEvent(SignInField timeField, out SignInEvent? signIn, out SkipReason reason, out string? problem)
    {
        signIn = null;
        reason = SkipReason.InvalidTimestamp;
        problem = null;
        int time = (int)timeField, request = time + 1;
        _failedTime = time;
        // A blank date is no date, as a missing or null one is.
        ValueKind kind = KindOf(time, out ReadOnlySpan<byte> text);
        long ticks = ParsedEvent.NoTimestamp;
        if (!(kind == ValueKind.Text && AsciiSpace.IsBlank(text)) && !TryTimestamp(time, optional: true, out ticks))
        {
            if (kind == ValueKind.Composite)
            {
                reason = SkipReason.InvalidField;
                problem = SignInRules.NotAValue(Fields.FieldName(time));
            }
            else
            {
                problem = SignInRules.InvalidDate(Fields.FieldName(time), TextOf(time));
            }

            return false;
        }

        if (!TryName(request, out string? requestId, out problem))
        {
            reason = SkipReason.InvalidField;
            return false;
        }

        signIn = SignInRules.Event(ticks == ParsedEvent.NoTimestamp ? null : new DateTime(ticks, DateTimeKind.Utc), requestId);
        return true;
    }
}
