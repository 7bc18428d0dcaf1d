namespace BackupifyPortal.Features.Events;

/// <summary>Section "Events": the PostgreSQL bus (used when <c>Database:Provider=Postgres</c>).</summary>
public sealed class EventOptions
{
    /// <summary>Npgsql sends a keepalive query on the idle listening connection this often, so a dead link is noticed.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>First wait before reconnecting a lost listener; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Events older than this are deleted; a listener down for longer misses them (circuits still re-check on their interval).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);
    public TimeSpan PruneEvery { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>application_name of the listening connection, as pg_stat_activity shows it.</summary>
    public string ListenerName { get; set; } = "BackupifyPortal events";
}
