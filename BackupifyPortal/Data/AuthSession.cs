namespace BackupifyPortal.Data;

/// <summary>
/// A signed-in browser session. The auth cookie carries only this row's id, so deleting the row (Sign Out,
/// "Sign out other sessions", a 2FA reset) ends the session on the server even for a copied cookie.
/// </summary>
public class AuthSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>The serialized authentication ticket (claims and properties; no password or code).</summary>
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>When the person last proved who they are in this session (sign-in or "Confirm it's you").</summary>
    public DateTimeOffset? VerifiedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
