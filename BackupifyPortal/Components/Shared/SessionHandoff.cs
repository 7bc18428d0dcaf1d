using Microsoft.JSInterop;

namespace BackupifyPortal.Components.Shared;

/// <summary>Turns a sign-in ticket into the auth cookie by a fetch from the browser, then loads the next page.</summary>
public sealed class SessionHandoff(IJSRuntime js)
{
    public async Task<bool> RedeemAsync(string ticket)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/portal-auth.js");
        return await module.InvokeAsync<int>("redeem", ticket) == 204;
    }

    public async Task GoAsync(string url)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/portal-auth.js");
        await module.InvokeVoidAsync("go", url);
    }
}
