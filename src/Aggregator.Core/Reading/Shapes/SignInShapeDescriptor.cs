using System;
using System.Collections.Generic;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>Microsoft Graph users with their signInActivity (<see cref="SignInField"/>), by <see cref="SignInRules"/>.</summary>
internal sealed class SignInShapeDescriptor : RecordShapeDescriptor
{
    /// <summary>The fields in <see cref="SignInField"/> order; none has a cmdlet option.</summary>
    public static readonly IReadOnlyList<FieldDefinition> Fields = CreateFields();

    public override RecordShape Shape => RecordShape.SignIn;

    public override FieldMap DefaultFields => FieldMap.SignIn;

    public override Type Rules => typeof(SignInRules);

    public override RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink) =>
        new SignInRecordBuilder(source, options, sink);

    // Graph exports users as {"value": [...]}, with or without the @odata properties before the array.
    public override bool BareEnvelopes => true;

    // The builder makes the whole SignInActivity: nothing is read from the symbol tables.
    public override NameUse NamesForOutput => NameUse.None;

    public override IInputRecord ToOutput(in ParsedEvent record, string source) => record.Record!;

    private static FieldDefinition[] CreateFields()
    {
        string[] names =
        {
            "id", "userPrincipalName", "displayName", "accountEnabled", "signInActivity",
            "lastSignInDateTime", "lastSignInRequestId", "lastNonInteractiveSignInDateTime",
            "lastNonInteractiveSignInRequestId", "lastSuccessfulSignInDateTime", "lastSuccessfulSignInRequestId",
        };
        // Graph's own nesting first; then Export-JsonLines' layout of a SignInActivity, so exported users import again.
        string[] exported = { "Interactive", "NonInteractive", "Successful" };
        var fields = new FieldDefinition[names.Length];
        for (int field = 0; field < names.Length; field++)
        {
            int signIn = field - (int)SignInField.LastSignInDateTime;
            string[] inputs = signIn < 0
                ? new[] { names[field] }
                : new[] { "signInActivity." + names[field], $"{exported[signIn / 2]}.{(signIn % 2 == 0 ? "DateTime" : "RequestId")}" };
            fields[field] = new FieldDefinition(names[field], Option: null, inputs, names[field]);
        }

        return fields;
    }
}
