using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;

namespace BackupifyPortal.Features.Authenticator;

public sealed class AuthenticatorEnrollment(
    IDbContextFactory<PortalDbContext> dbFactory,
    AuthenticatorSecrets secrets,
    IAuthenticatorCodes codes,
    ISecondFactorLockout lockout,
    IAuditLog audit,
    IServiceScopeFactory scopes,
    IOptions<AuthenticatorOptions> options,
    TimeProvider clock,
    FreshProof fresh,
    FactorChanges changes,
    ILogger<AuthenticatorEnrollment> logger,
    Operations.CurrentClient client) : IAuthenticatorEnrollment
{
    public async Task<AuthenticatorSetup> BeginAsync(string userId, string appName, CancellationToken ct = default)
    {
        // The dialog refuses such names under the field; this keeps any other caller from storing one.
        if (string.IsNullOrWhiteSpace(appName)) throw new ArgumentException("An app name is required.", nameof(appName));
        // Plain null checks instead of pattern variables: stryker drops every mutant of a method where one leaves such a variable unassigned.
        var why = AuthenticatorApps.OtherNameError(appName);
        if (why is not null) throw new ArgumentException(why, nameof(appName));
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.TwoFactorProfiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            profile = new TwoFactorProfile { UserId = userId };
            db.TwoFactorProfiles.Add(profile);
        }
        if (!IsFresh(profile, now))
        {
            profile.PendingAuthenticatorSecretProtected = secrets.Protect(AuthenticatorSecrets.NewSecret());
            profile.PendingAuthenticatorCreatedAt = now;
        }
        profile.PendingAuthenticatorAppName = appName.Trim();
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Authenticator setup started for {UserId}", userId);
        return await ToSetupAsync(db, profile, ct);
    }

    public async Task<AuthenticatorSetup?> GetPendingAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return profile is not null && IsFresh(profile, clock.GetUtcNow()) ? await ToSetupAsync(db, profile, ct) : null;
    }

    public async Task<AuthenticatorEnrollmentResult> ConfirmAsync(string userId, string? sessionId, string? code, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return Refused(TotpCheckOutcome.NeedsFreshProof);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.TwoFactorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null || !IsFresh(profile, now)) return Refused(TotpCheckOutcome.SetupExpired);

        var pending = profile.PendingAuthenticatorSecretProtected!;
        var secret = secrets.Unprotect(pending);
        var step = TotpMath.AcceptedStep(secret, code, now);
        if (step is null)
        {
            // The person holds this new secret on screen: the drift diagnosis is safe here, and support sees it.
            var drift = TotpMath.DriftSteps(secret, code, now);
            if (drift is null) return Refused(TotpCheckOutcome.WrongCode);
            var seconds = drift.Value * TotpMath.StepSeconds;
            await audit.WriteAsync(AuditEventTypes.TotpClockDrift, userId, ClockDrift.Detail(seconds), ipAddress: client.Address, ct: ct);
            return Refused(TotpCheckOutcome.ClockDrift, seconds);
        }

        var appName = profile.PendingAuthenticatorAppName ?? "Authenticator app";
        var apps = await db.Factors.AsNoTracking().Where(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp).Select(f => f.Name).ToListAsync(ct);
        var swap = apps.Contains(appName);
        if (!swap && !SecondFactors.MayAddApp(apps.Count)) return Refused(TotpCheckOutcome.TooManyApps);
        // A swap for an app of the same name is still a new secret: it is audited and mailed like any other.
        var change = swap
            ? new FactorChange(userId, AuditEventTypes.AuthenticatorReplaced, appName,
                $"Your authenticator app {appName} was replaced: the old {appName}'s codes no longer work. You have a new set of recovery codes.", true)
            : new FactorChange(userId, AuditEventTypes.AuthenticatorEnabled, appName,
                $"An authenticator app ({appName}) now gives your two-factor codes, and you have a new set of recovery codes.", true);
        var committed = await CommitEnrollmentAsync(db, pending, step.Value, change, now, ct);
        if (committed is null)
        {
            await audit.WriteAsync(AuditEventTypes.TotpReplayRefused, userId, "setup code for an already used time step", ipAddress: client.Address, ct: ct);
            return Refused(TotpCheckOutcome.Replayed);
        }

        await changes.AnnounceAsync(db, committed.Value.Event, change, ct);
        return new AuthenticatorEnrollmentResult(TotpCheckResult.Accepted with { AppName = appName }, committed.Value.RecoveryCodes);
    }

    // One transaction claims the step, adds the app (or swaps the secret of the app of that name), turns 2FA on, issues
    // the recovery codes and records it: a crash at any point leaves the person wholly before or wholly after the change.
    // Null when the step was used.
    private async Task<(AuditEvent Event, IReadOnlyList<string> RecoveryCodes)?> CommitEnrollmentAsync(
        PortalDbContext db, string pending, long step, FactorChange change, DateTimeOffset now, CancellationToken ct)
    {
        var userId = change.UserId;
        var appName = change.AuditDetail!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.TwoFactorProfiles
            .Where(p => p.UserId == userId && p.LastTotpStep < step && p.PendingAuthenticatorSecretProtected == pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.LastTotpStep, step)
                .SetProperty(p => p.AuthenticatorSetupRequested, false)
                .SetProperty(p => p.PendingAuthenticatorSecretProtected, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorAppName, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorCreatedAt, (DateTimeOffset?)null), ct) == 1;
        if (!claimed) return null;
        // The old app of the same name works until this very statement.
        var swapped = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp && f.Name == appName)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.SecretProtected, pending).SetProperty(f => f.CreatedAt, now)
                .SetProperty(f => f.LastUsedAt, (DateTimeOffset?)null), ct) == 1;
        if (!swapped)
            db.Factors.Add(new UserFactor { Id = Guid.NewGuid(), UserId = userId, Kind = FactorKind.AuthenticatorApp, Name = appName, CreatedAt = now, SecretProtected = pending });
        var codes = await RecoveryCodes.StageReplacementAsync(db, userId, now, ct);
        var recorded = await changes.StageAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (recorded, codes);
    }

    public async Task CancelAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.PendingAuthenticatorSecretProtected, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorAppName, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorCreatedAt, (DateTimeOffset?)null), ct);
    }

    public Task<TotpCheckResult> DisableAsync(string userId, string? sessionId, string? password, string? code, bool confirmLastFactor = false, CancellationToken ct = default) =>
        RemoveAsync(userId, sessionId, appName: null, password, code, confirmLastFactor, ct);

    public Task<TotpCheckResult> RemoveAppAsync(string userId, string? sessionId, string appName, string? password, string? code, bool confirmLastFactor = false, CancellationToken ct = default) =>
        RemoveAsync(userId, sessionId, appName, password, code, confirmLastFactor, ct);

    public async Task<LastFactorVerdict> PreviewRemovalAsync(string userId, string? appName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LastFactorRule.CheckAsync(db, userId, f => IsRemoved(f, appName), 0, confirmed: false, ct);
    }

    // appName null: every app (the Authenticator App switch turned off); otherwise the one app of that name.
    private async Task<TotpCheckResult> RemoveAsync(string userId, string? sessionId, string? appName, string? password, string? code, bool confirmLastFactor, CancellationToken ct)
    {
        // The password alone never removes a factor: the session must hold fresh proof (password and the factor).
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return new TotpCheckResult(TotpCheckOutcome.NeedsFreshProof);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Factors.AnyAsync(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp && (appName == null || f.Name == appName), ct))
            return new TotpCheckResult(TotpCheckOutcome.NotEnrolled);
        // Asked before the proof, so that a refusal does not spend the person's code.
        var early = Refusal(await LastFactorRule.CheckAsync(db, userId, f => IsRemoved(f, appName), 0, confirmLastFactor, ct));
        if (early is not null) return early;
        var proof = string.IsNullOrWhiteSpace(code)
            ? await CheckPasswordAsync(userId, password, ct)
            : await codes.VerifyAsync(userId, code, ct);
        if (!proof.Succeeded) return proof;

        // The secrets, the recovery codes, the 2FA flag, the new stamp and the audit row commit together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Asked again inside the transaction: a parallel removal may have taken another factor meanwhile.
        var late = Refusal(await LastFactorRule.CheckAsync(db, userId, f => IsRemoved(f, appName), 0, confirmLastFactor, ct));
        if (late is not null) return late;
        await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp && (appName == null || f.Name == appName)).ExecuteDeleteAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.PendingAuthenticatorSecretProtected, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorAppName, (string?)null)
                .SetProperty(p => p.PendingAuthenticatorCreatedAt, (DateTimeOffset?)null), ct);
        var factorLeft = await db.Factors.AnyAsync(f => f.UserId == userId, ct);
        if (!factorLeft) await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var removed = appName is null
            ? new FactorChange(userId, AuditEventTypes.AuthenticatorDisabled, null,
                "Your authenticator app no longer gives your two-factor codes.", TwoFactorEnabled: factorLeft)
            : new FactorChange(userId, AuditEventTypes.AuthenticatorDisabled, appName,
                $"Your authenticator app {appName} was removed: its codes no longer work.", TwoFactorEnabled: factorLeft);
        var recorded = await changes.StageAsync(db, removed, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await changes.AnnounceAsync(db, recorded, removed, ct);
        return TotpCheckResult.Accepted;
    }

    private static bool IsRemoved(UserFactor f, string? appName) => f.Kind == FactorKind.AuthenticatorApp && (appName is null || f.Name == appName);

    private static TotpCheckResult? Refusal(LastFactorVerdict verdict) => verdict switch
    {
        LastFactorVerdict.NeedsConfirmation => new TotpCheckResult(TotpCheckOutcome.LastFactorNeedsConfirmation),
        LastFactorVerdict.RequiredByOrganisation => new TotpCheckResult(TotpCheckOutcome.LastFactorRequired),
        _ => null,
    };

    private async Task<TotpCheckResult> CheckPasswordAsync(string userId, string? password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var status = await lockout.GetAsync(userId, ct);
        if (status.IsLocked(now)) return new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: status);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is not null && !string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password))
            return TotpCheckResult.Accepted;
        return new TotpCheckResult(TotpCheckOutcome.WrongCode, Lockout: await lockout.RegisterFailureAsync(userId, ct));
    }

    private bool IsFresh(TwoFactorProfile p, DateTimeOffset now) =>
        p.PendingAuthenticatorSecretProtected is not null
        && p.PendingAuthenticatorCreatedAt.HasValue
        && now - p.PendingAuthenticatorCreatedAt.Value < options.Value.PendingLifetime;

    private async Task<AuthenticatorSetup> ToSetupAsync(PortalDbContext db, TwoFactorProfile p, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == p.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? p.UserId;
        var key = Base32Encoding.ToString(secrets.Unprotect(p.PendingAuthenticatorSecretProtected!));
        var uri = OtpAuthUri.Build(options.Value.Issuer, email, key);
        return new AuthenticatorSetup(p.PendingAuthenticatorAppName ?? "", key, uri, QrCodeSvg.Render(uri));
    }

    private static AuthenticatorEnrollmentResult Refused(TotpCheckOutcome outcome, long driftSeconds = 0) =>
        new(new TotpCheckResult(outcome, driftSeconds), []);
}
