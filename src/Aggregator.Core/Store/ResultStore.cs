using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// One results store: a SQLite file (WAL mode, versioned schema) and, beside it, the folder of uploaded files named by
/// their content. Each operation opens its own connection, so one store serves many threads and processes at once.
/// </summary>
public sealed class ResultStore
{
    /// <summary>How long an operation waits for another process's write before the store counts as locked.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    private ResultStore(string path, TimeSpan busyTimeout)
    {
        Path = path;
        Objects = new ObjectFolder(path + ".objects");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Opening a file and reading its schema for every operation cost more than the work; ReleaseConnections
            // closes the pooled handles when a command is done with the store.
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        }.ToString();
        SensorFiles = new SensorFileLedger(this);
        EventFiles = new EventFileLedger(this);
    }

    public string Path { get; }

    /// <summary>The uploaded files, each under its FileId.</summary>
    public ObjectFolder Objects { get; }

    public SensorFileLedger SensorFiles { get; }

    public EventFileLedger EventFiles { get; }

    /// <summary>Closes this store's pooled connections, so nothing holds the file once a command is done with it.</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Tests only: caps the database's pages, so that a write meets a full disk.</summary>
    internal long? MaxPageCount { get; set; }

    /// <summary>Where a store lives when none is named: the user's local data folder.</summary>
    public static string DefaultPath
    {
        get
        {
            string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            if (string.IsNullOrEmpty(data))
            {
                data = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return System.IO.Path.Combine(data, "Aggregator", "results.db");
        }
    }

    /// <summary>Opens a store, creating it and its folder when missing and bringing its schema up to date.</summary>
    /// <exception cref="StoreException">The file is not a store, is from a newer version, is locked, or cannot be written.</exception>
    public static ResultStore Open(string path, TimeSpan? busyTimeout = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var store = new ResultStore(full, busyTimeout ?? DefaultBusyTimeout);
        store.Run(connection =>
        {
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL";
                command.ExecuteNonQuery();
            }

            StoreSchema.Upgrade(connection, full);
            return 0;
        });
        return store;
    }

    /// <summary>Runs <paramref name="work"/> on a fresh connection and words SQLite's failures as store problems.</summary>
    internal T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (SqliteCommand command = connection.CreateCommand())
            {
                // NORMAL is safe in WAL mode against a killed process; only a power cut may lose the last commits.
                command.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;" +
                    (MaxPageCount is { } pages ? $" PRAGMA max_page_count = {pages};" : string.Empty);
                command.ExecuteNonQuery();
            }

            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
    }

    internal StoreException Translate(SqliteException ex) => ex.SqliteErrorCode switch
    {
        11 or 26 => new StoreException(StoreProblem.Corrupt,
            $"The store '{Path}' is not a SQLite results store or is damaged ({ex.Message.TrimEnd('.')}). " +
            "Name another file with -Store, or restore this one from a backup.", ex),
        5 or 6 => new StoreException(StoreProblem.Locked,
            $"The store '{Path}' is locked by another process ({ex.Message.TrimEnd('.')}). Try again when it has finished.", ex),
        13 => new StoreException(StoreProblem.NotWritable, $"The store '{Path}' cannot grow: the disk is full.", ex),
        8 or 10 or 14 or 23 => new StoreException(StoreProblem.NotWritable,
            $"The store '{Path}' cannot be opened or written ({ex.Message.TrimEnd('.')}).", ex),
        _ => new StoreException(StoreProblem.NotWritable, $"The store '{Path}' failed: {ex.Message}", ex),
    };
}
