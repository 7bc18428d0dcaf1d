using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.SignIn;

public sealed class SignInAttempts(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<TwoFactorOptions> options) : ISignInAttempts
{
    public async Task<Guid> StartAsync(string userId, string bindingHash, string? returnUrl, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attempt = new SignInAttempt
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            BindingHash = bindingHash,
            ReturnUrl = ReturnUrls.LocalOrNull(returnUrl),
            CreatedAt = now,
            ExpiresAt = now + options.Value.SignInAttemptLifetime,
        };
        db.SignInAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        return attempt.Id;
    }

    public async Task<SignInAttempt?> FindOpenAsync(Guid attemptId, string? bindingHash, CancellationToken ct = default)
    {
        if (bindingHash is null) return null;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SignInAttempts.AsNoTracking().FirstOrDefaultAsync(a =>
            a.Id == attemptId && a.BindingHash == bindingHash && a.CompletedAt == null && a.ExpiresAt > now, ct);
    }
}
