using System.Text.Json;
using BackupifyPortal.Data;
using Twilio.Rest.Lookups.V2;

namespace BackupifyPortal.Features.Phone;

/// <summary>Twilio Lookup v2 line-type intelligence, for numbers libphonenumber cannot classify offline.</summary>
public sealed class TwilioLineTypeLookup(TwilioClientFactory clients, ILogger<TwilioLineTypeLookup> logger) : ILineTypeLookup
{
    public async Task<DeliveryChannel?> LookupAsync(string e164, CancellationToken ct = default)
    {
        if (!clients.Options.UseLookup) return null;
        try
        {
            var result = await PhoneNumberResource.FetchAsync(
                new FetchPhoneNumberOptions(e164) { Fields = "line_type_intelligence" }, clients.Create());
            // The SDK types this field loosely (object); round-trip it through JSON to read "type".
            return result.LineTypeIntelligence is null ? null : ChannelFor(Newtonsoft.Json.JsonConvert.SerializeObject(result.LineTypeIntelligence));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A lookup is a nicety: without it the person gets SMS with Phone Call offered.
            logger.LogWarning("Twilio line-type lookup for {MaskedPhone} failed ({ExceptionType})", PhoneMasking.Mask(e164), e.GetType().Name);
            return null;
        }
    }

    public static DeliveryChannel? ChannelFor(string? lineTypeJson)
    {
        if (string.IsNullOrWhiteSpace(lineTypeJson)) return null;
        using var doc = JsonDocument.Parse(lineTypeJson);
        var type = doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        return type switch
        {
            "mobile" or "nonFixedVoip" => DeliveryChannel.Sms,
            "landline" or "fixedVoip" or "tollFree" => DeliveryChannel.Voice,
            _ => null,
        };
    }
}
