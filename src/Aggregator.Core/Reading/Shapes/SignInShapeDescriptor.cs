using System;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>Microsoft Graph users with their signInActivity (<see cref="SignInField"/>), by <see cref="SignInRules"/>.</summary>
internal sealed class SignInShapeDescriptor : RecordShapeDescriptor
{
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
}
