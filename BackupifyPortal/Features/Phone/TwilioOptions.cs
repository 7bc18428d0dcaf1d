namespace BackupifyPortal.Features.Phone;

/// <summary>Twilio credentials (section "Twilio"), from user-secrets or environment, never appsettings in git.</summary>
public sealed class TwilioOptions
{
    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    /// <summary>An API key may replace the auth token: requests then authenticate as ApiKeySid:ApiKeySecret.</summary>
    public string? ApiKeySid { get; set; }
    public string? ApiKeySecret { get; set; }
    public string? FromNumber { get; set; }
    /// <summary>Replaces https://api.twilio.com (and lookups.twilio.com) host, e.g. a WireMock server in tests.</summary>
    public string? BaseUrl { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Ask Twilio Lookup for the line type when libphonenumber cannot tell mobile from landline.</summary>
    public bool UseLookup { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid)
        && (!string.IsNullOrWhiteSpace(AuthToken) || (!string.IsNullOrWhiteSpace(ApiKeySid) && !string.IsNullOrWhiteSpace(ApiKeySecret)));
}
