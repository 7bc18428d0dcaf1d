using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Passkeys;

/// <summary>What a screen hands the browser to start a ceremony: the id to finish it with and WebAuthn's options JSON.</summary>
public sealed record PasskeyChallenge(Guid CeremonyId, string OptionsJson);

/// <summary>
/// Identity's ceremony state (the challenge) in the database: SignInManager would keep it in a cookie, which the
/// circuit cannot write. Each ceremony is claimed once, before it expires, by the person or browser it was made for.
/// </summary>
public sealed class PasskeyCeremonies(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, IOptions<PasskeyOptions> options)
{
    public const string Register = "register";
    public const string SignIn = "signin";
    public const string SecondFactor = "second-factor";
    public const string Reauthentication = "reauth";

    public async Task<Guid> StartAsync(string purpose, string? userId, string? bindingHash, string state, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Old ceremonies are useless once expired; each start sweeps them so the table stays small.
        await db.PasskeyCeremonies.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var ceremony = new PasskeyCeremony
        {
            Id = Guid.NewGuid(), Purpose = purpose, UserId = userId, BindingHash = bindingHash, State = state,
            CreatedAt = now, ExpiresAt = now + options.Value.CeremonyLifetime,
        };
        db.PasskeyCeremonies.Add(ceremony);
        await db.SaveChangesAsync(ct);
        return ceremony.Id;
    }

    /// <summary>The ceremony's state, once: null when unknown, used, expired, or made for another person or browser.</summary>
    public async Task<string?> ClaimAsync(Guid id, string purpose, string? userId, string? bindingHash, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The conditional UPDATE is the single-use guarantee: of two parallel finishes only one changes the row.
        var claimed = await db.PasskeyCeremonies
            .Where(c => c.Id == id && c.Purpose == purpose && c.UsedAt == null && c.ExpiresAt > now
                && c.UserId == userId && c.BindingHash == bindingHash)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        if (claimed != 1) return null;
        return await db.PasskeyCeremonies.Where(c => c.Id == id).Select(c => c.State).FirstAsync(ct);
    }
}
