using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Bench;

/// <summary>
/// Codes are single use, so every benchmark invocation needs a fresh one. They are written in bulk before
/// measuring (one transaction per batch) and handed out one per invocation; a refill mid-run is counted.
/// </summary>
public sealed class SecondFactorCodePool(PortalServices portal, int batchSize)
{
    public const string SmsCode = "314159";
    private readonly Queue<CodeBinding> smsBindings = new();
    private readonly Queue<(string UserId, string Code)> recoveryCodes = new();
    public int Refills { get; private set; }

    /// <summary>One person with a verified phone; each code is bound to its own sign-in attempt id, as the app does.</summary>
    public async Task AddSmsCodesAsync(string userId)
    {
        var hasher = portal.Get<CodeHasher>();
        var now = portal.Clock.GetUtcNow();
        await using var db = await portal.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < batchSize; i++)
        {
            var binding = new CodeBinding(userId, CodePurpose.SignIn, Guid.NewGuid().ToString());
            db.OneTimeCodes.Add(new OneTimeCode
            {
                Id = Guid.NewGuid(), UserId = userId, Purpose = binding.Purpose, BindingId = binding.BindingId,
                CodeHash = hasher.HashCode(SmsCode), Channel = DeliveryChannel.Sms, CreatedAt = now, ExpiresAt = now.AddYears(10),
            });
            smsBindings.Enqueue(binding);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>People with a full set of ten codes each; invocations use them person by person, like real redemptions.</summary>
    public async Task AddRecoveryCodesAsync()
    {
        await using var db = await portal.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var now = portal.Clock.GetUtcNow();
        for (var person = 0; person < batchSize / RecoveryCodes.CodesPerSet; person++)
        {
            var id = Guid.NewGuid().ToString();
            var email = $"recovery-{id}@bench.test";
            db.Users.Add(new PortalUser { Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = "Bench", SecurityStamp = Guid.NewGuid().ToString() });
            db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = id });
            for (var i = 0; i < RecoveryCodes.CodesPerSet; i++)
            {
                var code = RecoveryCodeFormat.NewCode();
                db.RecoveryCodes.Add(new RecoveryCode
                {
                    Id = Guid.NewGuid(), UserId = id, CreatedAt = now,
                    CodeHash = Convert.ToHexString(RecoveryCodeFormat.Hash(id, RecoveryCodeFormat.Normalize(code))),
                });
                recoveryCodes.Enqueue((id, code));
            }
        }
        await db.SaveChangesAsync();
    }

    public async ValueTask<CodeBinding> NextSmsAsync(string userId)
    {
        if (smsBindings.Count == 0) { Refills++; await AddSmsCodesAsync(userId); }
        return smsBindings.Dequeue();
    }

    public async ValueTask<(string UserId, string Code)> NextRecoveryAsync()
    {
        if (recoveryCodes.Count == 0) { Refills++; await AddRecoveryCodesAsync(); }
        return recoveryCodes.Dequeue();
    }
}
