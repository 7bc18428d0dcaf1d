using BackupifyPortal.Features.Events;

namespace BackupifyPortal.Features.SignIn;

/// <summary>Some of a person's sessions were ended: their circuits re-check their own session now.</summary>
public sealed record PersonSessionsEnded(string UserId) : IPortalEvent;

/// <summary>A person's security stamp was rotated (a 2FA or password change).</summary>
public sealed record PersonStampRotated(string UserId) : IPortalEvent;

/// <summary>
/// A per-person signal from any service to the live circuits that watch that person, on every instance (through
/// <see cref="IPortalEvents"/>). Subscriptions are disposable; a circuit drops its own on dispose.
/// </summary>
public abstract class PersonNotifier<TEvent>(IPortalEvents events, Func<string, TEvent> create, ILogger logger) where TEvent : class, IPortalEvent
{
    public IDisposable Subscribe(string userId, Func<Task> onSignal) => events.Subscribe<TEvent>(userId, _ => onSignal());

    /// <summary>After the commit. A lost notice is logged, not thrown: the change stands and circuits re-check on their interval anyway.</summary>
    public async Task NotifyAsync(string userId)
    {
        try
        {
            await events.PublishAsync(create(userId), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{EventType} for {UserId} could not be published; circuits re-check at their revalidation interval", typeof(TEvent).Name, userId);
        }
    }
}

/// <summary>Some of a person's sessions were ended: circuits re-check their own session now.</summary>
public sealed class SessionRevocations(IPortalEvents events, ILogger<SessionRevocations> logger)
    : PersonNotifier<PersonSessionsEnded>(events, id => new PersonSessionsEnded(id), logger);

/// <summary>A person's security stamp was rotated (a 2FA or password change).</summary>
public sealed class SecurityStampRotations(IPortalEvents events, ILogger<SecurityStampRotations> logger)
    : PersonNotifier<PersonStampRotated>(events, id => new PersonStampRotated(id), logger);
