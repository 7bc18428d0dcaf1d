using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Passkeys;

public enum PasskeySignInOutcome { SignedIn, Refused, Waiting, Expired }

/// <param name="Ticket">Set only when SignedIn: the same hand-off as a password sign-in.</param>
public sealed record PasskeySignInResult(PasskeySignInOutcome Outcome, string? Ticket = null, TimeSpan? Wait = null);

/// <summary>
/// "Sign in with a passkey": a passkey made with user verification is both factors (WebAuthn Level 3, NIST AAL3 with
/// a hardware-bound key), so a passing assertion issues a ticket at once, never a second-factor step. The person is
/// unknown until a passkey matches, so failures count per address (Features/Limits), and a waiting address is refused
/// without checking anything.
/// </summary>
public sealed class PasskeySignIn(
    PasskeyCeremonies ceremonies,
    PasskeyVerifier verifier,
    ISignInTickets tickets,
    AttemptLimiter limiter,
    IAuditLog audit,
    Operations.CurrentClient client,
    TimeProvider clock,
    IOptions<PasskeyOptions> options,
    ILogger<PasskeySignIn> logger)
{
    /// <summary>The ticket method (amr) of a passkey sign-in.</summary>
    public const string Method = "passkey";

    private LimitRule AddressRule => new(CounterKinds.PasskeyAddress, options.Value.AddressFailureLimit, options.Value.AddressWait)
        { Window = options.Value.AddressWait };

    /// <summary>Request options with no allow-list: the browser offers any passkey it holds for this portal.</summary>
    public Task<PasskeyChallenge> BeginAsync(BrowserSnapshot browser, CancellationToken ct = default) =>
        verifier.RequestOptionsAsync(ceremonies, PasskeyCeremonies.SignIn, null, browser.BindingHash, ct);

    public async Task<PasskeySignInResult> CompleteAsync(Guid ceremonyId, string? credentialJson, BrowserSnapshot browser, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var address = CounterKinds.Address(client.Address);
        var before = await limiter.GetAsync(AddressRule, address, ct);
        if (before.IsBlocked(now)) return new(PasskeySignInOutcome.Waiting, Wait: before.Remaining(now));
        if (await ceremonies.ClaimAsync(ceremonyId, PasskeyCeremonies.SignIn, null, browser.BindingHash, ct) is not { } state)
            return new(PasskeySignInOutcome.Expired);

        var assertion = string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64_000
            ? new PasskeyAssertion(null, null, "no credential")
            : await verifier.AssertAsync(state, credentialJson, ct);
        if (!assertion.Succeeded)
        {
            var after = await limiter.CountAsync(AddressRule, address, ct);
            await audit.WriteAsync(AuditEventTypes.PasskeySignInFailed, null, "passkey refused", ipAddress: client.Address, ct: ct);
            return after.IsBlocked(now) ? new(PasskeySignInOutcome.Waiting, Wait: after.Remaining(now)) : new(PasskeySignInOutcome.Refused);
        }

        var ticket = await tickets.IssueAsync(assertion.UserId!, browser.BindingHash, Method, rememberBrowser: false, ct);
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, assertion.UserId, Method, ipAddress: client.Address, ct: ct);
        logger.LogInformation("Passkey sign-in for {UserId}", assertion.UserId);
        return new(PasskeySignInOutcome.SignedIn, ticket);
    }
}
