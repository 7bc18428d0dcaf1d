namespace BackupifyPortal.Features.Operations;

/// <summary>Section <c>Shutdown</c>: how an instance stops on SIGTERM (Ctrl-C).</summary>
public sealed class ShutdownOptions
{
    /// <summary>How long to keep serving, with /readyz unhealthy, before the server stops taking connections (for load balancers that poll readiness).</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
    /// <summary>How long requests in flight may take to finish before the host gives up on them.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
