using BackupifyPortal.Data;

namespace BackupifyPortal.Features.Phone;

/// <summary>Asks a carrier database whether a number is a mobile or a landline; null when it cannot tell.</summary>
public interface ILineTypeLookup
{
    Task<DeliveryChannel?> LookupAsync(string e164, CancellationToken ct = default);
}

/// <summary>Used when Twilio is not configured: libphonenumber's offline answer stands.</summary>
public sealed class NoLineTypeLookup : ILineTypeLookup
{
    public Task<DeliveryChannel?> LookupAsync(string e164, CancellationToken ct = default) => Task.FromResult<DeliveryChannel?>(null);
}
