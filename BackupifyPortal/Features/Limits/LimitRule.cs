namespace BackupifyPortal.Features.Limits;

/// <summary>
/// How one kind of counter turns failures into waits: none before <see cref="Burst"/>, then <see cref="FirstWait"/>
/// growing by <see cref="Growth"/> per further failure up to <see cref="MaxWait"/>.
/// </summary>
public sealed record LimitRule(string Kind, int Burst, TimeSpan FirstWait)
{
    public double Growth { get; init; } = 1;
    public TimeSpan? MaxWait { get; init; }
    /// <summary>Wait only at every Burst-th failure (5, 10, 15…) instead of at each failure past the burst.</summary>
    public bool RepeatEveryBurst { get; init; }
    /// <summary>From this many failures on, the key waits until someone clears it.</summary>
    public int? HardLockAt { get; init; }
    /// <summary>Failures older than this no longer count (a fixed window from the first failure).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>A rule that only counts (never waits).</summary>
    public static LimitRule CountOnly(string kind) => new(kind, int.MaxValue, TimeSpan.Zero);

    /// <summary>The waits after failure Burst, Burst+1, … until they stop growing (the last one repeats).</summary>
    public IReadOnlyList<TimeSpan> Waits()
    {
        if (Burst == int.MaxValue) return [];
        var waits = new List<TimeSpan>();
        var wait = FirstWait;
        while (true)
        {
            if (MaxWait is { } max && wait >= max) { waits.Add(max); return waits; }
            waits.Add(wait);
            if (RepeatEveryBurst || Growth <= 1 || waits.Count >= 32) return waits;
            wait = TimeSpan.FromTicks((long)Math.Min(wait.Ticks * Growth, TimeSpan.MaxValue.Ticks / 2.0));
        }
    }

    /// <summary>The wait that the <paramref name="count"/>-th failure starts, or null when it starts none.</summary>
    public TimeSpan? WaitAfter(int count)
    {
        if (count < Burst) return null;
        if (RepeatEveryBurst) return count % Burst == 0 ? FirstWait : null;
        var waits = Waits();
        return waits[Math.Min(count - Burst, waits.Count - 1)];
    }
}

/// <summary>A counter as read or just written.</summary>
public sealed record CounterState(int Count, DateTimeOffset? BlockedUntil, bool HardLocked)
{
    public static readonly CounterState Empty = new(0, null, false);
    public bool IsBlocked(DateTimeOffset now) => HardLocked || BlockedUntil > now;
    public TimeSpan Remaining(DateTimeOffset now) => BlockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;
}

/// <param name="Taken">False when the key was waiting: nothing was counted and the try must not run.</param>
public sealed record TakeResult(bool Taken, CounterState State);
