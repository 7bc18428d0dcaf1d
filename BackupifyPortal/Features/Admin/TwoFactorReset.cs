using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Limits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Admin;

/// <summary>What the Reset 2FA dialog sends. Support gives the customer's read-out code, an admin their own password.</summary>
public sealed record ResetRequest(string SubjectId, string Reason, string? IdentityCode = null, string? AdminPassword = null, string? AdminCode = null);

public enum ResetOutcome { Done, NotAllowed, ReasonRequired, IdentityCheckFailed, NeedsFreshProof, IdentityCheckLimited }

/// <summary>
/// Removes every second factor of a person after a reason and an identity check, rotates their security
/// stamp (their sessions end), emails them a notice and a fresh setup link, and audits who and why.
/// </summary>
public sealed class TwoFactorReset(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceScopeFactory scopes,
    ConsoleActors actors,
    IdentityCheckCodes identityCodes,
    SetupLinks setupLinks,
    SecurityNotices notices,
    PasswordAttempts passwordLimits,
    AttemptLimiter limiter,
    IAuditLog audit,
    TimeProvider clock,
    FreshProof fresh,
    FactorChanges changes,
    ILogger<TwoFactorReset> logger,
    Operations.CurrentClient client)
{
    public const int MinReasonLength = 5;
    public const int MaxReasonLength = 500;

    /// <param name="actorSessionId">The admin's or support agent's own session, which must hold fresh proof.</param>
    public async Task<ResetOutcome> ResetAsync(string actorId, string? actorSessionId, ResetRequest request, CancellationToken ct = default)
    {
        var actor = await actors.AuthorizeAsync(actorId, request.SubjectId, ct);
        // An admin resetting themselves with only their password would turn a stolen password into a full takeover.
        if (actor is null || actor.Id == request.SubjectId) return ResetOutcome.NotAllowed;
        if (!await fresh.IsFreshAsync(actor.Id, actorSessionId, ct)) return ResetOutcome.NeedsFreshProof;
        if (ReasonError(request.Reason) is not null) return ResetOutcome.ReasonRequired;
        var reason = OneLine(request.Reason);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (!await IdentityConfirmedAsync(actor, request, users, ct))
        {
            await audit.WriteAsync(AuditEventTypes.ResetIdentityCheckFailed, request.SubjectId, $"by {actor.Role}", actor.Id, client.Address, ct);
            return actor.Role == ConsoleRole.Support && await identityCodes.IsCustomerLimitedAsync(request.SubjectId, ct)
                ? ResetOutcome.IdentityCheckLimited : ResetOutcome.IdentityCheckFailed;
        }

        var subject = await users.FindByIdAsync(request.SubjectId);
        if (subject is null) return ResetOutcome.NotAllowed;
        // The reset notice carries the setup link, so it is the one email of this change.
        var reset = new FactorChange(request.SubjectId, AuditEventTypes.TwoFactorReset, $"by {actor.Role}; reason: {reason}", Notice: null,
            TwoFactorEnabled: false, ActorUserId: actor.Id);
        await RemoveFactorsAsync(reset, ct);
        await limiter.ClearAccountAsync(request.SubjectId, ct); // a reset also ends every wait of the person
        var url = await setupLinks.CreateAsync(request.SubjectId, actor.Id, ct);
        if (subject.Email is { } email) await notices.TwoFactorResetAsync(email, url, ct);
        logger.LogInformation("Two-factor reset of {SubjectId} by {ActorId}", request.SubjectId, actor.Id);
        return ResetOutcome.Done;
    }

    private async Task<bool> IdentityConfirmedAsync(ConsoleActor actor, ResetRequest request, UserManager<PortalUser> users, CancellationToken ct)
    {
        if (actor.Role == ConsoleRole.Support) return await identityCodes.VerifyAsync(request.SubjectId, request.IdentityCode, actor.Id, ct);
        var admin = await users.FindByIdAsync(actor.Id);
        if (admin is null || string.IsNullOrEmpty(request.AdminPassword)) return false;
        // The admin's own password counts toward their own account's waits and cap, like any other password check.
        var password = request.AdminPassword;
        if (await passwordLimits.CheckSignedInAsync(admin.Id, admin.Email, client.Address, () => users.CheckPasswordAsync(admin, password), ct) is not null) return false;
        // An admin with an authenticator app also gives a fresh code from it (replay-checked like any sign-in code).
        await using var scope = scopes.CreateAsyncScope();
        if (!(await scope.ServiceProvider.GetRequiredService<TwoFactorSummary>().GetAsync(actor.Id, ct)).AuthenticatorEnabled) return true;
        var check = await scope.ServiceProvider.GetRequiredService<IAuthenticatorCodes>().VerifyAsync(actor.Id, request.AdminCode, ct);
        return check.Succeeded;
    }

    // Factors, codes, setup progress, the 2FA flag, the new stamp (sessions end) and the audit row commit together or not at all.
    private async Task RemoveFactorsAsync(FactorChange reset, CancellationToken ct)
    {
        var subjectId = reset.UserId;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Factors.Where(f => f.UserId == subjectId).ExecuteDeleteAsync(ct);
        await db.TwoFactorProfiles.Where(p => p.UserId == subjectId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.AuthenticatorSetupRequested, false)
            .SetProperty(p => p.PendingAuthenticatorSecretProtected, (string?)null)
            .SetProperty(p => p.PendingAuthenticatorAppName, (string?)null)
            .SetProperty(p => p.PendingAuthenticatorCreatedAt, (DateTimeOffset?)null)
            .SetProperty(p => p.LastTotpStep, 0L), ct);
        await db.RecoveryCodes.Where(c => c.UserId == subjectId).ExecuteDeleteAsync(ct);
        await db.UserPasskeys.Where(k => k.UserId == subjectId).ExecuteDeleteAsync(ct); // a reset leaves no factor behind
        await TrustedBrowsers.RememberedBrowsers.StageForgetAllAsync(db, subjectId, ct); // nor a browser that skips one
        await db.OneTimeCodes.Where(c => c.UserId == subjectId && c.ConsumedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
        await db.SetupProgress.Where(p => p.UserId == subjectId).ExecuteDeleteAsync(ct);
        var recorded = await changes.StageAsync(db, reset, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, reset, ct);
    }

    /// <summary>Why a reason cannot go into the audit log (too short, too long, or with hidden characters), or null.</summary>
    public static string? ReasonError(string? text)
    {
        var reason = OneLine(text);
        if (reason.Length < MinReasonLength) return $"Enter the reason for the reset (at least {MinReasonLength} characters).";
        if (reason.Length > MaxReasonLength) return $"Use at most {MaxReasonLength} characters.";
        return TypedText.HasHiddenCharacters(reason) ? "Remove the hidden or control characters from the reason." : null;
    }

    // Line breaks and tabs become single spaces: one audit line per reset.
    private static string OneLine(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
