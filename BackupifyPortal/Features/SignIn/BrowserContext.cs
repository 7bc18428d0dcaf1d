using Microsoft.AspNetCore.Components;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Per-circuit view of the browser: during prerender it reads the request, in the circuit it reads the
/// snapshot that the prerender persisted (see App.razor).
/// </summary>
public sealed class BrowserContext(PersistentComponentState state)
{
    public const string StateKey = "bp.browser";
    private BrowserSnapshot? snapshot;

    public BrowserSnapshot? Snapshot => snapshot ??= state.TryTakeFromJson<BrowserSnapshot>(StateKey, out var s) ? s : null;

    /// <summary>Called by App.razor while prerendering, where the HTTP request is at hand.</summary>
    public void Capture(BrowserSnapshot fromRequest) => snapshot = fromRequest;
}
