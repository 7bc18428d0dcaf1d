using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Seals the prerender's <see cref="BrowserSnapshot"/> for the trip through Blazor's persisted state, which itself
/// never expires and can be replayed: the seal is data-protected, names the session it was taken in (none before
/// sign-in) and lives <see cref="SignInOptions.BrowserSnapshotLifetime"/>. An old, tampered or other-session seal opens to null.
/// </summary>
public sealed class BrowserSnapshotSeal(IDataProtectionProvider protection, TimeProvider clock, IOptions<SignInOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("BackupifyPortal.BrowserSnapshot.v1");

    public string Seal(BrowserSnapshot snapshot, string? sessionId) =>
        protector.Protect(JsonSerializer.Serialize(new Sealed(snapshot, sessionId ?? "", clock.GetUtcNow())));

    /// <param name="sessionId">The session of the circuit that opens it (null when signed out).</param>
    public BrowserSnapshot? Open(string? sealedValue, string? sessionId)
    {
        if (string.IsNullOrEmpty(sealedValue)) return null;
        Sealed? opened;
        try { opened = JsonSerializer.Deserialize<Sealed>(protector.Unprotect(sealedValue)); }
        catch (CryptographicException) { return null; } // tampered, or from another key ring
        catch (JsonException) { return null; }
        var age = clock.GetUtcNow() - (opened?.TakenAt ?? DateTimeOffset.MinValue);
        var fresh = age >= TimeSpan.Zero && age <= options.Value.BrowserSnapshotLifetime;
        return opened is not null && fresh && opened.SessionId == (sessionId ?? "") ? opened.Snapshot : null;
    }

    private sealed record Sealed(BrowserSnapshot Snapshot, string SessionId, DateTimeOffset TakenAt);
}
