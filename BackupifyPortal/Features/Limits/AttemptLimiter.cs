using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BackupifyPortal.Features.Limits;

/// <summary>
/// Counts failures per (kind, key) in <see cref="AttemptCounter"/> rows. Every count is ONE statement
/// (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike: PostgreSQL locks the row for the update) that also sets the wait the
/// new count earns, so parallel calls each get their own count and none can slip past a wait.
/// </summary>
public sealed class AttemptLimiter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    private const string Table = "\"AttemptCounters\"";
    /// <summary>The wait of a hard lock: until someone clears the counter.</summary>
    public static readonly DateTimeOffset Forever = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
    // Raw SQL bypasses the model's converter: on SQLite parameters are stored as the model stores DateTimeOffset
    // (ticks in a long); PostgreSQL's timestamptz takes the value itself, in UTC.
    private static readonly DateTimeOffsetToBinaryConverter Ticks = new();

    public async Task<CounterState> GetAsync(LimitRule rule, string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AttemptCounters.AsNoTracking().FirstOrDefaultAsync(c => c.Kind == rule.Kind && c.Key == key, ct);
        if (row is null) return CounterState.Empty;
        var expired = rule.Window is { } window && row.WindowStart <= clock.GetUtcNow() - window;
        return ToState(row) with { Count = expired ? 0 : row.Count };
    }

    /// <summary>Counts one try unless the key is waiting; a refused try is not counted and must not run.</summary>
    public async Task<TakeResult> TryTakeAsync(LimitRule rule, string key, CancellationToken ct = default)
    {
        var row = await UpsertAsync(rule, key, refuseWhileBlocked: true, ct);
        return row is null ? new TakeResult(false, await GetAsync(rule, key, ct)) : new TakeResult(true, ToState(row));
    }

    /// <summary>Counts one failure, waiting or not, and returns the state after it.</summary>
    public async Task<CounterState> CountAsync(LimitRule rule, string key, CancellationToken ct = default) =>
        ToState((await UpsertAsync(rule, key, refuseWhileBlocked: false, ct))!);

    /// <summary>A success: the key starts again from nothing.</summary>
    public async Task ResetAsync(string kind, string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AttemptCounters.Where(c => c.Kind == kind && c.Key == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>Every counter about one account (its own, and its per-address ones), of every kind.</summary>
    public static IQueryable<AttemptCounter> OfAccount(PortalDbContext db, string userId)
    {
        var key = CounterKinds.Account(userId);
        var prefix = key + "|";
        return db.AttemptCounters.Where(c => c.Key == key || c.Key.StartsWith(prefix));
    }

    /// <summary>Whether any counter of the account makes it wait now.</summary>
    public async Task<bool> AnyBlockedAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await OfAccount(db, userId).AnyAsync(c => c.BlockedUntil > now, ct);
    }

    public async Task<int> ClearAccountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await OfAccount(db, userId).ExecuteDeleteAsync(ct);
    }

    private async Task<AttemptCounter?> UpsertAsync(LimitRule rule, string key, bool refuseWhileBlocked, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sqlite = db.Database.IsSqlite();
        object Store(DateTimeOffset value) => sqlite ? Ticks.ConvertToProvider(value)! : value.ToUniversalTime();
        var now = clock.GetUtcNow();
        var args = new List<object>();
        string P(object? value)
        {
            args.Add(value ?? DBNull.Value);
            return "{" + (args.Count - 1) + "}";
        }
        var nowP = P(Store(now));
        var fresh = $"{Table}.\"WindowStart\" <= {P(Store(rule.Window is { } w ? now - w : DateTimeOffset.MinValue))}";
        var count = $"(CASE WHEN {fresh} THEN 1 ELSE {Table}.\"Count\" + 1 END)";
        var firstWait = rule.HardLockAt <= 1 ? Forever : rule.WaitAfter(1) is { } wait ? now + wait : (DateTimeOffset?)null;
        var sql = $"""
            INSERT INTO {Table} ("Kind", "Key", "Count", "WindowStart", "BlockedUntil", "UpdatedAt")
            VALUES ({P(rule.Kind)}, {P(key)}, 1, {nowP}, {P(firstWait is { } f ? Store(f) : null)}, {nowP})
            ON CONFLICT ("Kind", "Key") DO UPDATE SET
                "Count" = {count},
                "WindowStart" = CASE WHEN {fresh} THEN {nowP} ELSE {Table}."WindowStart" END,
                "BlockedUntil" = {BlockExpression(rule, count, now, P, Store)},
                "UpdatedAt" = {nowP}
            {(refuseWhileBlocked ? $"WHERE {Table}.\"BlockedUntil\" IS NULL OR {Table}.\"BlockedUntil\" <= {nowP}" : "")}
            RETURNING "Kind", "Key", "Count", "WindowStart", "BlockedUntil", "UpdatedAt"
            """;
        var rows = await db.AttemptCounters.FromSqlRaw(sql, [.. args]).AsNoTracking().ToListAsync(ct);
        return rows.SingleOrDefault();
    }

    /// <summary>The new BlockedUntil as SQL: the wait the new count earns, else the old value.</summary>
    private static string BlockExpression(LimitRule rule, string count, DateTimeOffset now, Func<object?, string> p, Func<DateTimeOffset, object> store)
    {
        var cases = new List<string>();
        if (rule.HardLockAt is { } hard) cases.Add($"WHEN {count} >= {hard} THEN {p(store(Forever))}");
        var waits = rule.Waits();
        if (rule.RepeatEveryBurst && waits.Count > 0) cases.Add($"WHEN {count} % {rule.Burst} = 0 THEN {p(store(now + waits[0]))}");
        else
            for (var i = 0; i < waits.Count; i++)
                cases.Add(i < waits.Count - 1
                    ? $"WHEN {count} = {rule.Burst + i} THEN {p(store(now + waits[i]))}"
                    : $"WHEN {count} >= {rule.Burst + i} THEN {p(store(now + waits[i]))}");
        return cases.Count == 0 ? $"{Table}.\"BlockedUntil\"" : $"CASE {string.Join(' ', cases)} ELSE {Table}.\"BlockedUntil\" END";
    }

    private static CounterState ToState(AttemptCounter row) => new(row.Count, row.BlockedUntil, row.BlockedUntil >= Forever);
}
