namespace BackupifyPortal.Data;

/// <summary>One send of a code: the record behind cooldowns and per-number, per-person, per-IP caps.</summary>
public class CodeDelivery
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>Keyed hash of the E.164 number, so caps hold per number without storing it twice.</summary>
    public string PhoneHash { get; set; } = "";
    public string? IpAddress { get; set; }
    public DeliveryChannel Channel { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>Provider error code (e.g. Twilio 21211) when the send failed.</summary>
    public string? ErrorCode { get; set; }
}
