using System;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The store's tables, by version. SQLite's user_version holds the version a file was brought to; opening a file runs
/// the steps it lacks in one transaction each, and refuses a file from a newer module rather than guessing.
/// </summary>
public static class StoreSchema
{
    /// <summary>The version this module writes. A step is only ever appended: a released step never changes.</summary>
    public static int CurrentVersion => Steps.Length;

    private static readonly string[] Steps =
    {
        // 1: sensor files with their lifecycle, figures, per-sensor figures and row errors; event files' partial results.
        """
        CREATE TABLE sensor_file (
            file_id       TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            size          INTEGER NOT NULL,
            status        TEXT NOT NULL CHECK (status IN ('Uploaded','Processing','Processed','Partial','Failed')),
            message       TEXT,
            uploaded_at   TEXT NOT NULL,
            started_at    TEXT,
            processed_at  TEXT,
            processing_ms INTEGER,
            attempts      INTEGER NOT NULL DEFAULT 0,
            lease_owner   TEXT,
            lease_until   TEXT,
            row_count     INTEGER,
            error_count   INTEGER,
            min_value     REAL,
            max_value     REAL,
            mean_value    REAL,
            sum_value     REAL
        );
        CREATE INDEX sensor_file_by_status ON sensor_file (status, uploaded_at);
        CREATE TABLE sensor_stat (
            file_id   TEXT NOT NULL REFERENCES sensor_file (file_id) ON DELETE CASCADE,
            sensor_id TEXT NOT NULL,
            count     INTEGER NOT NULL,
            min_value REAL NOT NULL,
            max_value REAL NOT NULL,
            sum_value REAL NOT NULL,
            PRIMARY KEY (file_id, sensor_id)
        );
        CREATE TABLE sensor_row_error (
            file_id    TEXT NOT NULL REFERENCES sensor_file (file_id) ON DELETE CASCADE,
            row_number INTEGER NOT NULL,
            reason     TEXT NOT NULL
        );
        CREATE INDEX sensor_row_error_by_file ON sensor_row_error (file_id, row_number);
        CREATE TABLE event_file (
            path        TEXT NOT NULL,
            kind        TEXT NOT NULL,
            options     TEXT NOT NULL,
            size        INTEGER NOT NULL,
            modified_at TEXT NOT NULL,
            content_id  TEXT NOT NULL,
            format      TEXT NOT NULL,
            read        INTEGER NOT NULL,
            valid       INTEGER NOT NULL,
            skipped     INTEGER NOT NULL,
            stored_at   TEXT NOT NULL,
            PRIMARY KEY (path, kind, options)
        );
        CREATE TABLE event_partial (
            path       TEXT NOT NULL,
            kind       TEXT NOT NULL,
            options    TEXT NOT NULL,
            row_number INTEGER NOT NULL,
            result     TEXT NOT NULL,
            PRIMARY KEY (path, kind, options, row_number),
            FOREIGN KEY (path, kind, options) REFERENCES event_file (path, kind, options) ON DELETE CASCADE
        );
        """,
    };

    /// <summary>Brings the store to <see cref="CurrentVersion"/>, or refuses one from a newer module.</summary>
    public static void Upgrade(SqliteConnection connection, string storePath)
    {
        int version = VersionOf(connection);
        if (version > CurrentVersion)
        {
            throw new StoreException(StoreProblem.NewerVersion,
                $"The store '{storePath}' has schema version {version}, but this version of Aggregator knows versions up to " +
                $"{CurrentVersion}. Use a newer Aggregator, or another store.");
        }

        for (int step = version; step < CurrentVersion; step++)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            // Another process may have upgraded the file while this one waited for the write lock.
            if (VersionOf(connection, transaction) > step)
            {
                transaction.Rollback();
                continue;
            }

            using (SqliteCommand command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Steps[step] + $"; PRAGMA user_version = {step + 1};";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public static int VersionOf(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }
}
