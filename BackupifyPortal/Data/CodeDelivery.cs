namespace BackupifyPortal.Data;

/// <summary>One send of a code: the record behind cooldowns and per-number, per-person, per-IP caps, and what support sees of its delivery.</summary>
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
    /// <summary>The provider's id of the message or call (Twilio's MessageSid or CallSid), which its status callbacks name.</summary>
    public string? ProviderSid { get; set; }
    public DeliveryStatus Status { get; set; }
    public DateTimeOffset? StatusAt { get; set; }
    /// <summary>Why the carrier did not deliver, from a status callback (Twilio 30003, or "busy" for a call); never sets the send caps' ErrorCode.</summary>
    public string? StatusErrorCode { get; set; }
}

/// <summary>Where a code is on its way to the person; only ever moves forward (callbacks can arrive out of order).</summary>
public enum DeliveryStatus
{
    Sending = 0,
    /// <summary>Accepted by the provider; no word from the carrier yet.</summary>
    Sent = 1,
    Delivered = 2,
    /// <summary>The carrier could not deliver it (phone off, unknown number, call not answered).</summary>
    Undelivered = 3,
    /// <summary>Never left: the provider refused it, or it failed on the way.</summary>
    Failed = 4,
}
