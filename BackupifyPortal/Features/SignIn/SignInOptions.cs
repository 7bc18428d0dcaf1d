namespace BackupifyPortal.Features.SignIn;

/// <summary>Section "SignIn" of configuration.</summary>
public sealed class SignInOptions
{
    /// <summary>How long the circuit-to-cookie hand-off ticket lives.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Changes to two-factor settings need a proof of identity this recent (NIST 800-63B reauthentication).</summary>
    public TimeSpan ReauthenticateAfter { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How often live circuits re-check the security stamp.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How long the page's sealed browser snapshot (address, binding, remembered person) opens in a new circuit.</summary>
    public TimeSpan BrowserSnapshotLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests per minute per IP to the /account endpoints (ticket hand-off, Sign Out).</summary>
    public int AccountRequestsPerMinute { get; set; } = 60;
}
