using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace BackupifyPortal.Data;

/// <summary>
/// Serialises one kind of check-then-write (e.g. "is a send under every cap? then record it") across every instance.
/// SQLite already does: a transaction there takes the single writer lock at BEGIN (BEGIN IMMEDIATE). PostgreSQL's
/// READ COMMITTED lets two transactions read the same count, so there it takes a transaction-scoped advisory lock.
/// </summary>
public static class WriteLocks
{
    /// <summary>Call inside a transaction: the lock holds until it commits or rolls back.</summary>
    public static async Task LockUntilCommitAsync(this DatabaseFacade database, string name, CancellationToken ct = default)
    {
        if (!database.IsNpgsql()) return;
        var key = Key(name);
        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
    }

    /// <summary>A session-level lock on an open connection, released by <see cref="UnlockAsync"/> (or when the connection closes).</summary>
    public static async Task LockSessionAsync(this DatabaseFacade database, string name, CancellationToken ct = default)
    {
        if (!database.IsNpgsql()) return;
        var key = Key(name);
        // Waiting is the point: another instance may hold it for minutes (migrating, seeding), longer than a command's 30 s.
        var timeout = database.GetCommandTimeout();
        database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        try { await database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", ct); }
        finally { database.SetCommandTimeout(timeout); }
    }

    public static async Task UnlockAsync(this DatabaseFacade database, string name)
    {
        if (!database.IsNpgsql()) return;
        var key = Key(name);
        await database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})");
    }

    // Advisory locks take a bigint: a stable one from the name, so every instance picks the same.
    private static long Key(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
