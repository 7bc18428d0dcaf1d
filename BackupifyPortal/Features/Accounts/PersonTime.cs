namespace BackupifyPortal.Features.Accounts;

/// <summary>A moment as the person reads it: in their own time zone, or marked UTC when theirs is unknown.</summary>
public static class PersonTime
{
    public static string Format(DateTimeOffset at, string? timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var tz) ? tz : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy, HH:mm") + (zone == TimeZoneInfo.Utc ? " UTC" : "");
    }
}
