namespace BackupifyPortal.Features.Passkeys;

/// <summary>Section "Passkeys".</summary>
public sealed class PasskeyOptions
{
    /// <summary>The WebAuthn relying-party id (a host name, never an IP address). Default: the host of Portal:PublicBaseUrl; "localhost" in Development.</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>The exact origins (scheme://host[:port]) a passkey may be used from. Default: Portal:PublicBaseUrl's origin; in Development any localhost port.</summary>
    public string[] Origins { get; set; } = [];

    /// <summary>How long a started ceremony (its challenge) may be finished.</summary>
    public TimeSpan CeremonyLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed passkey sign-ins from one address before it waits (the person is unknown until a passkey matches).</summary>
    public int AddressFailureLimit { get; set; } = 10;

    /// <summary>The wait, and the window over which those failures count.</summary>
    public TimeSpan AddressWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Passkeys one person may hold.</summary>
    public int MaxPerPerson { get; set; } = 10;

    public const int NameMaxLength = 50;
}
