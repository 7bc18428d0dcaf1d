using Microsoft.AspNetCore.Identity;

namespace BackupifyPortal.Data;

/// <summary>A person who signs in once and owns one or more accounts (Partner Portal, Backupify).</summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public string TimeZoneId { get; set; } = "UTC";
    /// <summary>BCP 47 locale, e.g. en-US; the Enable dialog defaults the country code from its region.</summary>
    public string Locale { get; set; } = "en-US";
    public Guid? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    /// <summary>Id of the announcement this person dismissed, so it stays hidden for them.</summary>
    public string? DismissedAnnouncementId { get; set; }
    public List<PortalAccount> Accounts { get; set; } = [];
    public TwoFactorProfile? TwoFactor { get; set; }
}
