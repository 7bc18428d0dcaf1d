using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.SignIn;

// UserManager comes from a fresh scope per check: the circuit's own scope lives as long as the page, and its
// DbContext would keep serving the person as first loaded.
public sealed class PasswordSignIn(
    IServiceScopeFactory scopes,
    ISecondFactorRequirement secondFactor,
    ISignInAttempts attempts,
    ISignInTickets tickets,
    IAuditLog audit,
    PasswordAttempts limits,
    Operations.ClientContext client,
    ILogger<PasswordSignIn> logger) : IPasswordSignIn
{
    // Hashed for unknown emails and refused tries so that they take as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), Guid.NewGuid().ToString()));

    public async Task<PasswordCheckResult> CheckAsync(string email, string password, BrowserSnapshot browser, string? returnUrl, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        // The same queries for an unknown email as for a person, so the time taken does not tell them apart.
        var hasSecondFactor = await secondFactor.IsRequiredAsync(user?.Id ?? "", ct);
        var subject = user is null ? limits.ForUnknownEmail(email) : limits.ForPerson(user.Id, user.Email, hasSecondFactor);
        var gate = await limits.BeginAsync(subject, client.Address, ct);
        if (!gate.MayCheck)
        {
            SpendOneHash(users, password); // a waiting account answers as slowly as any other
            logger.LogInformation("Sign-in refused: waiting after too many wrong passwords");
            return ToResult(PasswordAttempts.Refusal(gate));
        }

        if (user is null || !await users.CheckPasswordAsync(user, password))
        {
            if (user is null) SpendOneHash(users, password);
            var verdict = await limits.FailedAsync(subject, client.Address, gate, ct);
            await audit.WriteAsync(AuditEventTypes.SignInPasswordFailed, user?.Id, user is null ? "unknown account" : null, ipAddress: client.Address, ct: ct);
            if (user is not null && verdict.Refused && gate.WaitsStarted)
                await audit.WriteAsync(AuditEventTypes.SignInLocked, user.Id, verdict.Wait is { } w ? $"waits {w.TotalMinutes:0} min" : "cap reached", ipAddress: client.Address, ct: ct);
            return ToResult(verdict);
        }
        await limits.SucceededAsync(subject, client.Address, ct);

        // While strangers make the account wait, or past the cap, a remembered browser does not stand in for the second factor.
        var remembered = browser.RememberedUserId == user.Id && !gate.SecondFactorOnly;
        if (!remembered && subject.HasSecondFactor)
        {
            var attemptId = await attempts.StartAsync(user.Id, browser.BindingHash, returnUrl, ct);
            await audit.WriteAsync(AuditEventTypes.SignInPasswordAccepted, user.Id, ipAddress: client.Address, ct: ct);
            logger.LogInformation("Password accepted for {UserId}; second factor required", user.Id);
            return new PasswordCheckResult(PasswordOutcome.NeedsSecondFactor, AttemptId: attemptId);
        }
        var ticket = await tickets.IssueAsync(user.Id, browser.BindingHash, remembered ? FreshProof.RememberedBrowserMethod : "pwd", rememberBrowser: false, ct);
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, user.Id, remembered ? "remembered browser" : null, ipAddress: client.Address, ct: ct);
        return new PasswordCheckResult(PasswordOutcome.SignedIn, Ticket: ticket);
    }

    private static PasswordCheckResult ToResult(PasswordVerdict verdict) => verdict switch
    {
        { Refused: false } => PasswordCheckResult.Failed,
        { Wait: null } => PasswordCheckResult.LockedUntilReset,
        { Wait: var wait } => new PasswordCheckResult(PasswordOutcome.LockedOut, LockedFor: wait),
    };

    private static void SpendOneHash(UserManager<PortalUser> users, string password) => users.PasswordHasher.VerifyHashedPassword(new PortalUser(), DummyHash.Value, password);
}
