using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Phone;

/// <summary>
/// The backup phone: a second number, proved by a code sent to it now (not at the next sign-in), then offered at
/// Two Factor Log In beside the main phone. Only a person whose main phone is verified may add one.
/// </summary>
public sealed class BackupPhoneEnrollment(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    PhoneNumberService numbers,
    IPhoneCodeService codes,
    ISecondFactorLockout lockout,
    AccountSecurity account,
    FreshProof fresh,
    FactorChanges changes)
{
    public const string MainPhoneFirst = "Verify your main phone first: a backup phone stands in for it.";
    public const string SameAsMain = "That is already your main phone. Enter a different number.";
    public const string SameAsBackup = "That is already your backup phone. Enter a different number.";

    /// <summary>A code sent for this setup is good only for it.</summary>
    public static CodeBinding Binding(string userId, string bindingId) => new(userId, CodePurpose.PhoneVerification, bindingId, Backup: true);

    /// <summary>
    /// Saves the number as the pending backup phone (it gets no sign-in codes until verified) and sends it a code. With a
    /// verified backup already, the new number is its replacement: the old one serves until the new one's code is typed.
    /// </summary>
    public async Task<(EnrollPhoneResult Saved, SendCodeResult? Sent)> SaveAndSendAsync(EnrollPhoneRequest request, string bindingId, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(request.UserId, request.SessionId, ct)) return (new EnrollPhoneResult(null, FreshProof.Needed, NeedsFreshProof: true), null);
        var parsed = await numbers.ParseAsync(request.Region, request.Number, request.IsLandline, ct);
        if (parsed.Phone is not { } phone) return (new EnrollPhoneResult(null, parsed.Error), null);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var main = await PhoneFactors.OfAsync(db, request.UserId, backup: false, ct);
            if (main is not { PhoneState: PhoneState.Verified }) return (new EnrollPhoneResult(null, MainPhoneFirst), null);
            if (main.PhoneE164 == phone.E164) return (new EnrollPhoneResult(null, SameAsMain), null);
            var current = await db.Factors.FirstOrDefaultAsync(f => f.UserId == request.UserId && f.Kind == FactorKind.Phone && f.IsBackup && f.PhoneState == PhoneState.Verified, ct);
            if (current?.PhoneE164 == phone.E164) return (new EnrollPhoneResult(null, SameAsBackup), null);
            // Replacing a verified backup is never a silent swap: it keeps working until the new number proves itself by its code.
            var backup = await db.Factors.FirstOrDefaultAsync(f => f.UserId == request.UserId && f.Kind == FactorKind.Phone && f.IsBackup && f.PhoneState == PhoneState.Pending, ct);
            if (backup is null)
                db.Factors.Add(backup = new UserFactor
                {
                    Id = Guid.NewGuid(), UserId = request.UserId, Kind = FactorKind.Phone, IsBackup = true, CreatedAt = clock.GetUtcNow(),
                    Name = current is null ? PhoneFactors.BackupName : PhoneFactors.ReplacementName,
                });
            backup.PhoneE164 = phone.E164;
            backup.PhoneChannel = phone.Channel;
            backup.PhoneState = PhoneState.Pending;
            await db.SaveChangesAsync(ct);
        }
        var sent = await codes.SendAsync(Binding(request.UserId, bindingId), phone.Channel, ct);
        return (new EnrollPhoneResult(phone, null), sent);
    }

    /// <summary>The code sent to the pending backup phone: right, it becomes a factor (one stamp rotation, audit event and notice).</summary>
    public async Task<VerifyCodeResult?> VerifyAsync(string userId, string? sessionId, string bindingId, string? code, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return null;
        var check = await codes.VerifyAsync(Binding(userId, bindingId), code, ct);
        if (check.Status != VerifyCodeStatus.Verified) return check;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = await db.Factors.FirstOrDefaultAsync(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup && f.PhoneState == PhoneState.Pending, ct);
        if (pending is null) return check;
        // A replacement: the old backup goes in the same transaction as the new one becomes a factor.
        var replaced = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup && f.Id != pending.Id).Select(f => f.PhoneE164).FirstOrDefaultAsync(ct);
        await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup && f.Id != pending.Id).ExecuteDeleteAsync(ct);
        var changed = await db.Factors.Where(f => f.Id == pending.Id && f.PhoneState == PhoneState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PhoneState, PhoneState.Verified).SetProperty(f => f.VerifiedAt, now).SetProperty(f => f.Name, PhoneFactors.BackupName), ct);
        if (changed != 1) return check;
        var masked = PhoneMasking.Mask(pending.PhoneE164);
        var added = replaced is null
            ? new FactorChange(userId, AuditEventTypes.BackupPhoneVerified, masked,
                $"The backup phone {masked} is verified: at log in you can have your code sent to it instead.", TwoFactorEnabled: true)
            : new FactorChange(userId, AuditEventTypes.BackupPhoneVerified, $"{masked}, replacing {PhoneMasking.Mask(replaced)}",
                $"Your backup phone is now {masked}, verified by its code; {PhoneMasking.Mask(replaced)} no longer receives two-factor codes.", TwoFactorEnabled: true);
        var recorded = await changes.StageAsync(db, added, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, added, ct);
        return check;
    }

    /// <summary>Removes the backup phone with the password; the last-factor rule applies like any removal.</summary>
    public async Task<DisablePhoneResult> RemoveAsync(string userId, string? sessionId, string? password, bool confirmLastFactor = false, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return new DisablePhoneResult(DisablePhoneStatus.NeedsFreshProof);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backup = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup)
            .OrderBy(f => f.PhoneState == PhoneState.Verified ? 0 : 1).FirstOrDefaultAsync(ct);
        if (backup is null) return new DisablePhoneResult(DisablePhoneStatus.NothingToDisable);
        if (Refusal(await LastFactorRule.CheckAsync(db, userId, f => f.Id == backup.Id, 0, confirmLastFactor, ct)) is { } early) return early;
        if (await lockout.GetAsync(userId, ct) is var status && status.IsLocked(clock.GetUtcNow())) return new DisablePhoneResult(DisablePhoneStatus.Locked);
        if (string.IsNullOrEmpty(password) || !await account.CheckPasswordAsync(userId, password))
        {
            var after = await lockout.RegisterFailureAsync(userId, ct);
            return new DisablePhoneResult(after.IsLocked(clock.GetUtcNow()) ? DisablePhoneStatus.Locked : DisablePhoneStatus.WrongPassword);
        }
        var masked = PhoneMasking.Mask(backup.PhoneE164);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (Refusal(await LastFactorRule.CheckAsync(db, userId, f => f.Id == backup.Id, 0, confirmLastFactor, ct)) is { } late) return late;
        // A replacement still awaiting its code goes with it.
        db.Factors.RemoveRange(await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        var removed = new FactorChange(userId, AuditEventTypes.BackupPhoneRemoved, masked,
            $"The backup phone {masked} no longer receives two-factor codes.", TwoFactorEnabled: null);
        var recorded = await changes.StageAsync(db, removed, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, removed, ct);
        return new DisablePhoneResult(DisablePhoneStatus.Disabled);
    }

    private static DisablePhoneResult? Refusal(LastFactorVerdict verdict) => verdict switch
    {
        LastFactorVerdict.NeedsConfirmation => new DisablePhoneResult(DisablePhoneStatus.LastFactorNeedsConfirmation),
        LastFactorVerdict.RequiredByOrganisation => new DisablePhoneResult(DisablePhoneStatus.LastFactorRequired),
        _ => null,
    };
}
