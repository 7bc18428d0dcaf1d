namespace BackupifyPortal.Data;

/// <summary>
/// A browser a person ticked "Remember this browser" in, after passing their second factor. Its remember cookie names
/// this row (sealed), so deleting the row forgets that one browser on the server, whatever the cookie says.
/// Only what the person needs to recognise it is kept: the browser and system in plain words and a coarse network.
/// </summary>
public class TrustedBrowser
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>"Chrome on Linux", from the User-Agent at the moment it was remembered (never the header itself).</summary>
    public string Browser { get; set; } = "";
    /// <summary>The client's network, never its full address: an IPv4 /24 or an IPv6 /48 (null when unknown).</summary>
    public string? Network { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last sign-in that skipped the second factor because of this row (null: none yet).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
