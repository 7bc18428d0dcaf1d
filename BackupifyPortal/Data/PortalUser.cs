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
    /// <summary>Phones and authenticator apps (Data/UserFactor); passkeys are in Identity's AspNetUserPasskeys.</summary>
    public List<UserFactor> Factors { get; set; } = [];
    /// <summary>The session that made the newest security-stamp rotation (null: none of this person's), for the refresh rule.</summary>
    public string? StampRotatedBySession { get; set; }
    /// <summary>The stamp that rotation replaced: only a session still holding it may be refreshed.</summary>
    public string? StampRotatedFrom { get; set; }
    /// <summary>The stamp that rotation set: a rotation made any other way leaves it behind, and then no session is refreshed.</summary>
    public string? StampRotatedTo { get; set; }
}
