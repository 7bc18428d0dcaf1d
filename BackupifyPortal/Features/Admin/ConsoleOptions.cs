namespace BackupifyPortal.Features.Admin;

/// <summary>Section "Consoles".</summary>
public sealed class ConsoleOptions
{
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan IdentityCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public int IdentityCodeMaxFailures { get; set; } = 3;
}
