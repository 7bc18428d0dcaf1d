namespace BackupifyPortal.Features.Admin;

/// <summary>Section "Consoles".</summary>
public sealed class ConsoleOptions
{
    /// <summary>Base of links in emails. Configured, never taken from the request's Host header (link poisoning).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5115";
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan IdentityCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public int IdentityCodeMaxFailures { get; set; } = 3;
}
