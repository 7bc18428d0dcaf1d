using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Passkeys;

/// <summary>
/// A person's passkeys in User Settings. Adding and removing one is a factor change (fresh proof, one transaction with
/// one stamp rotation and one typed audit event, one notice email); renaming only changes a label.
/// </summary>
public sealed class PasskeyRegistration(
    IDbContextFactory<PortalDbContext> dbFactory,
    PasskeyCeremonies ceremonies,
    PasskeyVerifier verifier,
    FreshProof fresh,
    FactorChanges changes,
    IAuditLog audit,
    IOptions<PasskeyOptions> options,
    Operations.CurrentClient client)
{
    public async Task<IReadOnlyList<PasskeySummary>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.UserPasskeys.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct);
        return [.. rows.Select(p => new PasskeySummary(WebEncoders.Base64UrlEncode(p.CredentialId), p.Data.Name ?? "Passkey", p.Data.CreatedAt))
            .OrderBy(p => p.CreatedAt)];
    }

    /// <summary>The creation options for the browser; null without fresh proof (the screen asks "Confirm it's you").</summary>
    public async Task<PasskeyChallenge?> BeginAddAsync(string userId, string? sessionId, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        return user is null ? null : await verifier.CreationOptionsAsync(ceremonies, user, ct);
    }

    public static string? NameError(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the passkey a name, like \"Work laptop\"."
        : name.Trim().Length > PasskeyOptions.NameMaxLength ? $"Use at most {PasskeyOptions.NameMaxLength} characters."
        : name.Any(char.IsControl) ? "Use letters, digits and punctuation only."
        : null;

    public async Task<PasskeyChangeResult> AddAsync(string userId, string? sessionId, Guid ceremonyId, string? credentialJson, string? name, CancellationToken ct = default)
    {
        if (NameError(name) is { } why) return new(PasskeyChangeOutcome.Invalid, why);
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return PasskeyChangeResult.NeedsFreshProof;
        if (string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 64_000) return Refused();
        if (await ceremonies.ClaimAsync(ceremonyId, PasskeyCeremonies.Register, userId, null, ct) is not { } state) return Refused();
        if (await verifier.AttestAsync(state, credentialJson, userId) is not { } passkey) return Refused();

        var label = name!.Trim();
        var change = new FactorChange(userId, AuditEventTypes.PasskeyAdded, label,
            $"A passkey named \"{label}\" was added to your account: it can now sign you in.", null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.UserPasskeys.CountAsync(p => p.UserId == userId, ct) >= options.Value.MaxPerPerson)
            return new(PasskeyChangeOutcome.Refused, $"You already have {options.Value.MaxPerPerson} passkeys. Remove one first.");
        db.UserPasskeys.Add(new IdentityUserPasskey<string>
        {
            UserId = userId,
            CredentialId = passkey.CredentialId,
            Data = new IdentityPasskeyData
            {
                Name = label, PublicKey = passkey.PublicKey, CreatedAt = passkey.CreatedAt, SignCount = passkey.SignCount,
                Transports = passkey.Transports, IsUserVerified = passkey.IsUserVerified, IsBackupEligible = passkey.IsBackupEligible,
                IsBackedUp = passkey.IsBackedUp, AttestationObject = passkey.AttestationObject, ClientDataJson = passkey.ClientDataJson,
            },
        });
        var recorded = await changes.StageAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, change, ct);
        return PasskeyChangeResult.Done;
    }

    public async Task<PasskeyChangeResult> RenameAsync(string userId, string id, string? name, CancellationToken ct = default)
    {
        if (NameError(name) is { } why) return new(PasskeyChangeOutcome.Invalid, why);
        if (Decode(id) is not { } credentialId) return PasskeyChangeResult.NotFound;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.UserPasskeys.FirstOrDefaultAsync(p => p.UserId == userId && p.CredentialId == credentialId, ct);
        if (row is null) return PasskeyChangeResult.NotFound;
        row.Data.Name = name!.Trim();
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditEventTypes.PasskeyRenamed, userId, row.Data.Name, ipAddress: client.Address, ct: ct);
        return PasskeyChangeResult.Done;
    }

    /// <summary>What removing one passkey would meet under the last-factor rule, so the screen asks before anything is done.</summary>
    public async Task<LastFactorVerdict> PreviewRemovalAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LastFactorRule.CheckAsync(db, userId, _ => false, passkeysRemoved: 1, confirmed: false, ct);
    }

    /// <summary>Removes one passkey: fresh proof, and the last-factor rule inside the removal's transaction like every removal.</summary>
    public async Task<PasskeyChangeResult> RemoveAsync(string userId, string? sessionId, string id, bool confirmLastFactor = false, CancellationToken ct = default)
    {
        if (!await fresh.IsFreshAsync(userId, sessionId, ct)) return PasskeyChangeResult.NeedsFreshProof;
        if (Decode(id) is not { } credentialId) return PasskeyChangeResult.NotFound;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.UserPasskeys.FirstOrDefaultAsync(p => p.UserId == userId && p.CredentialId == credentialId, ct);
        if (row is null) return PasskeyChangeResult.NotFound;
        switch (await LastFactorRule.CheckAsync(db, userId, _ => false, passkeysRemoved: 1, confirmLastFactor, ct))
        {
            case LastFactorVerdict.RequiredByOrganisation: return PasskeyChangeResult.LastFactorRequired;
            case LastFactorVerdict.NeedsConfirmation: return PasskeyChangeResult.LastFactorNeedsConfirmation;
        }
        var label = row.Data.Name ?? "Passkey";
        db.UserPasskeys.Remove(row);
        var change = new FactorChange(userId, AuditEventTypes.PasskeyRemoved, label,
            $"The passkey named \"{label}\" was removed from your account: it no longer signs you in.", null);
        var recorded = await changes.StageAsync(db, change, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await changes.AnnounceAsync(db, recorded, change, ct);
        return PasskeyChangeResult.Done;
    }

    private static byte[]? Decode(string id)
    {
        try { return id.Length is > 0 and <= 1400 ? WebEncoders.Base64UrlDecode(id) : null; }
        catch (FormatException) { return null; }
    }

    private static PasskeyChangeResult Refused() =>
        new(PasskeyChangeOutcome.Refused, "Your browser's passkey could not be checked. Try again, or use another device.");
}
