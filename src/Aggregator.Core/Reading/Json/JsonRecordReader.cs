using System.Runtime.CompilerServices;
using Aggregator.Reading.Buffers;

namespace Aggregator.Reading.Json;

/// <summary>
/// One record, from its '{' at the window's position: the flat scan first, the full parse when the scan declines, more
/// bytes when the record runs past what is buffered, and recovery when it is damaged or too large.
/// </summary>
internal sealed class JsonRecordReader
{
    private readonly ByteWindow _window;
    private readonly JsonRecordBounds _bounds;
    private readonly JsonFieldRouter _fields;
    private readonly JsonFullParser _parser;
    private readonly JsonDamageRecovery _recovery;
    private readonly RecordBuilder _builder;
    private readonly bool _lineMode;

    public JsonRecordReader(ByteWindow window, JsonRecordBounds bounds, JsonFieldRouter fields, JsonDamageRecovery recovery,
        bool lineMode)
    {
        _window = window;
        _bounds = bounds;
        _fields = fields;
        _builder = fields.Builder;
        _recovery = recovery;
        _lineMode = lineMode;
        _parser = new JsonFullParser(window, fields, lineMode);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read()
    {
        ByteWindow window = _window;
        while (true)
        {
            int limit = _bounds.Limit(out bool final);
            int errorAt = 0;
            string? error = null;
            JsonFullParser.Outcome outcome = JsonFlatScanner.TryScan(window.Buffer, window.Position, limit, _fields, out int recordEnd)
                ? JsonFullParser.Outcome.Complete
                : _parser.Parse(limit, final, out recordEnd, out errorAt, out error);
            switch (outcome)
            {
                case JsonFullParser.Outcome.Complete:
                    int start = window.Position;
                    if (recordEnd - start > _bounds.MaxRecordBytes)
                    {
                        _builder.Skip(window.Line, SkipReason.RecordTooLarge, _bounds.TooLargeMessage,
                            new RawText(window.Buffer, start, recordEnd - start));
                        window.AdvanceTo(recordEnd);
                        return;
                    }

                    _builder.Complete(window.Line, new RawText(window.Buffer, start, recordEnd - start));
                    if (_lineMode)
                    {
                        window.Position = recordEnd;   // a JSON Lines record holds no line break
                    }
                    else
                    {
                        window.AdvanceTo(recordEnd);
                    }

                    return;
                case JsonFullParser.Outcome.Invalid:
                    _recovery.ReportAndResync(errorAt, SkipReason.InvalidJson, error!);
                    return;
                default:
                    if (!_bounds.MakeRoom())
                    {
                        _recovery.ReportAndResync(window.End, SkipReason.RecordTooLarge, _bounds.TooLargeMessage);
                        return;
                    }

                    break;
            }
        }
    }
}
