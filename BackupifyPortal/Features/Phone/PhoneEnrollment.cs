using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Phone;

public sealed class PhoneEnrollment(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    PhoneNumberService numbers,
    IPhoneCodeService codes,
    ISecondFactorLockout lockout,
    AccountSecurity account,
    IAuditLog audit,
    FreshProof fresh,
    FactorChanges changes,
    Operations.CurrentClient client) : IPhoneEnrollment
{
    public async Task<string> DefaultRegionAsync(string userId, CancellationToken ct = default) =>
        numbers.DefaultRegion(await account.LocaleAsync(userId));

    public async Task<EnrollPhoneResult> SavePendingAsync(EnrollPhoneRequest request, CancellationToken ct = default)
    {
        // A pending number receives the next sign-in's code: saving one is a factor change like any other.
        if (!await fresh.IsFreshAsync(request.UserId, request.SessionId, ct)) return new EnrollPhoneResult(null, FreshProof.Needed, NeedsFreshProof: true);
        var parsed = await numbers.ParseAsync(request.Region, request.Number, request.IsLandline, ct);
        if (parsed.Phone is not { } phone) return new EnrollPhoneResult(null, parsed.Error);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.TwoFactorProfiles.FirstOrDefaultAsync(p => p.UserId == request.UserId, ct);
        if (profile is null) db.TwoFactorProfiles.Add(profile = new TwoFactorProfile { UserId = request.UserId });
        var factor = await db.Factors.FirstOrDefaultAsync(f => f.UserId == request.UserId && f.Kind == FactorKind.Phone && !f.IsBackup, ct);
        if (factor?.PhoneState == PhoneState.Verified && await RefuseChangeAsync(request, ct) is { } refused) return refused;
        var change = factor is null ? AuditEventTypes.PhonePending : AuditEventTypes.PhoneChanged;
        if (factor is null)
            db.Factors.Add(factor = new UserFactor { Id = Guid.NewGuid(), UserId = request.UserId, Kind = FactorKind.Phone, Name = PhoneFactors.MainName, CreatedAt = clock.GetUtcNow() });
        factor.PhoneE164 = phone.E164;
        factor.PhoneChannel = phone.Channel;
        factor.PhoneState = PhoneState.Pending;
        factor.VerifiedAt = null;
        factor.LastUsedAt = null;
        profile.AuthenticatorSetupRequested = request.WantsAuthenticator;

        // The number, the voided codes, the new stamp and the audit row commit together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Codes sent to the old number must not verify the new one.
        var now = clock.GetUtcNow();
        await db.OneTimeCodes.Where(c => c.UserId == request.UserId && c.ConsumedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
        var saved = new FactorChange(request.UserId, change, $"{PhoneMasking.Mask(phone.E164)} by {phone.Channel}",
            $"The phone number {PhoneMasking.Mask(phone.E164)} was saved for two-factor codes. It will be verified with a code at your next log in.",
            TwoFactorEnabled: null);
        var recorded = await changes.StageAsync(db, saved, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, saved, ct);
        return new EnrollPhoneResult(phone, null);
    }

    // Replacing a verified number is changing 2FA: it needs the password, and a wrong one counts as a failed factor.
    private async Task<EnrollPhoneResult?> RefuseChangeAsync(EnrollPhoneRequest request, CancellationToken ct)
    {
        if (await lockout.GetAsync(request.UserId, ct) is var status && status.IsLocked(clock.GetUtcNow()))
            return new EnrollPhoneResult(null, "Too many wrong tries. Try again later.", PasswordError: true);
        if (string.IsNullOrEmpty(request.CurrentPassword))
            return new EnrollPhoneResult(null, "To replace your verified number, enter your password.", PasswordError: true);
        if (await account.CheckPasswordAsync(request.UserId, request.CurrentPassword)) return null;
        await lockout.RegisterFailureAsync(request.UserId, ct);
        await audit.WriteAsync(AuditEventTypes.PhoneChangeDenied, request.UserId, "wrong password", ipAddress: client.Address, ct: ct);
        return new EnrollPhoneResult(null, "That password isn't right.", PasswordError: true);
    }

    public async Task<bool> MarkVerifiedAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Verified, 2FA on, new stamp and the audit row commit together: never a verified phone with 2FA off.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && !f.IsBackup && f.PhoneState == PhoneState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PhoneState, PhoneState.Verified).SetProperty(f => f.VerifiedAt, now).SetProperty(f => f.LastUsedAt, now), ct);
        if (changed != 1) return false;
        var phone = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && !f.IsBackup).Select(f => f.PhoneE164).FirstAsync(ct);
        var verified = new FactorChange(userId, AuditEventTypes.PhoneVerified, PhoneMasking.Mask(phone),
            $"Your phone {PhoneMasking.Mask(phone)} is verified: two-factor codes now go to it.", TwoFactorEnabled: true);
        var recorded = await changes.StageAsync(db, verified, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, verified, ct);
        return true;
    }

    public async Task<DisablePhoneResult> DisableWithPasswordAsync(string userId, string? sessionId, string password, bool confirmLastFactor = false, CancellationToken ct = default)
    {
        // The password alone never removes a factor: the session must hold fresh proof (password and the factor).
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return new DisablePhoneResult(DisablePhoneStatus.NeedsFreshProof);
        if (await LastFactorRefusalAsync(userId, confirmLastFactor, ct) is { } refused) return refused;
        if (await lockout.GetAsync(userId, ct) is var status && status.IsLocked(clock.GetUtcNow()))
            return new DisablePhoneResult(DisablePhoneStatus.Locked);
        if (!await account.CheckPasswordAsync(userId, password))
        {
            // A wrong password here is a guess at a factor too: it feeds the same counter as wrong codes.
            var after = await lockout.RegisterFailureAsync(userId, ct);
            await audit.WriteAsync(AuditEventTypes.PhoneDisableDenied, userId, "wrong password", ipAddress: client.Address, ct: ct);
            return new DisablePhoneResult(after.IsLocked(clock.GetUtcNow()) ? DisablePhoneStatus.Locked : DisablePhoneStatus.WrongPassword);
        }
        return await ClearPhoneAsync(userId, "password", confirmLastFactor, ct);
    }

    public async Task<DisablePhoneResult> DisableWithCodeAsync(string userId, string? sessionId, string bindingId, string code, bool confirmLastFactor = false, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return new DisablePhoneResult(DisablePhoneStatus.NeedsFreshProof);
        // Asked before the code is checked, so that a refusal does not spend it.
        if (await LastFactorRefusalAsync(userId, confirmLastFactor, ct) is { } refused) return refused;
        var verified = await codes.VerifyAsync(new CodeBinding(userId, CodePurpose.Reauthentication, bindingId), code, ct);
        return verified.Status switch
        {
            VerifyCodeStatus.Verified => await ClearPhoneAsync(userId, "code", confirmLastFactor, ct),
            VerifyCodeStatus.Locked => new DisablePhoneResult(DisablePhoneStatus.Locked, verified),
            _ => new DisablePhoneResult(DisablePhoneStatus.WrongCode, verified),
        };
    }

    /// <summary>What the last-factor rule would say to turning the phones off, for the dialog to ask first.</summary>
    public async Task<LastFactorVerdict> PreviewDisableAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LastFactorRule.CheckAsync(db, userId, IsPhone, 0, confirmed: false, ct);
    }

    private static bool IsPhone(UserFactor f) => f.Kind == FactorKind.Phone;

    private async Task<DisablePhoneResult?> LastFactorRefusalAsync(string userId, bool confirmed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return Refusal(await LastFactorRule.CheckAsync(db, userId, IsPhone, 0, confirmed, ct));
    }

    private static DisablePhoneResult? Refusal(LastFactorVerdict verdict) => verdict switch
    {
        LastFactorVerdict.NeedsConfirmation => new DisablePhoneResult(DisablePhoneStatus.LastFactorNeedsConfirmation),
        LastFactorVerdict.RequiredByOrganisation => new DisablePhoneResult(DisablePhoneStatus.LastFactorRequired),
        _ => null,
    };

    // Turning phone 2FA off removes the main phone and the backup phone: neither gets codes any more.
    private async Task<DisablePhoneResult> ClearPhoneAsync(string userId, string provedBy, bool confirmLastFactor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var phones = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone).ToListAsync(ct);
        var main = phones.FirstOrDefault(f => !f.IsBackup) ?? phones.FirstOrDefault();
        if (main is null) return new DisablePhoneResult(DisablePhoneStatus.NothingToDisable);
        var masked = PhoneMasking.Mask(main.PhoneE164);
        db.Factors.RemoveRange(phones);
        var now = clock.GetUtcNow();
        // The number, the voided codes, the 2FA flag, the new stamp and the audit row commit together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Asked again inside the transaction: a parallel removal may have taken another factor meanwhile.
        if (Refusal(await LastFactorRule.CheckAsync(db, userId, IsPhone, 0, confirmLastFactor, ct)) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthenticatorSetupRequested, false), ct);
        await db.OneTimeCodes.Where(c => c.UserId == userId && c.ConsumedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
        // An authenticator app, if any, keeps 2FA on; recovery codes go with the last factor.
        var appLeft = await db.Factors.AnyAsync(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp, ct);
        if (!appLeft && !await db.UserPasskeys.AnyAsync(k => k.UserId == userId, ct))
            await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var disabled = new FactorChange(userId, AuditEventTypes.PhoneDisabled, $"{masked}, confirmed by {provedBy}",
            $"Your phone {masked} no longer receives two-factor codes.", TwoFactorEnabled: appLeft);
        var recorded = await changes.StageAsync(db, disabled, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, disabled, ct);
        return new DisablePhoneResult(DisablePhoneStatus.Disabled);
    }
}
