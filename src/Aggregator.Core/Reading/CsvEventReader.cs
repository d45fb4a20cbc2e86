using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Parsing;
using CsvHelper;

namespace Aggregator.Reading;

/// <summary>
/// Reads CSV with a header row through CsvHelper, as UTF-8 spans. Columns match fields by the same names as JSON
/// properties (a dotted name matches a header spelled that way). An empty cell counts as no value. Rows with broken
/// quoting are skipped and reported as InvalidCsv.
/// </summary>
internal sealed class CsvEventReader
{
    private const int CancellationCheckInterval = 1024;

    private readonly Stream _stream;
    private readonly RecordBuilder _builder;
    private readonly FieldMap _fields;
    private readonly CancellationToken _cancellation;
    private readonly Action? _onProgress;

    public CsvEventReader(Stream stream, RecordBuilder builder, EventReadOptions options, CancellationToken cancellation,
        Action? onProgress)
    {
        _stream = stream;
        _builder = builder;
        _fields = options.Fields;
        _cancellation = cancellation;
        _onProgress = onProgress;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run()
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            OnMalformedRecord = ReportMalformed,
        };

        using CsvReader csv = CsvReader.Create(_stream, options, leaveOpen: true);

        // The row's text is read only if the row is skipped, while it is still the current row.
        var rawRow = new RawText(() => System.Text.Encoding.UTF8.GetString(csv.RawRecord));
        string[] header = csv.Headers.ToArray();
        int fieldCount = _fields.FieldCount;
        int[][] columns = new int[fieldCount][];
        for (int field = 0; field < fieldCount; field++)
        {
            columns[field] = ColumnsFor(field, header);
        }

        RequireColumns(header, columns);

        int sinceCheck = 0;
        while (csv.Read())
        {
            _builder.Reset();
            for (int field = 0; field < fieldCount; field++)
            {
                int[] candidates = columns[field];
                for (int rank = 0; rank < candidates.Length; rank++)
                {
                    int column = candidates[rank];
                    if (column >= 0 && column < csv.FieldCount)
                    {
                        Offer(field, rank, csv.GetSpan(column));
                    }
                }
            }

            _builder.Complete(csv.LineNumber, rawRow);
            if (++sinceCheck >= CancellationCheckInterval)
            {
                sinceCheck = 0;
                _cancellation.ThrowIfCancellationRequested();
                _onProgress?.Invoke();
            }
        }
    }

    // Sensor files need every column: without one, no row of the file could be valid, so the file fails as a whole.
    private void RequireColumns(string[] header, int[][] columns)
    {
        if (_fields.Shape != RecordShape.Sensor)
        {
            return;
        }

        var missing = Enumerable.Range(0, columns.Length).Where(field => columns[field].All(column => column < 0))
            .Select(field => _fields.NamesFor(field)[0]).ToArray();
        if (missing.Length > 0)
        {
            string needed = string.Join(", ", Enumerable.Range(0, columns.Length).Select(field => _fields.NamesFor(field)[0]));
            throw new InvalidHeaderException(header.Length == 0
                ? $"The file has no header row; it needs the columns {needed}."
                : $"The header has no {string.Join(" or ", missing)} column; it needs {needed} (found: {string.Join(", ", header)}).");
        }
    }

    private void ReportMalformed(CsvMalformedRecord record)
    {
        if (!record.Skipped)
        {
            return;
        }

        _builder.Skip(record.LineNumber, SkipReason.InvalidCsv, Describe(record.Reason), new RawText(record.RawRecord));
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "The row has a quote inside an unquoted field.",
        CsvMalformedReason.TextAfterClosingQuote => "The row has text after the closing quote of a field.",
        CsvMalformedReason.UnterminatedQuote => "The row has a quoted field that is never closed.",
        CsvMalformedReason.LineBreakInQuotes => "The row has a line break inside quotes.",
        CsvMalformedReason.FieldCountMismatch => "The row has a different number of fields from the header.",
        _ => $"The row is malformed ({reason}).",
    };

    // Column index for each name of the field, in rank order (-1 where the header lacks it).
    private int[] ColumnsFor(int field, string[] header) =>
        _fields.NamesFor(field)
            .Select(name => Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();

    private void Offer(int field, int rank, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            _builder.Set(field, rank, ValueKind.Null, Array.Empty<byte>(), 0, 0);
            return;
        }

        // The span is only valid until the next read; the builder keeps its own copy for the row.
        Span<byte> target = _builder.ReserveScratch(value.Length, out byte[] array, out int offset);
        value.CopyTo(target);
        _builder.Set(field, rank, ValueKind.Text, array, offset, value.Length);
    }
}
