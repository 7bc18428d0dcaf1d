using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.TwoFactor;

public enum ConfirmationMethod { Password, AuthenticatorApp, PhoneCode, Passkey }

public enum ConfirmationOutcome { Confirmed, Wrong, Locked, NotAllowed }

/// <param name="Message">What the person is told next to the field when the proof was refused.</param>
public sealed record ConfirmationResult(ConfirmationOutcome Outcome, string? Message = null)
{
    public bool Confirmed => Outcome == ConfirmationOutcome.Confirmed;
}

/// <summary>
/// "Confirm it's you" before a two-factor change: a factor the person has (an app code, a phone code, or a passkey;
/// the password only for a person with none of them), checked with the same lockouts as sign-in, then recorded on the
/// session. A passkey assertion made with user verification is a multi-factor proof in itself (WebAuthn Level 3 UV:
/// something held plus a fingerprint, face or PIN), so it counts as the password and the second factor together.
/// </summary>
public sealed class IdentityConfirmation(
    TwoFactorSummary summary,
    IAuthenticatorCodes appCodes,
    IPhoneCodeService phoneCodes,
    FreshProof fresh,
    IServiceScopeFactory scopes,
    IAuditLog audit,
    PasswordAttempts limits,
    TimeProvider clock,
    Passkeys.PasskeyCeremonies passkeyCeremonies,
    Passkeys.PasskeyVerifier passkeys,
    ISecondFactorLockout lockout,
    Operations.CurrentClient client)
{
    public async Task<IReadOnlyList<ConfirmationMethod>> MethodsForAsync(string userId)
    {
        var state = await summary.GetAsync(userId);
        var methods = new List<ConfirmationMethod>();
        if (state.AuthenticatorEnabled) methods.Add(ConfirmationMethod.AuthenticatorApp);
        if (state.Phone == PhoneState.Verified) methods.Add(ConfirmationMethod.PhoneCode);
        if (state.Passkeys > 0) methods.Add(ConfirmationMethod.Passkey);
        // Only a person with no factor at all may confirm with the password: it cannot stand in for a factor they hold.
        if (!state.Enrolled) methods.Add(ConfirmationMethod.Password);
        return methods;
    }

    public Task<ConfirmationResult> WithPasswordAsync(string sessionId, string userId, string? password) =>
        ConfirmAsync(sessionId, userId, ConfirmationMethod.Password, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(userId);
            if (user is null) return new ConfirmationResult(ConfirmationOutcome.NotAllowed, "Your session has ended. Log in again.");
            // Counted with sign-in's wrong passwords: the same waits and the same cap (Features/Limits).
            var refused = await limits.CheckSignedInAsync(user.Id, user.Email, client.Address, () => users.CheckPasswordAsync(user, password ?? ""));
            if (refused is null) return new ConfirmationResult(ConfirmationOutcome.Confirmed);
            return refused.Refused
                ? new ConfirmationResult(ConfirmationOutcome.Locked, "Too many wrong passwords. Try again in a few minutes.")
                : new ConfirmationResult(ConfirmationOutcome.Wrong, "That password isn't right.");
        });

    public Task<ConfirmationResult> WithAppCodeAsync(string sessionId, string userId, string? code) =>
        ConfirmAsync(sessionId, userId, ConfirmationMethod.AuthenticatorApp, async () =>
        {
            var result = await appCodes.VerifyAsync(userId, code);
            return result.Succeeded
                ? new ConfirmationResult(ConfirmationOutcome.Confirmed)
                : new ConfirmationResult(result.Outcome == TotpCheckOutcome.LockedOut ? ConfirmationOutcome.Locked : ConfirmationOutcome.Wrong,
                    AuthenticatorMessages.For(result, clock.GetUtcNow()));
        });

    public Task<ConfirmationResult> WithPhoneCodeAsync(string sessionId, string userId, string bindingId, string? code) =>
        ConfirmAsync(sessionId, userId, ConfirmationMethod.PhoneCode, async () =>
        {
            var result = await phoneCodes.VerifyAsync(PhoneBinding(userId, bindingId), code);
            return result.Status switch
            {
                VerifyCodeStatus.Verified => new ConfirmationResult(ConfirmationOutcome.Confirmed),
                VerifyCodeStatus.Locked => new ConfirmationResult(ConfirmationOutcome.Locked, "Too many wrong codes. Try again later."),
                VerifyCodeStatus.Wrong => new ConfirmationResult(ConfirmationOutcome.Wrong, $"That code isn't right. {result.AttemptsLeft} attempts left before a short lockout."),
                _ => new ConfirmationResult(ConfirmationOutcome.Wrong, "That code has expired or isn't complete. Send a new one."),
            };
        });

    /// <summary>Request options listing only the person's own passkeys; null when a passkey is not theirs to confirm with.</summary>
    public async Task<Passkeys.PasskeyChallenge?> BeginPasskeyAsync(string userId, CancellationToken ct = default) =>
        (await MethodsForAsync(userId)).Contains(ConfirmationMethod.Passkey)
            ? await passkeys.RequestOptionsAsync(passkeyCeremonies, Passkeys.PasskeyCeremonies.Reauthentication, userId, null, ct)
            : null;

    /// <summary>A passkey assertion (user verification required) for the ceremony BeginPasskeyAsync made; a refused one counts as a wrong code.</summary>
    public Task<ConfirmationResult> WithPasskeyAsync(string sessionId, string userId, Guid ceremonyId, string? credentialJson, CancellationToken ct = default) =>
        ConfirmAsync(sessionId, userId, ConfirmationMethod.Passkey, async () =>
        {
            if ((await lockout.GetAsync(userId, ct)).IsLocked(clock.GetUtcNow()))
                return new ConfirmationResult(ConfirmationOutcome.Locked, "Too many failed tries. Try again later.");
            var state = await passkeyCeremonies.ClaimAsync(ceremonyId, Passkeys.PasskeyCeremonies.Reauthentication, userId, null, ct);
            var assertion = state is null || string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64_000
                ? null : await passkeys.AssertAsync(state, credentialJson, ct);
            if (assertion?.UserId == userId)
            {
                await lockout.RegisterSuccessAsync(userId, ct);
                return new ConfirmationResult(ConfirmationOutcome.Confirmed);
            }
            var after = await lockout.RegisterFailureAsync(userId, ct);
            return after.IsLocked(clock.GetUtcNow())
                ? new ConfirmationResult(ConfirmationOutcome.Locked, "Too many failed tries. Try again later.")
                : new ConfirmationResult(ConfirmationOutcome.Wrong, "That passkey was not accepted. Try again, or use another device.");
        });

    /// <summary>Codes sent for a confirmation are good only for that one "Confirm it's you" dialog.</summary>
    public static CodeBinding PhoneBinding(string userId, string bindingId) => new(userId, CodePurpose.Reauthentication, bindingId);

    private async Task<ConfirmationResult> ConfirmAsync(string sessionId, string userId, ConfirmationMethod method, Func<Task<ConfirmationResult>> check)
    {
        // The server decides which proofs count: a password cannot stand in for a second factor the person has.
        if (!(await MethodsForAsync(userId)).Contains(method)) return new ConfirmationResult(ConfirmationOutcome.NotAllowed, "Use your two-factor code to confirm it's you.");
        var result = await check();
        await audit.WriteAsync(result.Confirmed ? AuditEventTypes.ReauthSucceeded : AuditEventTypes.ReauthFailed, userId, detail: $"method={method}", ipAddress: client.Address);
        if (result.Confirmed) await fresh.MarkAsync(userId, sessionId);
        return result;
    }
}
