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
    ILogger<AuthenticatorCodes> logger) : IAuthenticatorCodes
{
    public async Task<TotpCheckResult> VerifyAsync(string userId, string? code, string? clientIp, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var status = await lockout.GetAsync(userId, ct);
        if (status.IsLocked(now)) return new TotpCheckResult(TotpCheckOutcome.LockedOut, Lockout: status);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var protectedSecret = await db.TwoFactorProfiles.Where(p => p.UserId == userId)
            .Select(p => p.AuthenticatorSecretProtected).FirstOrDefaultAsync(ct);
        if (protectedSecret is null) return new TotpCheckResult(TotpCheckOutcome.NotEnrolled);

        // ±1 step and nothing more: a code for any other time gets the same answer as a random guess.
        if (TotpMath.AcceptedStep(secrets.Unprotect(protectedSecret), code, now) is { } step)
        {
            if (await TotpStepClaim.TryClaimAsync(db, userId, step, ct))
            {
                await lockout.RegisterSuccessAsync(userId, ct);
                logger.LogInformation("Authenticator code accepted for {UserId}", userId);
                return TotpCheckResult.Accepted;
            }
            await audit.WriteAsync(AuditEventTypes.TotpReplayRefused, userId, "code for an already used time step", ipAddress: clientIp, ct: ct);
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
