using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// Per-circuit view of the browser: during prerender it reads the request (after the forwarded headers of a
/// known proxy are applied), in the circuit it opens, once, the sealed snapshot that the prerender persisted
/// (see App.razor and <see cref="BrowserSnapshotSeal"/>): an expired, tampered or other-session seal gives null.
/// </summary>
public sealed class BrowserContext(PersistentComponentState state, BrowserSnapshotSeal seal, AuthenticationStateProvider authState)
{
    public const string StateKey = "bp.browser";
    private BrowserSnapshot? snapshot;
    private bool opened;

    public BrowserSnapshot? Snapshot
    {
        get
        {
            if (snapshot is not null || opened) return snapshot;
            opened = true;
            return snapshot = state.TryTakeFromJson<string>(StateKey, out var sealedValue) ? seal.Open(sealedValue, CircuitSessionId()) : null;
        }
    }

    /// <summary>Called by App.razor while prerendering, where the HTTP request is at hand; returns the seal to persist.</summary>
    public string Capture(BrowserSnapshot fromRequest, ClaimsPrincipal user)
    {
        snapshot = fromRequest;
        return seal.Seal(fromRequest, user.FindFirstValue(DatabaseTicketStore.SessionIdClaim));
    }

    // The circuit's authentication state is set, completed, before its first render; an unfinished one opens nothing.
    private string? CircuitSessionId()
    {
        var task = authState.GetAuthenticationStateAsync();
        return task.IsCompletedSuccessfully ? task.Result.User.FindFirstValue(DatabaseTicketStore.SessionIdClaim) : "(pending)";
    }
}
