using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>The descriptor of each <see cref="RecordShape"/>: the one switch on the shape.</summary>
internal static class RecordShapes
{
    public static readonly EventShapeDescriptor Event = new();
    public static readonly ReadingShapeDescriptor Kwh = new(sensor: false);
    public static readonly ReadingShapeDescriptor Sensor = new(sensor: true);
    public static readonly SignInShapeDescriptor SignIn = new();
    public static readonly SummaryShapeDescriptor Summary = new();

    public static RecordShapeDescriptor For(RecordShape shape) => shape switch
    {
        RecordShape.Event => Event,
        RecordShape.Kwh => Kwh,
        RecordShape.Sensor => Sensor,
        RecordShape.SignIn => SignIn,
        _ => Summary,
    };

    public static RecordShapeDescriptor For(FieldMap fields) => For(fields.Shape);
}
