namespace BackupifyPortal.Data;

/// <summary>A sign-in whose password was right and that now waits for its second factor.</summary>
public class SignInAttempt
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>SHA-256 of the browser-binding cookie of the browser that typed the password.</summary>
    public string BindingHash { get; set; } = "";
    public string? ReturnUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Which second factor passed (a <see cref="Features.SignIn.SignInFactors"/> value); set in the same UPDATE that completes the attempt.</summary>
    public string? FactorPassed { get; set; }
}
