using System.Text.RegularExpressions;
using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Features.Admin;

/// <summary>
/// Defence in depth for console views: audit details should never hold a number or code, but if one
/// slipped in, any run of 6+ digits (phone, code) is masked to its last 2. Twilio error codes have 5.
/// </summary>
public static partial class DetailScrubber
{
    public static string? Scrub(string? detail) => detail is null ? null : LongDigitRun().Replace(detail, m => PhoneMasking.Mask(m.Value));

    [GeneratedRegex(@"\+?\d(?:[\d \-().]*\d){5,}")]
    private static partial Regex LongDigitRun();
}
