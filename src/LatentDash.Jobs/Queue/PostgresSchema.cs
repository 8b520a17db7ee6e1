using Hangfire.PostgreSql;
using Npgsql;

namespace LatentDash.Jobs.Queue;

/// <summary>Installs (or upgrades) Hangfire's PostgreSQL schema under an advisory lock, so any number of processes may
/// start at once: two installers running together race on CREATE SCHEMA.</summary>
public static class PostgresSchema
{
    private const long LockKey = 0x4C44_4846; // "LDHF"

    public static void Ensure(string connectionString, string schema)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", LockKey);
            take.ExecuteNonQuery();
        }

        try
        {
            PostgreSqlObjectsInstaller.Install(connection, schema);
        }
        finally
        {
            using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", LockKey);
            release.ExecuteNonQuery();
        }
    }
}
