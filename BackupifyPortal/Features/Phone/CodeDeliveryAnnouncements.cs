using BackupifyPortal.Features.Events;

namespace BackupifyPortal.Features.Phone;

/// <summary>The one way a delivery's new status is announced to open support cards.</summary>
public static class CodeDeliveryAnnouncements
{
    /// <summary>A hint for open cards only: the delivery is already saved, so a bus failure is logged, never thrown.</summary>
    public static async Task AnnounceDeliveryChangedAsync(this IPortalEvents events, string userId, ILogger logger, CancellationToken ct = default)
    {
        try { await events.PublishAsync(new CodeDeliveryChanged(userId), ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Delivery change of {UserId} not announced", userId); }
    }
}
