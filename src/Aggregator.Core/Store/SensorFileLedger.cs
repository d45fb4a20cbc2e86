using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Aggregator.Merging;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The sensor files of a store and their lifecycle: Uploaded, then Processing under a lease, then Processed, Partial or
/// Failed with the figures and row errors, each file's result written in one transaction.
/// </summary>
public sealed class SensorFileLedger
{
    private const string SummaryColumns =
        "file_id, name, status, message, uploaded_at, started_at, processed_at, processing_ms, row_count, error_count, " +
        "min_value, max_value, mean_value, sum_value";

    private readonly ResultStore _store;

    internal SensorFileLedger(ResultStore store)
    {
        _store = store;
    }

    /// <summary>Copies a file into the store and records it as Uploaded; the same bytes again give the stored entry.</summary>
    /// <returns>The entry, and whether it is new.</returns>
    public (SensorFileSummary File, bool Added) Submit(Stream content, string source)
    {
        (string fileId, long size) = _store.Objects.Put(content);
        string now = StoreTime.Write(DateTime.UtcNow);
        return _store.Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            int added = Sql.Execute(connection, transaction,
                "INSERT OR IGNORE INTO sensor_file (file_id, name, size, status, uploaded_at) VALUES ($id, $name, $size, 'Uploaded', $now)",
                ("$id", fileId), ("$name", source), ("$size", size), ("$now", now));
            transaction.Commit();
            return (ReadSummaries(connection, "WHERE file_id = $id", true, ("$id", fileId)).Single(), added == 1);
        });
    }

    public (SensorFileSummary File, bool Added) Submit(string path)
    {
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
            FileOptions.SequentialScan);
        return Submit(file, path);
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> of the oldest files waiting (Uploaded, or Processing with its lease run out,
    /// as a killed ingest leaves it) for <paramref name="owner"/>; none when none waits. One transaction, so two ingests
    /// never take the same file.
    /// </summary>
    public IReadOnlyList<ClaimedFile> Claim(string owner, TimeSpan lease, int count = 1)
    {
        DateTime now = DateTime.UtcNow;
        return _store.Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            using SqliteCommand command = Sql.Command(connection, transaction,
                "UPDATE sensor_file SET status = 'Processing', lease_owner = $owner, lease_until = $until, started_at = $now, " +
                "attempts = attempts + 1 WHERE file_id IN (SELECT file_id FROM sensor_file WHERE status = 'Uploaded' " +
                "OR (status = 'Processing' AND lease_until < $now) ORDER BY uploaded_at, file_id LIMIT $count) " +
                "RETURNING file_id, name, attempts, uploaded_at",
                ("$owner", owner), ("$until", StoreTime.Write(now + lease)), ("$now", StoreTime.Write(now)), ("$count", count));
            var claimed = new List<ClaimedFile>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    string fileId = reader.GetString(0);
                    claimed.Add(new ClaimedFile(fileId, reader.GetString(1), _store.Objects.PathOf(fileId), reader.GetInt32(2), owner,
                        StoreTime.Read(reader.GetString(3))));
                }
            }

            transaction.Commit();
            claimed.Sort((a, b) => a.UploadedAt != b.UploadedAt ? a.UploadedAt.CompareTo(b.UploadedAt) : string.CompareOrdinal(a.FileId, b.FileId));
            return (IReadOnlyList<ClaimedFile>)claimed;
        });
    }

    /// <summary>Takes the oldest file waiting, or null when none waits.</summary>
    public ClaimedFile? TryClaim(string owner, TimeSpan lease) => Claim(owner, lease).FirstOrDefault();

    /// <summary>
    /// Writes a claimed file's result, figures, per-sensor figures and row errors in one transaction. False when the
    /// claim was lost (its lease ran out and another ingest took the file): then nothing is written, so nothing counts twice.
    /// </summary>
    public bool Complete(ClaimedFile claim, SensorFileSummary result, IReadOnlyList<SensorSummary> sensors) =>
        CompleteAll(new[] { (claim, result, sensors) })[0];

    /// <summary>
    /// Writes several claimed files' results in one transaction (each file's result whole, so a reader never sees half of
    /// one); for each, whether it was written or its claim was lost.
    /// </summary>
    public bool[] CompleteAll(IReadOnlyList<(ClaimedFile Claim, SensorFileSummary Result, IReadOnlyList<SensorSummary> Sensors)> files)
    {
        return _store.Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            var written = new bool[files.Count];
            for (int i = 0; i < files.Count; i++)
            {
                var (claim, result, sensors) = files[i];
                if (!StillOwned(connection, transaction, claim))
                {
                    continue;
                }

                Sql.Execute(connection, transaction, "DELETE FROM sensor_stat WHERE file_id = $id", ("$id", claim.FileId));
                Sql.Execute(connection, transaction, "DELETE FROM sensor_row_error WHERE file_id = $id", ("$id", claim.FileId));
                Sql.Execute(connection, transaction,
                    "UPDATE sensor_file SET status = $status, message = $message, started_at = $started, processed_at = $processed, " +
                    "processing_ms = $ms, row_count = $rows, error_count = $errors, min_value = $min, max_value = $max, " +
                    "mean_value = $mean, sum_value = $sum, lease_owner = NULL, lease_until = NULL WHERE file_id = $id",
                    ("$id", claim.FileId), ("$status", result.Status.ToString()), ("$message", result.Message),
                    ("$started", StoreTime.Write(result.StartedAt)), ("$processed", StoreTime.Write(result.ProcessedAt)),
                    ("$ms", result.ProcessingMs), ("$rows", result.RowCount), ("$errors", result.ErrorCount),
                    ("$min", result.MinValue), ("$max", result.MaxValue), ("$mean", result.MeanValue), ("$sum", result.Sum));
                InsertMany(connection, transaction,
                    "INSERT INTO sensor_stat (file_id, sensor_id, count, min_value, max_value, sum_value) VALUES ($id, $a, $b, $c, $d, $e)",
                    claim.FileId, sensors.Select(s => new object?[] { s.SensorId, s.Count, s.Min, s.Max, s.Sum }));
                InsertMany(connection, transaction,
                    "INSERT INTO sensor_row_error (file_id, row_number, reason) VALUES ($id, $a, $b)",
                    claim.FileId, result.Errors.Select(e => new object?[] { e.RowNumber, e.Reason }));
                written[i] = true;
            }

            transaction.Commit();
            return written;
        });
    }

    /// <summary>Marks a claimed file Failed with a reason, keeping no figures (such as when its result could not be written).</summary>
    public bool Fail(ClaimedFile claim, string message)
    {
        return _store.Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            if (!StillOwned(connection, transaction, claim))
            {
                return false;
            }

            Sql.Execute(connection, transaction,
                "UPDATE sensor_file SET status = 'Failed', message = $message, processed_at = $now, lease_owner = NULL, " +
                "lease_until = NULL, row_count = NULL, error_count = NULL, min_value = NULL, max_value = NULL, mean_value = NULL, " +
                "sum_value = NULL WHERE file_id = $id",
                ("$id", claim.FileId), ("$message", message), ("$now", StoreTime.Write(DateTime.UtcNow)));
            Sql.Execute(connection, transaction, "DELETE FROM sensor_stat WHERE file_id = $id", ("$id", claim.FileId));
            Sql.Execute(connection, transaction, "DELETE FROM sensor_row_error WHERE file_id = $id", ("$id", claim.FileId));
            transaction.Commit();
            return true;
        });
    }

    /// <summary>Gives claimed files back (Uploaded), as when an ingest is stopped with Ctrl+C.</summary>
    public void Release(IEnumerable<ClaimedFile> claims)
    {
        foreach (ClaimedFile claim in claims)
        {
            Release(claim);
        }
    }

    /// <summary>Gives a claimed file back (Uploaded).</summary>
    public void Release(ClaimedFile claim)
    {
        _store.Run(connection => Sql.Execute(connection, null,
            "UPDATE sensor_file SET status = 'Uploaded', lease_owner = NULL, lease_until = NULL, started_at = NULL " +
            "WHERE file_id = $id AND status = 'Processing' AND lease_owner = $owner",
            ("$id", claim.FileId), ("$owner", claim.Owner)));
    }

    /// <summary>The stored files that match, oldest upload first, as SensorFileSummary objects.</summary>
    public IReadOnlyList<SensorFileSummary> Query(SensorFileQuery query)
    {
        var (where, parameters) = Filter(query);
        return _store.Run(connection => ReadSummaries(connection, where, query.WithErrors, parameters.ToArray()));
    }

    /// <summary>Per-sensor figures over the matching files that have results: the merge of each file's per-sensor figures.</summary>
    public IReadOnlyList<SensorSummary> QuerySensors(SensorFileQuery query)
    {
        var (where, parameters) = Filter(query);
        return _store.Run(connection =>
        {
            var merger = new SensorSummaryMerger();
            using SqliteCommand command = Sql.Command(connection, null,
                "SELECT s.sensor_id, s.count, s.min_value, s.max_value, s.sum_value FROM sensor_stat s " +
                $"JOIN sensor_file f ON f.file_id = s.file_id {where.Replace("file_id", "f.file_id")} " +
                "ORDER BY f.uploaded_at, f.file_id, s.sensor_id", parameters.ToArray());
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                merger.Add(new SensorSummary(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3),
                    reader.GetDouble(4)));
            }

            return merger.GetResults();
        });
    }

    private static (string Where, List<(string, object?)> Parameters) Filter(SensorFileQuery query)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.FileIds is { Count: > 0 } ids)
        {
            conditions.Add("file_id IN (" + string.Join(", ", ids.Select((id, i) => $"$id{i}")) + ")");
            parameters.AddRange(ids.Select((id, i) => ($"$id{i}", (object?)id)));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            conditions.Add("status IN (" + string.Join(", ", statuses.Select((s, i) => $"$status{i}")) + ")");
            parameters.AddRange(statuses.Select((s, i) => ($"$status{i}", (object?)s.ToString())));
        }

        if (query.Since is { } since)
        {
            conditions.Add("uploaded_at >= $since");
            parameters.Add(("$since", StoreTime.Write(since)));
        }

        return (conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions), parameters);
    }

    private static bool StillOwned(SqliteConnection connection, SqliteTransaction transaction, ClaimedFile claim)
    {
        using SqliteCommand check = Sql.Command(connection, transaction,
            "SELECT count(*) FROM sensor_file WHERE file_id = $id AND status = 'Processing' AND lease_owner = $owner",
            ("$id", claim.FileId), ("$owner", claim.Owner));
        return Convert.ToInt64(check.ExecuteScalar()) == 1;
    }

    private List<SensorFileSummary> ReadSummaries(SqliteConnection connection, string where, bool withErrors,
        params (string, object?)[] parameters)
    {
        var files = new List<SensorFileSummary>();
        using (SqliteCommand command = Sql.Command(connection, null,
                   $"SELECT {SummaryColumns} FROM sensor_file {where} ORDER BY uploaded_at, file_id", parameters))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                files.Add(new SensorFileSummary
                {
                    FileId = reader.GetString(0),
                    Path = reader.GetString(1),
                    Status = Enum.Parse<SensorFileStatus>(reader.GetString(2)),
                    Message = reader.IsDBNull(3) ? null : reader.GetString(3),
                    UploadedAt = StoreTime.Read(reader.GetString(4)),
                    StartedAt = reader.IsDBNull(5) ? default : StoreTime.Read(reader.GetString(5)),
                    ProcessedAt = reader.IsDBNull(6) ? default : StoreTime.Read(reader.GetString(6)),
                    ProcessingMs = reader.IsDBNull(7) ? 0 : reader.GetInt64(7),
                    RowCount = reader.IsDBNull(8) ? 0 : reader.GetInt64(8),
                    ErrorCount = reader.IsDBNull(9) ? 0 : reader.GetInt64(9),
                    MinValue = reader.IsDBNull(10) ? null : reader.GetDouble(10),
                    MaxValue = reader.IsDBNull(11) ? null : reader.GetDouble(11),
                    MeanValue = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                    Sum = reader.IsDBNull(13) ? 0 : reader.GetDouble(13),
                });
            }
        }

        if (files.Count == 0)
        {
            return files;
        }

        var byId = files.ToDictionary(file => file.FileId, StringComparer.Ordinal);
        string inFiles = $"SELECT file_id FROM sensor_file {where}";
        using (SqliteCommand command = Sql.Command(connection, null,
                   $"SELECT file_id, sensor_id, count FROM sensor_stat WHERE file_id IN ({inFiles}) ORDER BY file_id, sensor_id", parameters))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                byId[reader.GetString(0)].PerSensorCount[reader.GetString(1)] = reader.GetInt64(2);
            }
        }

        if (withErrors)
        {
            using SqliteCommand command = Sql.Command(connection, null,
                $"SELECT file_id, row_number, reason FROM sensor_row_error WHERE file_id IN ({inFiles}) ORDER BY file_id, row_number, rowid",
                parameters);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byId[reader.GetString(0)].Errors.Add(new SensorRowError(reader.GetInt64(1), reader.GetString(2)));
            }
        }

        return files;
    }

    private static void InsertMany(SqliteConnection connection, SqliteTransaction transaction, string sql, string fileId,
        IEnumerable<object?[]> rows)
    {
        using SqliteCommand command = Sql.Command(connection, transaction, sql, ("$id", fileId));
        string[] names = { "$a", "$b", "$c", "$d", "$e" };
        SqliteParameter[]? values = null;
        foreach (object?[] row in rows)
        {
            if (values is null)
            {
                values = new SqliteParameter[row.Length];
                for (int i = 0; i < row.Length; i++)
                {
                    values[i] = command.Parameters.Add(new SqliteParameter(names[i], null));
                }

                command.Prepare();
            }

            for (int i = 0; i < row.Length; i++)
            {
                values[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
