using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Aggregator;

/// <summary>
/// The per-file figures of a run. A list, so <c>$st.PerFile | Format-Table</c> and ConvertTo-Json work; prints as
/// "events.json: 12 read, 10 valid, 2 skipped; ..." so that Export-Csv writes one readable cell.
/// </summary>
public sealed class FileStatisticsList : IReadOnlyList<FileImportStatistics>
{
    /// <summary>Between the files in the printed text.</summary>
    public const string Separator = "; ";

    private readonly FileImportStatistics[] _files;

    public FileStatisticsList(IEnumerable<FileImportStatistics> files)
    {
        _files = files.ToArray();
    }

    public int Count => _files.Length;

    public FileImportStatistics this[int index] => _files[index];

    public IEnumerator<FileImportStatistics> GetEnumerator() => ((IEnumerable<FileImportStatistics>)_files).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _files.GetEnumerator();

    public override string ToString() => string.Join(Separator, _files.Select(file => file.ToString()));
}
