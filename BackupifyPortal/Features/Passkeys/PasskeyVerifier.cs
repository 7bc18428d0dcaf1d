using BackupifyPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Features.Passkeys;

/// <summary>A checked assertion: whose passkey it was and which one; or why it was refused (for the log, never the screen).</summary>
public sealed record PasskeyAssertion(string? UserId, byte[]? CredentialId, string? Failure)
{
    public bool Succeeded => UserId is not null;
}

/// <summary>
/// Identity 10's WebAuthn checks (IPasskeyHandler: challenge, type, origin, rp-id hash, user presence and verification,
/// signature, sign count), run in a fresh scope so the circuit's long-lived DbContext never serves stale passkeys.
/// The handler reads its HttpContext only for the rp id and origin defaults, which configuration replaces
/// (PasskeyRelyingParty), so the circuit, which has no request, passes an empty one.
/// </summary>
public sealed class PasskeyVerifier(IServiceScopeFactory scopes, ILogger<PasskeyVerifier> logger)
{
    public async Task<PasskeyChallenge> RequestOptionsAsync(PasskeyCeremonies ceremonies, string purpose, string? userId, string? bindingHash, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var handler = scope.ServiceProvider.GetRequiredService<IPasskeyHandler<PortalUser>>();
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        var options = await handler.MakeRequestOptionsAsync(user, NoRequest(scope.ServiceProvider));
        var id = await ceremonies.StartAsync(purpose, userId, bindingHash, options.AssertionState ?? "", ct);
        return new PasskeyChallenge(id, options.RequestOptionsJson);
    }

    public async Task<PasskeyChallenge> CreationOptionsAsync(PasskeyCeremonies ceremonies, PortalUser user, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IPasskeyHandler<PortalUser>>();
        var name = user.Email ?? user.UserName ?? user.Id;
        var entity = new PasskeyUserEntity { Id = user.Id, Name = name, DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? name : user.DisplayName };
        var options = await handler.MakeCreationOptionsAsync(entity, NoRequest(scope.ServiceProvider));
        var id = await ceremonies.StartAsync(PasskeyCeremonies.Register, user.Id, null, options.AttestationState ?? "", ct);
        return new PasskeyChallenge(id, options.CreationOptionsJson);
    }

    /// <summary>Checks a new credential; null with the reason logged when it is refused.</summary>
    public async Task<UserPasskeyInfo?> AttestAsync(string state, string credentialJson, string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IPasskeyHandler<PortalUser>>();
        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = credentialJson, AttestationState = state, HttpContext = NoRequest(scope.ServiceProvider),
        });
        if (result.Succeeded && result.UserEntity.Id == userId) return result.Passkey;
        logger.LogWarning("Passkey registration refused for {UserId}: {Reason}", userId, result.Failure?.Message ?? "made for another person");
        return null;
    }

    /// <summary>Checks an assertion and, when it passes, stores the passkey's new sign count.</summary>
    public async Task<PasskeyAssertion> AssertAsync(string state, string credentialJson, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IPasskeyHandler<PortalUser>>();
        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson, AssertionState = state, HttpContext = NoRequest(scope.ServiceProvider),
        });
        if (!result.Succeeded)
        {
            logger.LogWarning("Passkey assertion refused: {Reason}", result.Failure.Message);
            return new PasskeyAssertion(null, null, result.Failure.Message);
        }
        var passkey = result.Passkey;
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Only a higher count is stored, so of two parallel assertions with one count the second cannot lower it.
        var row = await db.UserPasskeys.FirstOrDefaultAsync(p => p.UserId == result.User.Id && p.CredentialId == passkey.CredentialId, ct);
        if (row is null) return new PasskeyAssertion(null, null, "removed while in use");
        if (passkey.SignCount > row.Data.SignCount || passkey.SignCount == 0)
        {
            row.Data.SignCount = passkey.SignCount;
            row.Data.IsBackedUp = passkey.IsBackedUp;
            await db.SaveChangesAsync(ct);
        }
        return new PasskeyAssertion(result.User.Id, passkey.CredentialId, null);
    }

    private static DefaultHttpContext NoRequest(IServiceProvider services) => new() { RequestServices = services };
}
