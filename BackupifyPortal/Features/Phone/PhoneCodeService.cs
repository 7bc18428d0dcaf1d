using BackupifyPortal.Data;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

public sealed class PhoneCodeService(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<PhoneOptions> options,
    IOptions<TwoFactorOptions> twoFactorOptions,
    CodeHasher hasher,
    SendLimiter limiter,
    PhoneNumberService numbers,
    ICodeSender sender,
    ISecondFactorLockout lockout,
    Events.IPortalEvents events,
    ILogger<PhoneCodeService> logger,
    Operations.CurrentClient client) : IPhoneCodeService
{
    public async Task<CodeSendState> GetStateAsync(CodeBinding binding, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var factor = await PhoneFactors.ForBindingAsync(db, binding, ct);
        var phone = factor?.PhoneE164;
        var live = await LiveCodes(db, binding, now).AsNoTracking().OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        var (_, next) = phone is null ? (SendBlock.None, now)
            : await limiter.CheckAsync(db, binding.UserId, hasher.HashPhone(phone), client.Address, now, ct);
        var status = await lockout.GetAsync(binding.UserId, ct);
        return new CodeSendState(phone is not null, live is not null, live?.Channel, factor?.PhoneChannel ?? DeliveryChannel.Sms,
            PhoneMasking.Mask(phone), next, status.LockedUntil, status.HardLocked);
    }

    public async Task<SendCodeResult> SendAsync(CodeBinding binding, DeliveryChannel channel, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await PhoneFactors.ForBindingAsync(db, binding, ct) is not { PhoneE164: { } phone })
            return new SendCodeResult(SendCodeStatus.NoPhone, channel, "", null);
        var masked = PhoneMasking.Mask(phone);
        var status = await lockout.GetAsync(binding.UserId, ct);
        if (status.IsLocked(clock.GetUtcNow()))
            return new SendCodeResult(SendCodeStatus.Locked, channel, masked, null, LockedUntil: status.HardLocked ? null : status.LockedUntil);
        if (!numbers.IsAllowedDestination(phone))
            return new SendCodeResult(SendCodeStatus.CountryNotAllowed, channel, masked, null);

        var phoneHash = hasher.HashPhone(phone);
        var (block, deliveryId) = await ReserveDeliveryAsync(db, binding.UserId, phoneHash, channel, client.Address, ct);
        if (block.Block != SendBlock.None)
        {
            logger.LogInformation("Code send for user {UserId} held back by {SendBlock}", binding.UserId, block.Block);
            var blocked = block.Block == SendBlock.Cooldown ? SendCodeStatus.Cooldown : SendCodeStatus.LimitReached;
            return new SendCodeResult(blocked, channel, masked, block.NextAllowedAt);
        }

        var code = CodeHasher.NewCode();
        SendOutcome outcome;
        try { outcome = await sender.SendAsync(phone, channel, code, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError("Code sender failed unexpectedly ({ExceptionType})", e.GetType().Name);
            outcome = SendOutcome.Failed(SendFailure.ProviderUnavailable, "exception");
        }
        await RecordOutcomeAsync(binding, channel, deliveryId, code, outcome, ct);
        // Support's open card shows the new delivery now, not at Twilio's first status callback.
        await events.AnnounceDeliveryChangedAsync(binding.UserId, logger, ct);
        logger.LogInformation("Code by {Channel} to {MaskedPhone} for user {UserId}: {Outcome}", channel, masked, binding.UserId,
            outcome.Succeeded ? "sent" : outcome.ErrorCode);
        var (_, next) = await limiter.CheckAsync(db, binding.UserId, phoneHash, client.Address, clock.GetUtcNow(), ct);
        return outcome.Succeeded
            ? new SendCodeResult(SendCodeStatus.Sent, channel, masked, next)
            : new SendCodeResult(SendCodeStatus.ProviderFailed, channel, masked, next, outcome.Failure);
    }

    public async Task<VerifyCodeResult> VerifyAsync(CodeBinding binding, string? code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var status = await lockout.GetAsync(binding.UserId, ct);
        if (status.IsLocked(now)) return Locked(status);
        var typed = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        // Input that cannot be a code cannot be a guess either, so it does not count as a failure.
        if (typed.Length != 6 || !typed.All(char.IsAsciiDigit)) return new VerifyCodeResult(VerifyCodeStatus.Malformed, AttemptsLeft: AttemptsLeft(status));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await LiveCodes(db, binding, now).AsNoTracking().OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        if (live is null) return new VerifyCodeResult(VerifyCodeStatus.Expired, AttemptsLeft: AttemptsLeft(status));
        if (!hasher.Matches(live.CodeHash, typed))
        {
            var after = await lockout.RegisterFailureAsync(binding.UserId, ct);
            logger.LogInformation("Wrong phone code for user {UserId} ({Failures} in a row)", binding.UserId, after.ConsecutiveFailures);
            return after.IsLocked(clock.GetUtcNow()) ? Locked(after) : new VerifyCodeResult(VerifyCodeStatus.Wrong, live.Channel, AttemptsLeft(after));
        }
        // Single use: of two requests carrying the same code, only the one whose UPDATE changes the row wins.
        var consumed = await LiveCodes(db, binding, now).Where(c => c.Id == live.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
        if (consumed != 1) return new VerifyCodeResult(VerifyCodeStatus.Expired, AttemptsLeft: AttemptsLeft(status));
        await lockout.RegisterSuccessAsync(binding.UserId, ct);
        // The phone the code went to has just been used: User Settings shows when, for every sign-in or confirmation with it.
        if (await PhoneFactors.ForBindingAsync(db, binding, ct) is { } used)
            await db.Factors.Where(f => f.Id == used.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastUsedAt, now), ct);
        logger.LogInformation("Phone code accepted for user {UserId}", binding.UserId);
        return new VerifyCodeResult(VerifyCodeStatus.Verified, live.Channel);
    }

    private static IQueryable<OneTimeCode> LiveCodes(PortalDbContext db, CodeBinding b, DateTimeOffset now) =>
        db.OneTimeCodes.Where(c => c.UserId == b.UserId && c.Purpose == b.Purpose && c.BindingId == b.BindingId
            && c.ConsumedAt == null && c.VoidedAt == null && c.ExpiresAt >= now);

    // Check and reserve in one write transaction, so two parallel sends cannot both slip under a cap.
    private async Task<((SendBlock Block, DateTimeOffset NextAllowedAt), long)> ReserveDeliveryAsync(
        PortalDbContext db, string userId, string phoneHash, DeliveryChannel channel, string? ip, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockUntilCommitAsync("code-delivery", ct);
        var now = clock.GetUtcNow();
        var check = await limiter.CheckAsync(db, userId, phoneHash, ip, now, ct);
        if (check.Block != SendBlock.None) return (check, 0);
        var delivery = new CodeDelivery { UserId = userId, PhoneHash = phoneHash, IpAddress = ip, Channel = channel, SentAt = now };
        db.CodeDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return (check, delivery.Id);
    }

    private async Task RecordOutcomeAsync(CodeBinding binding, DeliveryChannel channel, long deliveryId, string code, SendOutcome outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (outcome.Succeeded)
        {
            // A newer code voids every older one for the same binding.
            await LiveCodes(db, binding, now).ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);
            db.OneTimeCodes.Add(new OneTimeCode
            {
                Id = Guid.NewGuid(), UserId = binding.UserId, Purpose = binding.Purpose, BindingId = binding.BindingId,
                CodeHash = hasher.HashCode(code), Channel = channel, CreatedAt = now, ExpiresAt = now + options.Value.CodeLifetime,
            });
            await db.SaveChangesAsync(ct);
        }
        await db.CodeDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Succeeded, outcome.Succeeded)
            .SetProperty(d => d.ErrorCode, outcome.Succeeded ? null : outcome.ErrorCode ?? "failed")
            .SetProperty(d => d.ProviderSid, outcome.ProviderSid)
            .SetProperty(d => d.Status, outcome.Status)
            .SetProperty(d => d.StatusAt, now), ct);
        await tx.CommitAsync(ct);
    }

    private int AttemptsLeft(LockoutStatus s)
    {
        var per = twoFactorOptions.Value.FailuresBeforeLockout;
        return per - s.ConsecutiveFailures % per;
    }

    private static VerifyCodeResult Locked(LockoutStatus s) =>
        new(VerifyCodeStatus.Locked, LockedUntil: s.LockedUntil, HardLocked: s.HardLocked);
}
