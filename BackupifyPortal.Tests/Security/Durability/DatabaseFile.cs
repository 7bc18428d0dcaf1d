using BackupifyPortal.Features.Audit;
using BackupifyPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Security.Durability;

/// <summary>Looks at a portal's SQLite file from outside the app (its own unpooled connection), as an operator would after a crash.</summary>
public sealed class DatabaseFile(string path)
{
    /// <summary>Tables whose committed rows are never deleted by the flows these tests drive.</summary>
    // Not AuthSessions: a factor change (e.g. a phone verified at sign-in) deletes the person's other sessions by design.
    public static readonly string[] AppendOnlyTables =
        ["AspNetUsers", "Accounts", "Organizations", "ProtectedServices", "AuditEvents", "DataProtectionKeys", "OutboxMessages", "CodeDeliveries", "OneTimeCodes", "SignInAttempts"];

    public string Path => path;
    public string ConnectionString => $"Data Source={path};Pooling=False";

    public PortalDbContext Open() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).Options);

    public async Task<string> PragmaAsync(string pragma)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToString(await command.ExecuteScalarAsync()) ?? "";
    }

    public async Task<Dictionary<string, long>> CountRowsAsync(IEnumerable<string>? tables = null)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables ?? AppendOnlyTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\";";
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }
        return counts;
    }

    /// <summary>Rows committed before that are gone now, per table (0 everywhere means nothing was lost).</summary>
    public static long RowsLost(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        before.Sum(b => Math.Max(0, b.Value - after[b.Key]));

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = Open();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    public async Task<(AccountKind Kind, Guid Id)> FirstAccountAsync(string userId)
    {
        await using var db = Open();
        var account = await db.Accounts.Where(a => a.OwnerId == userId).OrderBy(a => a.Kind).FirstAsync();
        return (account.Kind, account.Id);
    }

    public async Task<SecondFactorSnapshot> SecondFactorsAsync(string userId)
    {
        await using var db = Open();
        var profile = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId);
        var factors = await db.Factors.AsNoTracking().Where(f => f.UserId == userId).ToListAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var recovery = await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null);
        var audit = await db.AuditEvents.Where(e => e.UserId == userId).Select(e => e.Type).ToListAsync();
        return new SecondFactorSnapshot(profile, factors, user.TwoFactorEnabled, user.SecurityStamp, recovery, audit);
    }
}

public sealed record SecondFactorSnapshot(TwoFactorProfile? Profile, IReadOnlyList<UserFactor> Factors, bool TwoFactorEnabled, string? SecurityStamp, int RecoveryCodesLeft, IReadOnlyList<string> AuditTypes)
{
    private UserFactor? App => Factors.FirstOrDefault(f => f.Kind == FactorKind.AuthenticatorApp);
    private UserFactor? MainPhone => Factors.FirstOrDefault(f => f.Kind == FactorKind.Phone && !f.IsBackup);

    public bool HasAuthenticator => App?.SecretProtected is not null;
    public PhoneState Phone => MainPhone?.PhoneState ?? PhoneState.None;

    /// <summary>Fully enrolled with an app: secret, app name, time, 2FA flag, a full set of recovery codes and the audit row; no pending swap left.</summary>
    public bool AuthenticatorFullyEnrolled =>
        App is { SecretProtected: not null, Name.Length: > 0 } && Profile is { PendingAuthenticatorSecretProtected: null }
        && TwoFactorEnabled && RecoveryCodesLeft == 10 && AuditTypes.Contains(AuditEventTypes.AuthenticatorEnabled);

    /// <summary>No app at all: no secret, no recovery codes, 2FA flag off (a pending, unconfirmed secret is allowed).</summary>
    public bool AuthenticatorNotEnrolled => App is null && !TwoFactorEnabled && RecoveryCodesLeft == 0;

    /// <summary>A verified phone is on with the flag and the audit row; a pending one waits for its first code with 2FA off.</summary>
    public bool PhoneConsistent => Phone switch
    {
        PhoneState.None => MainPhone is null && !TwoFactorEnabled,
        PhoneState.Pending => MainPhone!.PhoneE164 is not null && MainPhone.VerifiedAt is null && !TwoFactorEnabled && AuditTypes.Contains(AuditEventTypes.PhonePending),
        _ => MainPhone!.PhoneE164 is not null && MainPhone.VerifiedAt is not null && TwoFactorEnabled && AuditTypes.Contains(AuditEventTypes.PhoneVerified),
    };

    public override string ToString() =>
        $"phone={Phone} e164?={MainPhone?.PhoneE164 is not null} verifiedAt?={MainPhone?.VerifiedAt is not null} app?={HasAuthenticator} appName={App?.Name} " +
        $"pending?={Profile?.PendingAuthenticatorSecretProtected is not null} 2faFlag={TwoFactorEnabled} recovery={RecoveryCodesLeft} audit=[{string.Join(",", AuditTypes)}]";
}
