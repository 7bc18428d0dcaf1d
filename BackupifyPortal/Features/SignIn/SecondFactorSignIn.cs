using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.SignIn;

public enum SecondFactorStatus
{
    /// <summary>The factor passed, the attempt records it and Ticket carries the sign-in to the cookie endpoint.</summary>
    SignedIn,
    /// <summary>The code was refused; Check says why. The attempt stays open.</summary>
    Refused,
    /// <summary>The attempt is unknown, expired, already completed or belongs to another browser.</summary>
    AttemptClosed,
}

/// <summary>The answer to one second-factor try at sign-in. Ticket is set only when Status is SignedIn.</summary>
public sealed record SecondFactorResult<TCheck>(SecondFactorStatus Status, TCheck? Check, string? Ticket = null)
{
    public static SecondFactorResult<TCheck> Closed(TCheck? check = default) => new(SecondFactorStatus.AttemptClosed, check);
}

/// <summary>
/// Sign-in after the password, as a state machine per attempt: password passed (an open SignInAttempt) → a factor
/// passed (recorded on the attempt) → ticket. Each verify method checks the code, and only when it passes completes
/// the attempt and issues the ticket, in that one call; nothing else completes an attempt.
/// </summary>
public sealed class SecondFactorSignIn(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    ISignInAttempts attempts,
    ISignInTickets tickets,
    IAuthenticatorCodes authenticatorCodes,
    IRecoveryCodes recoveryCodes,
    IPhoneCodeService phoneCodes,
    IPhoneEnrollment phones,
    Passkeys.PasskeyCeremonies passkeyCeremonies,
    Passkeys.PasskeyVerifier passkeys,
    TwoFactor.ISecondFactorLockout lockout,
    SecurityNotices notices,
    IAuditLog audit,
    Operations.CurrentClient client,
    ILogger<SecondFactorSignIn> logger)
{
    // The address of the request or circuit this sign-in runs in, read once there (never passed in by a page).

    public async Task<SecondFactorResult<TotpCheckResult>> VerifyAuthenticatorCodeAsync(
        Guid attemptId, string bindingHash, string? code, bool rememberBrowser, CancellationToken ct = default)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return SecondFactorResult<TotpCheckResult>.Closed();
        var check = await authenticatorCodes.VerifyAsync(attempt.UserId, code, ct);
        if (!check.Succeeded) return new(SecondFactorStatus.Refused, check);
        return await CompleteAsync(attempt, SignInFactors.AuthenticatorApp, rememberBrowser, check, ct);
    }

    public async Task<SecondFactorResult<RecoveryCodeResult>> VerifyRecoveryCodeAsync(
        Guid attemptId, string bindingHash, string? code, bool rememberBrowser, CancellationToken ct = default)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return SecondFactorResult<RecoveryCodeResult>.Closed();
        var check = await recoveryCodes.RedeemAsync(attempt.UserId, code, ct);
        if (!check.Succeeded) return new(SecondFactorStatus.Refused, check);
        return await CompleteAsync(attempt, SignInFactors.RecoveryCode, rememberBrowser, check, ct);
    }

    /// <summary>A pending phone is verified by this code (and becomes a factor); a verified one is simply checked. <paramref name="backup"/>: the code went to the verified backup phone.</summary>
    public async Task<SecondFactorResult<VerifyCodeResult>> VerifyPhoneCodeAsync(
        Guid attemptId, string bindingHash, string? code, bool rememberBrowser, CancellationToken ct = default, bool backup = false)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return SecondFactorResult<VerifyCodeResult>.Closed();
        var phone = await PhoneOfAsync(attempt.UserId, backup, ct);
        var check = await phoneCodes.VerifyAsync(Binding(attempt, phone.State, backup), code, ct);
        if (check.Status != VerifyCodeStatus.Verified) return new(SecondFactorStatus.Refused, check);
        // Verifying a pending phone is a factor change: PhoneEnrollment rotates the stamp, audits it and mails the owner.
        if (phone.State == PhoneState.Pending) await phones.MarkVerifiedAsync(attempt.UserId, ct);
        var factor = check.Channel == DeliveryChannel.Voice ? SignInFactors.VoiceCode : SignInFactors.SmsCode;
        return await CompleteAsync(attempt, factor, rememberBrowser, check, ct);
    }

    /// <summary>Request options listing only this attempt's person's passkeys; null when the attempt is closed.</summary>
    public async Task<Passkeys.PasskeyChallenge?> BeginPasskeyAsync(Guid attemptId, string bindingHash, CancellationToken ct = default)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return null;
        return await passkeys.RequestOptionsAsync(passkeyCeremonies, Passkeys.PasskeyCeremonies.SecondFactor, attempt.UserId, bindingHash, ct);
    }

    /// <summary>A passkey as the second factor: the same lockout as a code, and a refused assertion counts as a wrong code.</summary>
    public async Task<SecondFactorResult<TwoFactor.LockoutStatus>> VerifyPasskeyAsync(
        Guid attemptId, string bindingHash, Guid ceremonyId, string? credentialJson, bool rememberBrowser, CancellationToken ct = default)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return SecondFactorResult<TwoFactor.LockoutStatus>.Closed();
        var status = await lockout.GetAsync(attempt.UserId, ct);
        if (status.IsLocked(clock.GetUtcNow())) return new(SecondFactorStatus.Refused, status);
        var state = await passkeyCeremonies.ClaimAsync(ceremonyId, Passkeys.PasskeyCeremonies.SecondFactor, attempt.UserId, bindingHash, ct);
        var assertion = state is null || string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64_000
            ? null : await passkeys.AssertAsync(state, credentialJson, ct);
        if (assertion?.UserId != attempt.UserId)
        {
            await audit.WriteAsync(AuditEventTypes.PasskeySignInFailed, attempt.UserId, "second factor", ipAddress: client.Address, ct: ct);
            return new(SecondFactorStatus.Refused, await lockout.RegisterFailureAsync(attempt.UserId, ct));
        }
        await lockout.RegisterSuccessAsync(attempt.UserId, ct);
        return await CompleteAsync(attempt, SignInFactors.Passkey, rememberBrowser, status, ct);
    }

    /// <summary>
    /// True only when the person's one second factor is a phone number never verified: such a number is not yet a
    /// factor, so a mistyped (or planted) number must not strand them at 2FA Verification.
    /// </summary>
    public async Task<bool> MayContinueWithoutVerifyingAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var factors = await db.Factors.Where(f => f.UserId == userId).Select(f => new { f.Kind, f.PhoneState }).ToListAsync(ct);
        var onlyPendingPhone = factors.Count > 0 && factors.All(f => f.Kind == FactorKind.Phone && f.PhoneState == PhoneState.Pending);
        return onlyPendingPhone && !await db.RecoveryCodes.AnyAsync(c => c.UserId == userId && c.UsedAt == null, ct)
            && !await db.UserPasskeys.AnyAsync(p => p.UserId == userId, ct);
    }

    /// <summary>Signs in with the password alone when the only factor is an unverified phone; the owner gets an email.</summary>
    public async Task<SecondFactorResult<bool>> ContinueWithoutVerifyingAsync(Guid attemptId, string bindingHash, CancellationToken ct = default)
    {
        if (await attempts.FindOpenAsync(attemptId, bindingHash, ct) is not { } attempt) return SecondFactorResult<bool>.Closed();
        if (!await MayContinueWithoutVerifyingAsync(attempt.UserId, ct)) return new(SecondFactorStatus.Refused, false);
        var result = await CompleteAsync(attempt, SignInFactors.NoneUnverifiedPhone, rememberBrowser: false, true, ct);
        if (result.Status != SecondFactorStatus.SignedIn) return result;
        var phone = await PhoneOfAsync(attempt.UserId, false, ct);
        await audit.WriteAsync(AuditEventTypes.SignInWithoutVerifyingPhone, attempt.UserId, phone.Masked, ipAddress: client.Address, ct: ct);
        await NotifyAsync(attempt.UserId, to => notices.SignedInWithoutVerifyingPhoneAsync(to, phone.Masked, ct));
        return result;
    }

    /// <summary>What the phone step shows on (re)load, for the code this attempt needs.</summary>
    public async Task<CodeSendState> PhoneCodeStateAsync(SignInAttempt attempt, CancellationToken ct = default, bool backup = false) =>
        await phoneCodes.GetStateAsync(Binding(attempt, (await PhoneOfAsync(attempt.UserId, backup, ct)).State, backup), ct);

    public async Task<SendCodeResult> SendPhoneCodeAsync(SignInAttempt attempt, DeliveryChannel channel, CancellationToken ct = default, bool backup = false) =>
        await phoneCodes.SendAsync(Binding(attempt, (await PhoneOfAsync(attempt.UserId, backup, ct)).State, backup), channel, ct);

    // The one place an attempt is completed: the conditional UPDATE records the factor and closes the attempt at once,
    // so of two parallel passes exactly one gets a ticket, and no attempt is closed without a factor on record.
    private async Task<SecondFactorResult<TCheck>> CompleteAsync<TCheck>(
        SignInAttempt attempt, string factor, bool rememberBrowser, TCheck check, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var closed = await db.SignInAttempts
            .Where(a => a.Id == attempt.Id && a.BindingHash == attempt.BindingHash && a.CompletedAt == null && a.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CompletedAt, now).SetProperty(a => a.FactorPassed, factor), ct);
        if (closed != 1) return SecondFactorResult<TCheck>.Closed(check);
        var method = SignInFactors.MethodFor(factor);
        var ticket = await tickets.IssueAsync(attempt.UserId, attempt.BindingHash, method, rememberBrowser, ct);
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, attempt.UserId, method, ipAddress: client.Address, ct: ct);
        return new(SecondFactorStatus.SignedIn, check, ticket);
    }

    // The backup phone counts here only once verified: a pending one is proved in User Settings, never at sign-in.
    private async Task<(PhoneState State, string Masked)> PhoneOfAsync(string userId, bool backup, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var phone = await db.Factors.Where(f => f.UserId == userId && f.Kind == FactorKind.Phone && f.IsBackup == backup && (!backup || f.PhoneState == PhoneState.Verified))
            .Select(f => new { f.PhoneState, f.PhoneE164 }).FirstOrDefaultAsync(ct);
        return phone is null ? (PhoneState.None, "") : (phone.PhoneState, PhoneMasking.Mask(phone.PhoneE164));
    }

    // A pending phone's first code is its verification; bound to the attempt so a code from another sign-in never fits.
    // The backup phone's codes have their own binding: a code sent to one phone is never shown as sent to the other.
    private static CodeBinding Binding(SignInAttempt attempt, PhoneState state, bool backup = false) =>
        new(attempt.UserId, state == PhoneState.Pending ? CodePurpose.PhoneVerification : CodePurpose.SignIn, backup ? $"{attempt.Id}:backup" : attempt.Id.ToString(), backup);

    // A notice that cannot be sent must not undo or block a sign-in that passed; the failure is logged (never the address).
    private async Task NotifyAsync(string userId, Func<string, Task> send)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync();
            if (!string.IsNullOrEmpty(email)) await send(email);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Security notice for {UserId} could not be sent", userId);
        }
    }
}
