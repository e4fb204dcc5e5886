using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

internal static partial class Sql
{
    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex ParameterName();

    /// <summary>A prepared command with every <c>$name</c> of its text declared, ready to bind and run many times.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> KeptCommands = new();

    /// <summary>
    /// A prepared command kept with its connection and reused by every later transaction on it. For the writer's
    /// connection, which lives as long as the store: preparing a poll's statements anew cost more than some polls' rows.
    /// The command belongs to the connection; callers do not dispose it, and set every parameter they use.
    /// </summary>
    public static SqliteCommand Kept(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var commands = KeptCommands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Command(connection, transaction, sql);
            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Disposes the commands <see cref="Kept"/> keeps for <paramref name="connection"/>, before it closes.</summary>
    public static void DropKept(SqliteConnection connection)
    {
        if (KeptCommands.TryGetValue(connection, out var commands))
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            KeptCommands.Remove(connection);
        }
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
