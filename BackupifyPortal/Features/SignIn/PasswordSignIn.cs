using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

// UserManager comes from a fresh scope per check: the circuit's own scope lives as long as the page, and its
// DbContext would keep serving the person as first loaded (a lockout written by another circuit went unseen).
public sealed class PasswordSignIn(
    IServiceScopeFactory scopes,
    ISecondFactorRequirement secondFactor,
    ISignInAttempts attempts,
    ISignInTickets tickets,
    IAuditLog audit,
    PasswordFailuresPerAddress ipLimit,
    UnknownAccountLockout unknownLockout,
    PasswordGuessLimit guessLimit,
    TimeProvider clock,
    ILogger<PasswordSignIn> logger) : IPasswordSignIn
{
    // Hashed for unknown emails so that they take as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), Guid.NewGuid().ToString()));

    public async Task<PasswordCheckResult> CheckAsync(string email, string password, BrowserSnapshot browser, string? returnUrl, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await ipLimit.IsBlockedAsync(browser.ClientIp, ct))
        {
            logger.LogWarning("Sign-in refused: too many failed passwords from one address");
            return new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: ipLimit.Window);
        }
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return await UnknownAccountAsync(users, email, password, browser, ct);
        if (await users.IsLockedOutAsync(user))
        {
            SpendOneHash(users, password); // a locked account answers as slowly as any other
            return LockedOut(user);
        }
        if (await guessLimit.IsExhaustedAsync(user.Id, ct))
        {
            SpendOneHash(users, password);
            return PasswordCheckResult.LockedUntilReset;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            await audit.WriteAsync(AuditEventTypes.SignInPasswordFailed, user.Id, ipAddress: browser.ClientIp, ct: ct);
            if (await users.IsLockedOutAsync(user))
            {
                await audit.WriteAsync(AuditEventTypes.SignInLocked, user.Id, ipAddress: browser.ClientIp, ct: ct);
                return LockedOut(user);
            }
            return PasswordCheckResult.Failed;
        }
        await users.ResetAccessFailedCountAsync(user);

        var remembered = browser.RememberedUserId == user.Id;
        if (!remembered && await secondFactor.IsRequiredAsync(user.Id, ct))
        {
            var attemptId = await attempts.StartAsync(user.Id, browser.BindingHash, returnUrl, ct);
            await audit.WriteAsync(AuditEventTypes.SignInPasswordAccepted, user.Id, ipAddress: browser.ClientIp, ct: ct);
            logger.LogInformation("Password accepted for {UserId}; second factor required", user.Id);
            return new PasswordCheckResult(PasswordOutcome.NeedsSecondFactor, AttemptId: attemptId);
        }
        var ticket = await tickets.IssueAsync(user.Id, browser.BindingHash, remembered ? "pwd+remembered" : "pwd", rememberBrowser: false, ct);
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, user.Id, remembered ? "remembered browser" : null, ipAddress: browser.ClientIp, ct: ct);
        return new PasswordCheckResult(PasswordOutcome.SignedIn, Ticket: ticket);
    }

    /// <summary>Unknown email: the same hash cost, the same failure message, and the same lockout as a real account.</summary>
    private async Task<PasswordCheckResult> UnknownAccountAsync(UserManager<PortalUser> users, string email, string password, BrowserSnapshot browser, CancellationToken ct)
    {
        SpendOneHash(users, password);
        if (await guessLimit.IsExhaustedForUnknownAsync(email, ct)) return PasswordCheckResult.LockedUntilReset;
        if (await unknownLockout.IsLockedAsync(email, ct)) return new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: unknownLockout.Duration);
        await audit.WriteAsync(AuditEventTypes.SignInPasswordFailed, null, UnknownAccountLockout.AuditDetail(email), ipAddress: browser.ClientIp, ct: ct);
        logger.LogInformation("Sign-in failed: unknown account");
        return await unknownLockout.IsLockedAsync(email, ct)
            ? new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: unknownLockout.Duration)
            : PasswordCheckResult.Failed;
    }

    private static void SpendOneHash(UserManager<PortalUser> users, string password) => users.PasswordHasher.VerifyHashedPassword(new PortalUser(), DummyHash.Value, password);

    private PasswordCheckResult LockedOut(PortalUser user)
    {
        var left = user.LockoutEnd is { } end ? end - clock.GetUtcNow() : TimeSpan.Zero;
        return new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }
}
