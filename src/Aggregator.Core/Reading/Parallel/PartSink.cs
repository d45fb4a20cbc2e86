using System;
using System.Collections.Generic;
using System.Threading;
using Aggregator.Reading.Shapes;

namespace Aggregator.Reading.Parallel;

/// <summary>
/// The sink a worker reads one part into. Valid records go to the worker's own sink (aggregation) or are turned into
/// <see cref="IInputRecord"/> batches (record mode: EventRecord or SensorReading); skipped records are renumbered from the part's to the file's lines and
/// records and posted to the calling thread. A later part waits for its numbering only when it holds many skips.
/// </summary>
internal sealed class PartSink : IEventSink
{
    public const int BatchSize = 256;
    private const int MaxHeldSkips = 1024;

    private readonly IEventSink? _inner;
    private readonly ReadWorker _worker;
    private readonly ReadPart _part;
    private readonly Action<object> _post;
    private readonly bool _batch;
    private readonly RecordShapeDescriptor _shape;
    private readonly CancellationToken _cancellation;
    private List<SkippedRecord>? _heldSkips;
    private List<IInputRecord>? _records;
    private bool _numbered;
    private long _lineOffset;
    private long _recordOffset;

    public PartSink(IEventSink? inner, ReadWorker worker, ReadPart part, Action<object> post, bool batch,
        RecordShapeDescriptor shape, CancellationToken cancellation)
    {
        _shape = shape;
        _inner = inner;
        _worker = worker;
        _part = part;
        _post = post;
        _batch = batch;
        _cancellation = cancellation;
        _numbered = part.Number == 0;
    }

    public EventSymbols Symbols => _inner?.Symbols ?? _worker.RecordSymbols;

    public NameUse Names => _inner?.Names ?? _shape.NamesForOutput;

    public long Valid { get; private set; }

    public long Skipped { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void OnEvent(in ParsedEvent record)
    {
        Valid++;
        if (_inner is not null)
        {
            _inner.OnEvent(in record);
            return;
        }

        IInputRecord converted = _shape.ToOutput(in record, _part.File.Path);
        _worker.AfterRecordConverted();
        if (!_batch)
        {
            _post(converted);
            return;
        }

        (_records ??= new List<IInputRecord>(BatchSize)).Add(converted);
        if (_records.Count == BatchSize)
        {
            _post(_records);
            _records = null;
        }
    }

    public void OnSkipped(SkippedRecord record)
    {
        Skipped++;
        if (!_numbered && !_part.File.TryGetOffsets(_part.Number, out _lineOffset, out _recordOffset))
        {
            (_heldSkips ??= new List<SkippedRecord>()).Add(record);
            if (_heldSkips.Count < MaxHeldSkips)
            {
                return;
            }

            _part.File.WaitForOffsets(_part.Number, _cancellation, out _lineOffset, out _recordOffset);
            _numbered = true;
            PostHeldSkips();   // this record is the last of them
            return;
        }

        _numbered = true;
        PostRecords();   // the valid records before it go first, so errors and records keep the file's order
        PostHeldSkips();
        PostSkip(record);
    }

    /// <summary>Ends the part: records its counts for later parts, then posts what it still holds.</summary>
    public void Complete(long lineBreaks)
    {
        _part.File.Finish(_part.Number, lineBreaks, Valid + Skipped);
        PostRecords();

        if (_heldSkips is { Count: > 0 })
        {
            _part.File.WaitForOffsets(_part.Number, _cancellation, out _lineOffset, out _recordOffset);
            _numbered = true;
            PostHeldSkips();
        }
    }

    private void PostRecords()
    {
        if (_records is { Count: > 0 })
        {
            _post(_records);
            _records = null;
        }
    }

    private void PostHeldSkips()
    {
        if (_heldSkips is null)
        {
            return;
        }

        foreach (SkippedRecord held in _heldSkips)
        {
            PostSkip(held);
        }

        _heldSkips = null;
    }

    private void PostSkip(SkippedRecord record)
    {
        record.Line += _lineOffset;
        record.Record += _recordOffset;
        _post(record);
    }
}
