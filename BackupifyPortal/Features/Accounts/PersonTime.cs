using System.Globalization;

namespace BackupifyPortal.Features.Accounts;

/// <summary>The one way a date and time is shown to a person: in their time zone (User Settings), with the zone named.</summary>
public static class PersonTime
{
    /// <summary>For example "7 Dec 2026, 16:40 (Europe/London)"; an unknown or missing zone is UTC, and says so.</summary>
    public static string Format(DateTimeOffset at, string? timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)})";
    }
}
