using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Authenticator;

public sealed class RecoveryCodes(
    IDbContextFactory<PortalDbContext> dbFactory,
    IAuthenticatorCodes authenticatorCodes,
    ISecondFactorLockout lockout,
    IAuditLog audit,
    TimeProvider clock,
    FreshProof fresh,
    FactorChanges changes,
    Operations.CurrentClient client) : IRecoveryCodes
{
    public const int CodesPerSet = 10;
    public const int LowWarningAt = 3;

    /// <summary>So few codes left that the person is told to make new ones.</summary>
    public static bool IsRunningLow(int codesLeft) => codesLeft <= LowWarningAt;

    public async Task<int> CountLeftAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);
    }

    /// <summary>Deletes the person's codes and adds a new set to <paramref name="db"/>; the caller saves and commits.</summary>
    public static async Task<IReadOnlyList<string>> StageReplacementAsync(PortalDbContext db, string userId, DateTimeOffset now, CancellationToken ct)
    {
        var codes = Enumerable.Range(0, CodesPerSet).Select(_ => RecoveryCodeFormat.NewCode()).ToList();
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CodeHash = Convert.ToHexString(RecoveryCodeFormat.Hash(userId, RecoveryCodeFormat.Normalize(code))),
            CreatedAt = now,
        }));
        return codes;
    }

    public async Task<RecoveryCodeResult> RedeemAsync(string userId, string? code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var status = await lockout.GetAsync(userId, ct);
        if (status.IsLocked(now)) return new RecoveryCodeResult(TotpCheckOutcome.LockedOut, 0, status);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var typedHash = RecoveryCodeFormat.Hash(userId, RecoveryCodeFormat.Normalize(code));
        var unused = await db.RecoveryCodes.Where(c => c.UserId == userId && c.UsedAt == null)
            .Select(c => new { c.Id, c.CodeHash }).ToListAsync(ct);
        var match = unused.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(Convert.FromHexString(c.CodeHash), typedHash));

        // Single use: only the request whose UPDATE changes the row wins; the claim, the new stamp and the audit row commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = match is not null && await db.RecoveryCodes
            .Where(c => c.Id == match.Id && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct) == 1;
        if (!claimed)
        {
            await tx.RollbackAsync(ct);
            await audit.WriteAsync(AuditEventTypes.RecoveryCodeFailed, userId, ipAddress: client.Address, ct: ct);
            var after = await lockout.RegisterFailureAsync(userId, ct);
            return new RecoveryCodeResult(TotpCheckOutcome.WrongCode, 0, after);
        }
        var left = unused.Count - 1;
        // A used code usually means a lost phone: the person is told, and their other sessions end.
        var used = new FactorChange(userId, AuditEventTypes.RecoveryCodeUsed, $"{left} left",
            $"A recovery code was used to log in to your account. {left} recovery codes are left.", TwoFactorEnabled: null);
        var recorded = await changes.StageAsync(db, used, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, used, ct);
        await lockout.RegisterSuccessAsync(userId, ct);
        return new RecoveryCodeResult(TotpCheckOutcome.Accepted, left);
    }

    public async Task<RecoveryCodesRegenerated> RegenerateAsync(string userId, string? sessionId, string? currentCode, CancellationToken ct = default)
    {
        // Checked before the code, so a refused request does not use up the code's time step.
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return new RecoveryCodesRegenerated(new TotpCheckResult(TotpCheckOutcome.NeedsFreshProof), []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every person with a factor may hold recovery codes (phone-only and passkey-only too); nobody without one.
        if (!await db.Users.Where(u => u.Id == userId).AnyAsync(SecondFactors.PersonIsEnrolled(db), ct))
            return new RecoveryCodesRegenerated(new TotpCheckResult(TotpCheckOutcome.NotEnrolled), []);
        // A person with an app also gives a current code from it; for the others the session's fresh proof is the proof.
        var check = await db.Factors.AnyAsync(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp, ct)
            ? await authenticatorCodes.VerifyAsync(userId, currentCode, ct)
            : TotpCheckResult.Accepted;
        if (!check.Succeeded) return new RecoveryCodesRegenerated(check, []);

        // The new set, the new stamp and the audit row commit together: never old and new codes both valid.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var codes = await StageReplacementAsync(db, userId, clock.GetUtcNow(), ct);
        var regenerated = new FactorChange(userId, AuditEventTypes.RecoveryCodesRegenerated, null,
            "A new set of recovery codes was made for your account: the old codes no longer work.", TwoFactorEnabled: null);
        var recorded = await changes.StageAsync(db, regenerated, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, regenerated, ct);
        return new RecoveryCodesRegenerated(check, codes);
    }
}
