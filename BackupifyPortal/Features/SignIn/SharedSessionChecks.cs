using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// The periodic re-check of live circuits, shared per session: every circuit of one session (a person's tabs) that
/// re-checks within <see cref="WindowFor"/> of another takes that check's answer instead of querying again. A circuit
/// waits <see cref="DelayFor"/> between checks, so an answer at most one window old still ends it within the interval.
/// Event-driven re-checks (sessions ended, stamp rotated) never share: they must see the change that raised them.
/// </summary>
public sealed class SharedSessionChecks(SessionRefresh refresh)
{
    private readonly ConcurrentDictionary<string, (long StartedAt, Task<ClaimsPrincipal?> Check)> recent = new();
    private long lastPrune = Stopwatch.GetTimestamp();

    /// <summary>How old a shared answer may be: a twelfth of the interval (5 s of a minute).</summary>
    public static TimeSpan WindowFor(TimeSpan interval) => interval / 12;

    /// <summary>A circuit's wait between checks: the interval less the window, so wait plus answer age stays within the interval.</summary>
    public static TimeSpan DelayFor(TimeSpan interval) => interval - WindowFor(interval);

    // Real time, as the framework's revalidation loop waits in real time (Task.Delay), not on the portal's TimeProvider.
    public Task<ClaimsPrincipal?> CurrentPrincipalAsync(string sessionId, TimeSpan interval)
    {
        var now = Stopwatch.GetTimestamp();
        var window = WindowFor(interval);
        if (recent.TryGetValue(sessionId, out var shared) && Stopwatch.GetElapsedTime(shared.StartedAt, now) < window && !shared.Check.IsFaulted)
            return shared.Check;
        var check = refresh.CurrentPrincipalAsync(sessionId); // no caller's token: other circuits may wait on it
        recent[sessionId] = (now, check);
        PruneOnceAWindow(now, window);
        return check;
    }

    // Sessions whose circuits have all gone leave an entry behind: dropped once it is stale, at most once per window.
    private void PruneOnceAWindow(long now, TimeSpan window)
    {
        var last = Interlocked.Read(ref lastPrune);
        if (Stopwatch.GetElapsedTime(last, now) < window || Interlocked.CompareExchange(ref lastPrune, now, last) != last) return;
        foreach (var (id, entry) in recent)
            if (Stopwatch.GetElapsedTime(entry.StartedAt, now) >= window) recent.TryRemove(new KeyValuePair<string, (long, Task<ClaimsPrincipal?>)>(id, entry));
    }
}
