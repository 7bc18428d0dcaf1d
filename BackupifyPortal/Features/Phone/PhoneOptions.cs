namespace BackupifyPortal.Features.Phone;

/// <summary>Code lifetime and sending limits (section "Phone" of configuration); README.md explains each.</summary>
public sealed class PhoneOptions
{
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Minimum gap between two sends to one person, whatever the channel.</summary>
    public TimeSpan SendCooldown { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CapWindow { get; set; } = TimeSpan.FromHours(1);
    public int MaxSendsPerNumberPerWindow { get; set; } = 5;
    public int MaxSendsPerPersonPerWindow { get; set; } = 5;
    public int MaxSendsPerIpPerWindow { get; set; } = 20;
    /// <summary>All sends of the whole portal: the SMS-pumping guard of last resort.</summary>
    public int MaxSendsTotalPerWindow { get; set; } = 500;
    /// <summary>Base64 HMAC key for code and number hashes; set it in production (user-secrets / environment).</summary>
    public string? HashKey { get; set; }
    /// <summary>ISO 3166 regions codes may be sent to. Configuration replaces the whole list.</summary>
    public string[] AllowedRegions { get; set; } =
        ["US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "BE", "LU", "AT", "CH", "ES", "PT", "IT",
         "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "JP", "SG"];
}
