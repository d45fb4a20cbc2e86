using System;
using System.IO;
using System.Threading;
using Aggregator.Reading.Buffers;
using Aggregator.Reading.Json;
using Aggregator.Reading.Shapes;

namespace Aggregator.Reading;

/// <summary>
/// Streams JSON records through a fixed buffer: a JSON array of objects, objects one after another (pretty-printed or
/// not), or JSON Lines. Only the wanted fields are kept. This puts the pieces together; each does one job:
/// <see cref="ByteWindow"/> holds the bytes, <see cref="JsonFraming"/> finds the records and their envelopes,
/// <see cref="JsonFlatScanner"/> reads a flat record, <see cref="JsonFullParser"/> any other, and
/// <see cref="JsonDamageRecovery"/> resumes after damage, which costs only the damaged record.
/// </summary>
internal sealed class JsonEventReader
{
    internal const int InitialBufferSize = 1 << 20;

    private readonly ByteWindow _window;
    private readonly JsonFraming _framing;
    private readonly RecordBuilder _builder;

    /// <param name="onRefill">Called each time the buffer is refilled, for progress by bytes read.</param>
    public JsonEventReader(Stream stream, RecordBuilder builder, EventReadOptions options, bool lineMode,
        CancellationToken cancellation, Action? onRefill)
    {
        _builder = builder;
        _window = new ByteWindow(stream, InitialBufferSize, cancellation, onRefill);
        var bounds = new JsonRecordBounds(_window, lineMode, RecordSizeLimit.Of(options));
        var fields = new JsonFieldRouter(options.Fields.Matcher, builder);
        var recovery = new JsonDamageRecovery(_window, bounds, builder, lineMode);
        var records = new JsonRecordReader(_window, bounds, fields, recovery, lineMode);
        _framing = new JsonFraming(_window, records, recovery, builder, lineMode, RecordShapes.For(options.Fields).BareEnvelopes);
    }

    /// <summary>Line breaks passed so far; after <see cref="Run"/>, all the input held.</summary>
    public long LineBreaks => _window.Line - 1;

    /// <summary>After <see cref="Run"/>: what is wrong with the file as a whole (not any one record), or null.</summary>
    public string? FileProblem => _framing.FileProblem;

    public void Run()
    {
        _framing.ReadAll();
        _builder.Finish();
    }
}
