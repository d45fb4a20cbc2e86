using System;
using System.IO;
using Aggregator.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Aggregator.Core.Tests.Store;

public sealed class ResultStoreTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void NewStore_HasTheCurrentSchema_InWalMode_WithTablesOtherToolsCanRead()
    {
        _folder.Open();

        using var connection = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False");
        connection.Open();
        Assert.Equal(StoreSchema.CurrentVersion, Scalar<long>(connection, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar<string>(connection, "PRAGMA journal_mode"));
        foreach (string table in new[] { "sensor_file", "sensor_stat", "sensor_row_error", "event_file", "event_partial" })
        {
            Assert.Equal(1L, Scalar<long>(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }
    }

    [Fact]
    public void OpeningTwice_KeepsTheSchemaAndTheData()
    {
        ResultStore first = _folder.Open();
        first.SensorFiles.Submit(_folder.WriteSensorFile("a.csv", 3));

        ResultStore second = _folder.Open();

        Assert.Single(second.SensorFiles.Query(SensorFileQuery.All));
    }

    [Fact]
    public void OldStore_IsMigratedForward()
    {
        // Version 0 is an empty SQLite file, as an interrupted first open leaves it.
        using (var connection = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE unrelated (x INTEGER); PRAGMA user_version = 0;";
            command.ExecuteNonQuery();
        }

        ResultStore store = _folder.Open();

        store.SensorFiles.Submit(_folder.WriteSensorFile("a.csv", 3));
        using var check = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False");
        check.Open();
        Assert.Equal(StoreSchema.CurrentVersion, Scalar<long>(check, "PRAGMA user_version"));
        Assert.Equal(1L, Scalar<long>(check, "SELECT count(*) FROM sqlite_master WHERE name = 'unrelated'"));
    }

    [Fact]
    public void StoreFromANewerVersion_IsRefusedWithAClearError()
    {
        _folder.Open();
        using (var connection = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {StoreSchema.CurrentVersion + 5}";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => _folder.Open());

        Assert.Equal(StoreProblem.NewerVersion, error.Problem);
        Assert.Contains($"schema version {StoreSchema.CurrentVersion + 5}", error.Message);
        Assert.Contains("newer Aggregator", error.Message);
    }

    [Fact]
    public void CorruptFile_IsAClearError_NotAStackTrace()
    {
        File.WriteAllText(_folder.StorePath, "this is a text file, not a database; " + new string('x', 5000));

        var error = Assert.Throws<StoreException>(() => _folder.Open());

        Assert.Equal(StoreProblem.Corrupt, error.Problem);
        Assert.Contains("not a SQLite results store or is damaged", error.Message);
    }

    [Fact]
    public void LockedStore_IsAClearError_AfterTheWait()
    {
        ResultStore store = _folder.Open(TimeSpan.FromSeconds(1));
        using var holder = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False");
        holder.Open();
        using (SqliteCommand begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => store.SensorFiles.Submit(_folder.WriteSensorFile("a.csv", 3)));

        Assert.Equal(StoreProblem.Locked, error.Problem);
        Assert.Contains("locked by another process", error.Message);
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
