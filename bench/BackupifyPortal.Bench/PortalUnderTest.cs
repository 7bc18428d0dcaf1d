namespace BackupifyPortal.Bench;

/// <summary>What a measurement reads from the portal it drives: one process (SQLite) or several behind nginx (PostgreSQL).</summary>
public interface IPortalUnderTest : IAsyncDisposable
{
    /// <summary>Where clients connect: the instance itself, or nginx in front of the instances.</summary>
    string BaseUrl { get; }

    /// <summary>CPU time all portal processes have used so far (not nginx, not PostgreSQL).</summary>
    TimeSpan CpuTime();

    Task<HashSample> HashesAsync();
    Task<JitSample> JitAsync();

    /// <summary>Memory and circuits, summed over the portal processes.</summary>
    Task<MemorySample> MemoryAsync();

    Task WaitUntilIdleAsync();
}
