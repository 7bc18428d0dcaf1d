namespace BackupifyPortal.Features.TrustedBrowsers;

/// <summary>Section <c>TrustedBrowsers</c>.</summary>
public sealed class TrustedBrowserOptions
{
    /// <summary>"Remember this browser for 30 days": a row and its cookie expire together, counted from the remembering.</summary>
    public TimeSpan RememberFor { get; set; } = TimeSpan.FromDays(30);
}
