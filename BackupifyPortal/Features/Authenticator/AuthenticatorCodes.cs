using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Authenticator;

public sealed class AuthenticatorCodes(
    IDbContextFactory<PortalDbContext> dbFactory,
    AuthenticatorSecrets secrets,
    ISecondFactorLockout lockout,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<AuthenticatorCodes> logger,
    Operations.CurrentClient client) : IAuthenticatorCodes
{
    public async Task<TotpCheckResult> VerifyAsync(string userId, string? code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var status = await lockout.GetAsync(userId, ct);
        if (status.IsLocked(now)) return new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: status);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var apps = await db.Factors.AsNoTracking().Where(f => f.UserId == userId && f.Kind == FactorKind.AuthenticatorApp && f.SecretProtected != null)
            .Select(f => new { f.Id, f.Name, f.SecretProtected }).ToListAsync(ct);
        if (apps.Count == 0) return new TotpCheckResult(TotpCheckOutcome.NotEnrolled);

        // ±1 step and nothing more, from any of the person's apps: a code for any other time gets the same answer as a random guess.
        foreach (var app in apps)
        {
            // No pattern variable here: stryker drops every mutant of a method where one of them leaves such a variable unassigned.
            var step = TotpMath.AcceptedStep(secrets.Unprotect(app.SecretProtected!), code, now);
            if (step is null) continue;
            // One replay floor per person: a step used by any app is used for all of them.
            if (await TotpStepClaim.TryClaimAsync(db, userId, step.Value, ct))
            {
                await db.Factors.Where(f => f.Id == app.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastUsedAt, now), ct);
                await lockout.RegisterSuccessAsync(userId, ct);
                logger.LogInformation("Authenticator code accepted for {UserId} from app {AppName}", userId, app.Name);
                return TotpCheckResult.Accepted with { AppName = app.Name };
            }
            await audit.WriteAsync(AuditEventTypes.TotpReplayRefused, userId, "code for an already used time step", ipAddress: client.Address, ct: ct);
            return await FailAsync(userId, TotpCheckOutcome.Replayed, ct);
        }
        logger.LogInformation("Wrong authenticator code for {UserId}", userId);
        return await FailAsync(userId, TotpCheckOutcome.WrongCode, ct);
    }

    // Every refusal counts: a replayed code is still not a valid second factor.
    private async Task<TotpCheckResult> FailAsync(string userId, TotpCheckOutcome outcome, CancellationToken ct)
    {
        var after = await lockout.RegisterFailureAsync(userId, ct);
        return new TotpCheckResult(outcome, Lockout: after);
    }
}
