using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Event files' partial results, one set per file, result kind and reading options, so that a later run reads only
/// new or changed files and merges the rest. A file's entry and rows are replaced in one transaction.
/// </summary>
public sealed class EventFileLedger
{
    private readonly ResultStore _store;

    internal EventFileLedger(ResultStore store)
    {
        _store = store;
    }

    /// <summary>Every file stored for a kind and options, by path: one query for a whole run's plan.</summary>
    public Dictionary<string, StoredEventFile> FindAll(string kind, string options) => _store.Run(connection =>
    {
        var files = new Dictionary<string, StoredEventFile>(StringComparer.Ordinal);
        using SqliteCommand command = Sql.Command(connection, null,
            "SELECT path, size, modified_at, content_id, format, read, valid, skipped FROM event_file WHERE kind = $kind AND options = $options",
            ("$kind", kind), ("$options", options));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            string path = reader.GetString(0);
            files[path] = new StoredEventFile(path, kind, options, reader.GetInt64(1), StoreTime.Read(reader.GetString(2)), reader.GetString(3),
                Enum.Parse<InputFormat>(reader.GetString(4)), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
        }

        return files;
    });

    /// <summary>
    /// The stored results of the given files, in one query, each handed over as its path and its properties' text.
    /// </summary>
    public void ReadResults(string kind, string options, IReadOnlySet<string> paths, Action<string, IReadOnlyDictionary<string, object?>> onResult) =>
        _store.Run(connection =>
        {
            using SqliteCommand command = Sql.Command(connection, null,
                "SELECT path, result FROM event_partial WHERE kind = $kind AND options = $options ORDER BY path, row_number",
                ("$kind", kind), ("$options", options));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string path = reader.GetString(0);
                if (paths.Contains(path))
                {
                    onResult(path, ResultRowText.Read(reader.GetString(1)));
                }
            }

            return 0;
        });

    /// <summary>
    /// Every stored result of a kind, whatever the options, as properties' text, with the files' skipped records counted:
    /// what a dashboard over the store shows.
    /// </summary>
    public long ReadAllResults(string kind, Action<IReadOnlyDictionary<string, object?>> onResult) => _store.Run(connection =>
    {
        using (SqliteCommand command = Sql.Command(connection, null,
                   "SELECT result FROM event_partial WHERE kind = $kind ORDER BY path, options, row_number", ("$kind", kind)))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                onResult(ResultRowText.Read(reader.GetString(0)));
            }
        }

        using SqliteCommand skipped = Sql.Command(connection, null, "SELECT coalesce(sum(skipped), 0) FROM event_file WHERE kind = $kind", ("$kind", kind));
        return Convert.ToInt64(skipped.ExecuteScalar());
    });

    /// <summary>Replaces a file's entry and results.</summary>
    public void Save(StoredEventFile file, IEnumerable<object> results) => _store.Run(connection =>
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        (string, object?)[] key = { ("$path", file.Path), ("$kind", file.Kind), ("$options", file.Options) };
        Sql.Execute(connection, transaction, "DELETE FROM event_file WHERE path = $path AND kind = $kind AND options = $options", key);
        Sql.Execute(connection, transaction,
            "INSERT INTO event_file (path, kind, options, size, modified_at, content_id, format, read, valid, skipped, stored_at) " +
            "VALUES ($path, $kind, $options, $size, $modified, $content, $format, $read, $valid, $skipped, $now)",
            ("$path", file.Path), ("$kind", file.Kind), ("$options", file.Options), ("$size", file.Size),
            ("$modified", StoreTime.Write(file.ModifiedAt)), ("$content", file.ContentId), ("$format", file.Format.ToString()),
            ("$read", file.Read), ("$valid", file.Valid), ("$skipped", file.Skipped), ("$now", StoreTime.Write(DateTime.UtcNow)));
        using SqliteCommand insert = Sql.Command(connection, transaction,
            "INSERT INTO event_partial (path, kind, options, row_number, result) VALUES ($path, $kind, $options, $row, $result)", key);
        SqliteParameter row = insert.Parameters.Add(new SqliteParameter("$row", 0));
        SqliteParameter result = insert.Parameters.Add(new SqliteParameter("$result", string.Empty));
        insert.Prepare();
        long number = 0;
        foreach (object item in results)
        {
            row.Value = ++number;
            result.Value = ResultRowText.Write(item);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return 0;
    });

    /// <summary>Records that an unchanged file (same content id) has a new size or time, so the next run need not hash it.</summary>
    public void Touch(StoredEventFile file, long size, DateTime modifiedAt) => _store.Run(connection =>
        Sql.Execute(connection, null,
            "UPDATE event_file SET size = $size, modified_at = $modified WHERE path = $path AND kind = $kind AND options = $options",
            ("$size", size), ("$modified", StoreTime.Write(modifiedAt)), ("$path", file.Path), ("$kind", file.Kind),
            ("$options", file.Options)));
}
