using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TrustedBrowsers;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Features.Passwords;

/// <summary>
/// Checks the new password against <see cref="PasswordPolicy"/>, the current one with sign-in's lockout counting,
/// then changes it: the security stamp rotates (other sessions end), the change is audited and mailed to the person.
/// </summary>
public sealed class PasswordChange(
    PasswordPolicy policy,
    IServiceScopeFactory scopes,
    SecurityStamps stamps,
    IAuditLog audit,
    SecurityNotices notices,
    PasswordAttempts limits,
    ILogger<PasswordChange> logger,
    Operations.CurrentClient client) : IPasswordChange
{
    public const string WrongCurrentMessage = "That password isn't right.";
    public const string LockedMessage = "Too many wrong passwords. Try again in a few minutes.";
    public const string MismatchMessage = "The passwords don't match.";

    public async Task<PasswordChangeResult> ChangeAsync(PasswordChangeRequest request, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(request.UserId);
        if (user is null) return new PasswordChangeResult(CurrentError: "Your session has ended. Log in again.");

        // Every rule that needs no secret comes first, so a typo in the new password never costs a lockout attempt.
        var input = CheckInput(request, new PasswordContext(user.Email, user.DisplayName));
        if (!input.Succeeded) return input;

        // Counted with sign-in's wrong passwords: the same waits and the same cap (Features/Limits).
        var refused = await limits.CheckSignedInAsync(user.Id, user.Email, client.Address, () => users.CheckPasswordAsync(user, request.CurrentPassword!), ct);
        if (refused is not null)
        {
            var reason = refused.Refused ? "waiting after wrong passwords" : "wrong current password";
            await audit.WriteAsync(AuditEventTypes.PasswordChangeFailed, user.Id, reason, ipAddress: client.Address, ct: ct);
            logger.LogInformation("Password change refused for {UserId}: {Reason}", user.Id, reason);
            return new PasswordChangeResult(CurrentError: refused.Refused ? LockedMessage : WrongCurrentMessage);
        }

        // The current password was checked above and the new one by PasswordPolicy; the hash, the new stamp and forgetting
        // every trusted browser (a password alone must not skip the second factor anywhere) commit together.
        var hash = users.PasswordHasher.HashPassword(user, request.NewPassword!);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        int forgotten;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await stamps.RotateAsync(db, user.Id, ct, passwordHash: hash);
            forgotten = await RememberedBrowsers.StageForgetAllAsync(db, user.Id, ct);
            await tx.CommitAsync(ct);
        }
        await stamps.AnnounceAsync(user.Id);
        await audit.WriteAsync(AuditEventTypes.PasswordChanged, user.Id, $"{forgotten} trusted browser(s) forgotten", ipAddress: client.Address, ct: ct);
        logger.LogInformation("Password changed for {UserId}", user.Id);
        if (user.Email is { } email) await notices.PasswordChangedAsync(email, ct);
        return PasswordChangeResult.Changed;
    }

    private PasswordChangeResult CheckInput(PasswordChangeRequest request, PasswordContext context)
    {
        var currentError = string.IsNullOrEmpty(request.CurrentPassword) ? "Enter your current password." : null;
        var newError = policy.Check(request.NewPassword, context);
        // Compared exactly as typed (ordinal): the current password is confirmed right after, before anything changes.
        if (newError is null && string.Equals(request.NewPassword, request.CurrentPassword, StringComparison.Ordinal))
            newError = PasswordPolicy.SameAsCurrentMessage;
        var confirmError = string.IsNullOrEmpty(request.ConfirmPassword) ? "Type the new password again."
            : !string.Equals(request.ConfirmPassword, request.NewPassword, StringComparison.Ordinal) ? MismatchMessage
            : null;
        return new PasswordChangeResult(currentError, newError, confirmError);
    }
}
