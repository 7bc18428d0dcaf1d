namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// The signed-in session on whose behalf the current code runs, taken from the circuit's own authentication
/// state for each inbound circuit event (<see cref="CircuitActivity"/>): never a value the browser sent.
/// A stamp rotation records it, so that only the session that made a change keeps its session.
/// </summary>
public static class ActingSession
{
    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The acting session's id (the <c>AuthSessions</c> row), or null outside a signed-in circuit.</summary>
    public static string? Id => current.Value;

    /// <summary>Runs the code that follows, until disposed, on behalf of <paramref name="sessionId"/>.</summary>
    public static IDisposable Begin(string? sessionId)
    {
        var outer = current.Value;
        current.Value = sessionId;
        return new Restore(() => current.Value = outer);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
