using System;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>
/// Everything that differs between the kinds of record (<see cref="RecordShape"/>), in one place per kind: its fields
/// (a static list of <see cref="FieldDefinition"/> that its <see cref="FieldMap"/> factory reads), the builder that
/// applies its rules, the class that words those rules, its pipeline output, how CSV headers and JSON envelopes are
/// read for it. The readers and sinks ask the descriptor (<see cref="RecordShapes.For(RecordShape)"/>) and never switch
/// on the shape, so a new shape is a new descriptor, its builder and rules, an entry in <see cref="RecordShapes"/> and
/// a public <see cref="FieldMap"/> factory for the cmdlets.
/// </summary>
/// <remarks>Called per file, except <see cref="ToOutput"/> (per record on the pipeline output path, where a switch was before).</remarks>
internal abstract class RecordShapeDescriptor
{
    public abstract RecordShape Shape { get; }

    /// <summary>The field map with the shape's default names (a summary has none: its fields come from its spec).</summary>
    public abstract FieldMap? DefaultFields { get; }

    /// <summary>The static class that words the shape's failures, shared by its builder and its pipeline parser.</summary>
    public abstract Type Rules { get; }

    /// <summary>The builder that validates records of the shape and hands them to the sink.</summary>
    public abstract RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink);

    /// <summary>A Graph page's <c>"value"</c> array counts as an envelope even without the <c>@odata</c> properties before it.</summary>
    public virtual bool BareEnvelopes => false;

    /// <summary>The names <see cref="ToOutput"/> reads from the symbol tables.</summary>
    public virtual NameUse NamesForOutput => NameUse.Both;

    /// <summary>The pipeline object for a record of the shape.</summary>
    public abstract IInputRecord ToOutput(in ParsedEvent record, string source);

    /// <summary>Checks a CSV file's header before any row is read; throws <see cref="InvalidHeaderException"/> for a file no row of which could be valid.</summary>
    public virtual void CheckHeader(CsvColumns columns, FieldMap fields, RecordBuilder builder)
    {
    }
}
