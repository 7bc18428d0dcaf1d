using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

public enum SendBlock { None, Cooldown, PersonCap, NumberCap, IpCap, GlobalCap }

/// <summary>Cooldown and hourly caps, counted from CodeDelivery rows so a restart or a second instance changes nothing.</summary>
public sealed class SendLimiter(IOptions<PhoneOptions> options)
{
    /// <summary>The first moment a send is allowed (now or later) and what holds it back.</summary>
    public async Task<(SendBlock Block, DateTimeOffset NextAllowedAt)> CheckAsync(
        PortalDbContext db, string userId, string phoneHash, string? ip, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var windowStart = now - o.CapWindow;
        // Emailed identity-check codes are on the same table for support's view, never in the phone caps.
        var recent = db.CodeDeliveries.AsNoTracking().Where(d => d.SentAt > windowStart && d.Channel != DeliveryChannel.Email);
        // Failed sends do not hold the cooldown (the person may switch channel), but they count toward caps.
        var lastLive = await recent.Where(d => d.UserId == userId && d.ErrorCode == null)
            .OrderByDescending(d => d.SentAt).Select(d => (DateTimeOffset?)d.SentAt).FirstOrDefaultAsync(ct);
        var checks = new List<(SendBlock, DateTimeOffset)>
        {
            (SendBlock.Cooldown, lastLive is { } last ? last + o.SendCooldown : now),
            (SendBlock.PersonCap, await CapFreesAtAsync(recent.Where(d => d.UserId == userId), o.MaxSendsPerPersonPerWindow, now, ct)),
            (SendBlock.NumberCap, await CapFreesAtAsync(recent.Where(d => d.PhoneHash == phoneHash), o.MaxSendsPerNumberPerWindow, now, ct)),
            (SendBlock.GlobalCap, await CapFreesAtAsync(recent, o.MaxSendsTotalPerWindow, now, ct)),
        };
        if (ip is not null)
            checks.Add((SendBlock.IpCap, await CapFreesAtAsync(recent.Where(d => d.IpAddress == ip), o.MaxSendsPerIpPerWindow, now, ct)));
        var (block, at) = checks.MaxBy(c => c.Item2);
        return at > now ? (block, at) : (SendBlock.None, now);
    }

    // With N sends in the window and a cap of M, a slot frees when the (N-M+1)th oldest leaves the window.
    private async Task<DateTimeOffset> CapFreesAtAsync(IQueryable<CodeDelivery> inWindow, int cap, DateTimeOffset now, CancellationToken ct)
    {
        var count = await inWindow.CountAsync(ct);
        if (count < cap) return now;
        var pivot = await inWindow.OrderBy(d => d.SentAt).Skip(count - cap).Select(d => d.SentAt).FirstAsync(ct);
        return pivot + options.Value.CapWindow;
    }
}
