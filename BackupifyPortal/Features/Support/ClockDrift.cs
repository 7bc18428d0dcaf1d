using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupifyPortal.Features.Support;

/// <summary>Reads the detail of an AuditEventTypes.TotpClockDrift event ("drift 90 s") into a number of seconds.</summary>
public static partial class ClockDrift
{
    public static int? ParseSeconds(string? detail)
    {
        var match = detail is null ? null : DriftPattern().Match(detail);
        return match is { Success: true } && int.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? Math.Abs(s) : null;
    }

    public static string Describe(int seconds) => $"phone clock about {seconds} s off";

    [GeneratedRegex(@"drift\s*[:=]?\s*([+-]?\d{1,6})\s*s", RegexOptions.IgnoreCase)]
    private static partial Regex DriftPattern();
}
