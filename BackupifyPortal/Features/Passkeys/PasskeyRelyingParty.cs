using BackupifyPortal.Features.Operations;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Passkeys;

/// <summary>
/// Who the portal is to an authenticator: the relying-party id and the origins a passkey may be used from, both from
/// configuration (never from a request's Host header, and never an IP address: WebAuthn refuses those).
/// </summary>
public sealed class PasskeyRelyingParty
{
    private readonly HashSet<string> origins;
    private readonly bool anyLocalhostPort;

    public PasskeyRelyingParty(IOptions<PasskeyOptions> options, IOptions<PortalOptions> portal, IHostEnvironment environment)
    {
        var publicUrl = Uri.TryCreate(portal.Value.PublicBaseUrl, UriKind.Absolute, out var u) ? u : null;
        var development = environment.IsDevelopment();
        Id = options.Value.RelyingPartyId is { Length: > 0 } id ? id.Trim().ToLowerInvariant()
            : publicUrl?.Host.ToLowerInvariant() ?? (development ? "localhost" : "");
        origins = new HashSet<string>(options.Value.Origins.Select(Normalize).OfType<string>(), StringComparer.Ordinal);
        if (origins.Count == 0 && publicUrl is not null) origins.Add(Normalize(publicUrl.GetLeftPart(UriPartial.Authority))!);
        // dotnet run and the test servers pick their ports; in Development any localhost port is this portal.
        anyLocalhostPort = development && origins.Count == 0 && Id == "localhost";
    }

    public string Id { get; }

    /// <summary>Whether passkeys can work here at all (an rp id is known).</summary>
    public bool Enabled => Id.Length > 0 && !System.Net.IPAddress.TryParse(Id, out _);

    public bool IsAllowedOrigin(string? origin)
    {
        if (Normalize(origin) is not { } o) return false;
        if (origins.Contains(o)) return true;
        return anyLocalhostPort && Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Host == "localhost" && uri.Scheme is "http" or "https";
    }

    private static string? Normalize(string? origin) =>
        Uri.TryCreate(origin?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath is "/" or ""
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
