namespace BackupifyPortal.Features.Announcements;

/// <summary>Section "Announcement": a site-wide banner such as an end-of-life alert. Empty text shows none.</summary>
public sealed class AnnouncementOptions
{
    /// <summary>Changing the id shows the banner again to people who dismissed an earlier one.</summary>
    public string Id { get; set; } = "";
    public string Text { get; set; } = "";
    public string? LinkText { get; set; }
    public string? LinkUrl { get; set; }
}
