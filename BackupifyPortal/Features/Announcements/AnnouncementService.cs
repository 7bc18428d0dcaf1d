using BackupifyPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Announcements;

/// <summary>Shows the configured banner until a person dismisses it; the dismissal is stored with the person.</summary>
public sealed class AnnouncementService(IDbContextFactory<PortalDbContext> dbFactory, IOptionsMonitor<AnnouncementOptions> options)
{
    public AnnouncementOptions Current => options.CurrentValue;

    public async Task<bool> IsVisibleToAsync(string userId, CancellationToken ct = default)
    {
        var current = Current;
        if (string.IsNullOrWhiteSpace(current.Text)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dismissed = await db.Users.Where(u => u.Id == userId).Select(u => u.DismissedAnnouncementId).FirstOrDefaultAsync(ct);
        return dismissed != current.Id;
    }

    public async Task DismissAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DismissedAnnouncementId, Current.Id), ct);
    }
}
