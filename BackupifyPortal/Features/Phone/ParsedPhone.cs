using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>A valid number in E.164 with the channel codes go out by; ChannelCertain is false when we guessed SMS.</summary>
public sealed record ParsedPhone(string E164, string Region, DeliveryChannel Channel, bool ChannelCertain);

/// <summary>Either a parsed number or the message to show under the `Phone number` field.</summary>
public sealed record PhoneParseResult(ParsedPhone? Phone, string? Error)
{
    public static PhoneParseResult Invalid(string error) => new(null, error);
}
