using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupifyPortal.Features.Support;

/// <summary>
/// The detail of an AuditEventTypes.TotpClockDrift event ("drift +90 s"): written by the authenticator setup dialog,
/// read by the support console. Writer and reader live here so the format cannot drift between them.
/// </summary>
public static partial class ClockDrift
{
    /// <summary>Positive: the phone's clock is ahead.</summary>
    public static string Detail(long seconds) => $"drift {seconds.ToString("+0;-0;0", CultureInfo.InvariantCulture)} s";

    public static int? ParseSeconds(string? detail)
    {
        var match = detail is null ? null : DriftPattern().Match(detail);
        return match is { Success: true } && int.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? Math.Abs(s) : null;
    }

    public static string Describe(int seconds) => $"phone clock about {seconds} s off";

    [GeneratedRegex(@"drift\s*[:=]?\s*([+-]?\d{1,6})\s*s", RegexOptions.IgnoreCase)]
    private static partial Regex DriftPattern();
}
