using Microsoft.JSInterop;

namespace BackupifyPortal.Components.Shared;

/// <summary>What the browser's WebAuthn call gave back: the credential as JSON, or the name of its error.</summary>
public sealed record PasskeyBrowserResult(string? Json, string? Error)
{
    /// <summary>A message for the person, by the browser's error name (no passkey chosen, not supported…).</summary>
    public string ErrorMessage => Features.SignIn.SignInMessages.PasskeyBrowserError(Error);
}

/// <summary>The portal-passkeys.js module: navigator.credentials.create/get in a circuit (Log In's own passkey script is js/login.js).</summary>
public sealed class PasskeyBrowser(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? module;

    public async Task<PasskeyBrowserResult> CreateAsync(string optionsJson) =>
        await (await ModuleAsync()).InvokeAsync<PasskeyBrowserResult>("create", TimeSpan.FromMinutes(5), optionsJson);

    public async Task<PasskeyBrowserResult> GetAsync(string optionsJson) =>
        await (await ModuleAsync()).InvokeAsync<PasskeyBrowserResult>("get", TimeSpan.FromMinutes(5), optionsJson);

    private Task<IJSObjectReference> ModuleAsync()
    {
        if (module is null || module.IsFaulted || module.IsCanceled) module = js.InvokeAsync<IJSObjectReference>("import", "./js/portal-passkeys.js").AsTask();
        return module;
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not { IsCompletedSuccessfully: true }) return;
        try
        {
            await module.Result.InvokeVoidAsync("cancel");
            await module.Result.DisposeAsync();
        }
        catch (JSDisconnectedException) { } // the circuit is gone, and the browser's module with it
    }
}
