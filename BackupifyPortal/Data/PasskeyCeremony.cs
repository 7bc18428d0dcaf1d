namespace BackupifyPortal.Data;

/// <summary>
/// One WebAuthn ceremony in flight: Identity's state (the challenge) kept on the server instead of in a cookie, which a
/// circuit cannot write. Used once (a conditional UPDATE sets <see cref="UsedAt"/>) and only before <see cref="ExpiresAt"/>.
/// </summary>
public class PasskeyCeremony
{
    public Guid Id { get; set; }
    /// <summary>What the ceremony may be used for (Features/Passkeys/PasskeyCeremonies purposes).</summary>
    public string Purpose { get; set; } = "";
    /// <summary>The person it was made for; null for a sign-in that identifies the person from the passkey itself.</summary>
    public string? UserId { get; set; }
    /// <summary>The browser (bp.bind hash) that started a sign-in ceremony; another browser cannot finish it.</summary>
    public string? BindingHash { get; set; }
    public string State { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
