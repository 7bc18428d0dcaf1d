namespace BackupifyPortal.Features.Passwords;

/// <summary>What the person typed on the Change password panel. Never logged.</summary>
public sealed record PasswordChangeRequest(string UserId, string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

/// <summary>The outcome, with each message meant for the field it is about.</summary>
public sealed record PasswordChangeResult(string? CurrentError = null, string? NewError = null, string? ConfirmError = null)
{
    public bool Succeeded => CurrentError is null && NewError is null && ConfirmError is null;
    public static readonly PasswordChangeResult Changed = new();
}

/// <summary>Changes a signed-in person's password after checking the current one (ASVS 5.0 6.2.3).</summary>
public interface IPasswordChange
{
    Task<PasswordChangeResult> ChangeAsync(PasswordChangeRequest request, CancellationToken ct = default);
}
