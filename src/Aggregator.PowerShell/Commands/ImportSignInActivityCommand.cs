using System;
using System.Collections;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Parsing;

namespace Aggregator.Commands;

/// <summary>
/// Reads Microsoft Graph user objects (JSON arrays, JSON Lines, paged @odata responses) or Get-MgUser objects from the
/// pipeline, and emits each user's sign-in activity as a typed SignInActivity with LastSignIn and DaysSinceLastSignIn.
/// </summary>
[Cmdlet(VerbsData.Import, "SignInActivity", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SignInActivity))]
public sealed class ImportSignInActivityCommand : FileReadingCmdlet
{
    private SignInPropertyParser? _parser;
    private DateTime? _asOfUtc;
    private long _withActivity;

    /// <summary>The user's object id, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Id { get; set; }

    /// <summary>The user's sign-in name, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("UPN")]
    [AllowNull]
    public object? UserPrincipalName { get; set; }

    /// <summary>The user's display name, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? DisplayName { get; set; }

    /// <summary>Whether the account is enabled, from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? AccountEnabled { get; set; }

    /// <summary>The user's signInActivity object (Get-MgUser -Property SignInActivity, ConvertFrom-Json, a hashtable).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? SignInActivity { get; set; }

    /// <summary>The last interactive sign-in, from this command's own output piped back in (live, CSV or Clixml).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Interactive { get; set; }

    /// <summary>The last non-interactive sign-in, from this command's own output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? NonInteractive { get; set; }

    /// <summary>The last successful sign-in, from this command's own output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Successful { get; set; }

    /// <summary>The time DaysSinceLastSignIn is measured against; now by default. A date without a zone is UTC, as everywhere in the module.</summary>
    [Parameter]
    [DateArgument]
    public DateTime AsOf { get; set; }

    protected override DateTime AsOfUtc => _asOfUtc ??= MyInvocation.BoundParameters.ContainsKey(nameof(AsOf))
        ? (AsOf.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(AsOf, DateTimeKind.Utc) : AsOf.ToUniversalTime())
        : DateTime.UtcNow;

    protected override FieldMap CreateFieldMap() => FieldMap.SignIn;

    protected override bool TryAddBoundProperties(string source, long line, out SkippedRecord? skipped)
    {
        _parser ??= new SignInPropertyParser(AsOfUtc, Options.AssumeTimeZone, Options.TimestampStyle);
        object? activity = BaseObjectOf(SignInActivity);
        bool scalar = activity is string or ValueType;
        object?[]? values = activity is null || scalar ? null : ActivityValues(SignInActivity!);
        if (activity is null && HasOwnSignIns())
        {
            values = OwnSignInValues();
        }

        if (activity is not null || values is not null)
        {
            _withActivity++;
        }

        if (!_parser.TryCreate(BaseObjectOf(Id), BaseObjectOf(UserPrincipalName), BaseObjectOf(DisplayName),
                BaseObjectOf(AccountEnabled), values, scalar, source, line, out SignInActivity? result, out skipped))
        {
            return false;
        }

        Statistics.AddUser(result!.ToString()!);
        WriteObject(result);
        return true;
    }

    protected override void EndProcessing()
    {
        ReadGatheredRecords(ordered: false);
        if (PipelineRecords > 0 && _withActivity == 0)
        {
            WriteWarning($"None of the {PipelineRecords} user(s) from the pipeline had a SignInActivity, so all of them are NeverSignedIn. " +
                "Get-MgUser returns it only when asked: Get-MgUser -All -Property Id,UserPrincipalName,DisplayName,AccountEnabled,SignInActivity.");
        }

        base.EndProcessing();
    }

    protected override void OnRecord(IInputRecord record)
    {
        Statistics.AddUser(record.ToString()!);
        WriteObject(record);
    }

    // This command's own output carries the sign-ins as Interactive, NonInteractive and Successful; a user who never
    // signed in has them bound as null (or empty CSV cells), which is still the user's activity, not a missing one.
    private bool HasOwnSignIns() =>
        MyInvocation.BoundParameters.ContainsKey(nameof(Interactive)) ||
        MyInvocation.BoundParameters.ContainsKey(nameof(NonInteractive)) ||
        MyInvocation.BoundParameters.ContainsKey(nameof(Successful));

    // The six signInActivity values (time and request id of each kind) from the three SignInEvent values.
    private object?[] OwnSignInValues()
    {
        var values = new object?[SignInPropertyParser.ActivityNames.Length];
        object?[] events = { Interactive, NonInteractive, Successful };
        for (int kind = 0; kind < events.Length; kind++)
        {
            (values[2 * kind], values[2 * kind + 1]) = SignInValues(events[kind]);
        }

        return values;
    }

    // A SignInEvent live or deserialized (DateTime and RequestId properties), or the text Export-Csv wrote for it.
    private static (object? Time, object? RequestId) SignInValues(object? given)
    {
        switch (BaseObjectOf(given))
        {
            case null:
                return (null, null);
            case string text:
                SignInEvent.SplitText(text, out string? time, out string? requestId);
                return (time, requestId);
            default:
                PSObject wrapped = PSObject.AsPSObject(given!);
                return (BaseObjectOf(wrapped.Properties["DateTime"]?.Value), BaseObjectOf(wrapped.Properties["RequestId"]?.Value));
        }
    }

    // The six values of a signInActivity object, read by name in any case, whatever kind of object carries them.
    private static object?[] ActivityValues(object activity)
    {
        var values = new object?[SignInPropertyParser.ActivityNames.Length];
        object? target = BaseObjectOf(activity);
        for (int i = 0; i < values.Length; i++)
        {
            string name = SignInPropertyParser.ActivityNames[i];
            values[i] = BaseObjectOf(target is IDictionary dictionary
                ? ValueOf(dictionary, name)
                : PSObject.AsPSObject(activity).Properties[name]?.Value);
        }

        return values;
    }

    private static object? ValueOf(IDictionary dictionary, string name)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }
}
