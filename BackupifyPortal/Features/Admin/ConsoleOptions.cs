namespace BackupifyPortal.Features.Admin;

/// <summary>Section "Consoles".</summary>
public sealed class ConsoleOptions
{
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan IdentityCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public int IdentityCodeMaxFailures { get; set; } = 3;
    /// <summary>Wrong identity-check codes for one customer over all their codes before support resets of them wait a window.</summary>
    public int IdentityCheckFailuresPerCustomer { get; set; } = 10;
    public TimeSpan IdentityCheckFailureWindow { get; set; } = TimeSpan.FromHours(24);
}
