using Microsoft.JSInterop;

namespace BackupifyPortal.Components.Shared;

/// <summary>Turns a sign-in ticket into the auth cookie by a fetch from the browser, then loads the next page.</summary>
public sealed class SessionHandoff(IJSRuntime js)
{
    /// <param name="refresh">True to renew this browser's live session after a 2FA change rather than start a new one.</param>
    public async Task<bool> RedeemAsync(string ticket, bool refresh = false)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/portal-auth.js");
        return await module.InvokeAsync<int>("redeem", ticket, refresh) == 204;
    }

    public async Task GoAsync(string url)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/portal-auth.js");
        await module.InvokeVoidAsync("go", url);
    }
}
