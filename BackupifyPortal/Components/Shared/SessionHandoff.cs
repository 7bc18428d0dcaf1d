using Microsoft.JSInterop;

namespace BackupifyPortal.Components.Shared;

/// <summary>Turns a sign-in ticket into the auth cookie by a fetch from the browser, then loads the next page.</summary>
public sealed class SessionHandoff(IJSRuntime js) : IAsyncDisposable
{
    // One import per circuit: a sign-in redeems and then navigates, and every import and dispose is a round trip.
    private Task<IJSObjectReference>? module;

    /// <summary>True when the hand-off answered 204 (signed in); Log In no longer uses its other statuses.</summary>
    public async Task<bool> RedeemAsync(string ticket) => await (await ModuleAsync()).InvokeAsync<int>("redeem", ticket) == 204;

    public async Task GoAsync(string url) => await (await ModuleAsync()).InvokeVoidAsync("go", url);

    private Task<IJSObjectReference> ModuleAsync()
    {
        if (module is null || module.IsFaulted || module.IsCanceled) module = js.InvokeAsync<IJSObjectReference>("import", "./js/portal-auth.js").AsTask();
        return module;
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not { IsCompletedSuccessfully: true }) return;
        try { await module.Result.DisposeAsync(); }
        catch (JSDisconnectedException) { } // the circuit is gone, and the browser's module with it
    }
}
