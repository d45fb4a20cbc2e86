using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Reading.Shapes;

namespace Aggregator.Core.Tests;

/// <summary>
/// Issue 18: the same failure gives the same reason and the same sentence whether the record comes from a file or as
/// an object bound by property name (Import-Csv rows piped into a cmdlet), because both go through
/// <see cref="EventRules"/>. A CSV cell is the file side of a property: an empty cell and an empty property are no
/// value, blanks are an empty value.
/// </summary>
public class EventRulesParityTests
{
    public static TheoryData<string?, string?, string?, string?> Failures => new()
    {
        { null, "login", "ok", null },                              // no user
        { "", "login", "ok", null },                                // an empty cell: no user
        { "   ", "login", "ok", null },                             // blanks: an empty user
        { "alice", null, "ok", null },                              // no event
        { "alice", "  ", "ok", null },                              // an empty event
        { "alice", "login", "ok", "yesterday" },                    // a timestamp that is not one
        { "alice", "login", "ok", new string('9', 80) + "x" },      // a long one, shortened alike
        { "alice", "login", "maybe", "2024-06-01T10:00:00Z" },      // a status the vocabulary does not know
        { null, null, "maybe", "yesterday" },                       // the first check wins: the user
        { "alice", "login", "maybe", "yesterday" },                 // the timestamp comes before the status
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void AFileRowAndAnObjectAreSkippedForTheSameReasonInTheSameWords(string? user, string? @event, string? status, string? timestamp)
    {
        string csv = "user,event,status,timestamp\n" + $"{user},{@event},{status},{timestamp}\n";
        SkippedRecord fromFile = Read.Text(csv, "events.csv").SingleSkip;

        bool valid = new PropertyRecordParser().TryCreate(user, @event, status, timestamp, "(pipeline)", 1, out _,
            out SkippedRecord? fromObject);

        Assert.False(valid);
        Assert.Equal(fromFile.Reason, fromObject!.Reason);
        Assert.Equal(fromFile.Message, fromObject.Message);
    }

    [Fact]
    public void AJsonRecordWithoutTheUserAndAnObjectWithoutItSayTheSame()
    {
        SkippedRecord fromFile = Read.Text("""{"event":"login","status":"ok"}""").SingleSkip;

        new PropertyRecordParser().TryCreate(null, "login", "ok", null, "(pipeline)", 1, out _, out SkippedRecord? fromObject);

        Assert.Equal((SkipReason.MissingField, "The record has no user (user, user_id, userId or username)."),
            (fromFile.Reason, fromFile.Message));
        Assert.Equal((fromFile.Reason, fromFile.Message), (fromObject!.Reason, fromObject.Message));
    }

    [Fact]
    public void AStatusOutsideTheGivenVocabularyIsWordedAlike()
    {
        var statuses = new StatusVocabulary(new[] { "ok", "200" }, new[] { "error", "500" });
        var options = new EventReadOptions { Status = statuses };
        SkippedRecord fromFile = Read.Text("user,event,status\nalice,login,302\n", "events.csv", options).SingleSkip;

        new PropertyRecordParser(statuses: statuses).TryCreate("alice", "login", "302", null, "(pipeline)", 1, out _,
            out SkippedRecord? fromObject);

        Assert.Equal(SkipReason.UnknownStatus, fromFile.Reason);
        Assert.Equal((fromFile.Reason, fromFile.Message), (fromObject!.Reason, fromObject.Message));
    }

    [Fact]
    public void EveryShapeHasOneDescriptorThatBuildsItsRecordsAndNamesItsRules()
    {
        foreach (RecordShape shape in Enum.GetValues<RecordShape>())
        {
            RecordShapeDescriptor descriptor = RecordShapes.For(shape);
            Assert.Equal(shape, descriptor.Shape);
            Assert.True(descriptor.DefaultFields is null || descriptor.DefaultFields.Shape == shape, shape.ToString());
            Assert.NotNull(descriptor.Rules);
        }

        Assert.Equal(typeof(EventRules), RecordShapes.For(RecordShape.Event).Rules);
        Assert.Equal(typeof(ReadingRules), RecordShapes.For(RecordShape.Sensor).Rules);
        Assert.Equal(typeof(SignInRules), RecordShapes.For(RecordShape.SignIn).Rules);
        Assert.IsType<EventRecordBuilder>(RecordShapes.Event.CreateBuilder("x", EventReadOptions.Default, new NullSink()));
    }

    private sealed class NullSink : IEventSink
    {
        public EventSymbols Symbols { get; } = new();

        public NameUse Names => NameUse.Both;

        public void OnEvent(in ParsedEvent record)
        {
        }

        public void OnSkipped(SkippedRecord record)
        {
        }
    }
}
