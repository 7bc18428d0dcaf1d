using Microsoft.JSInterop;

namespace BackupifyPortal.Components.Shared;

/// <summary>What the browser's WebAuthn call gave back: the credential as JSON, or the name of its error.</summary>
public sealed record PasskeyBrowserResult(string? Json, string? Error)
{
    /// <summary>A message for the person, by the browser's error name (no passkey chosen, not supported…).</summary>
    public string ErrorMessage => Features.SignIn.SignInMessages.PasskeyBrowserError(Error);
}

/// <summary>The portal-passkeys.js module: navigator.credentials.create/get, and the Email field's passkey autofill.</summary>
public sealed class PasskeyBrowser(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? module;

    public async Task<PasskeyBrowserResult> CreateAsync(string optionsJson) =>
        await (await ModuleAsync()).InvokeAsync<PasskeyBrowserResult>("create", TimeSpan.FromMinutes(5), optionsJson);

    public async Task<PasskeyBrowserResult> GetAsync(string optionsJson) =>
        await (await ModuleAsync()).InvokeAsync<PasskeyBrowserResult>("get", TimeSpan.FromMinutes(5), optionsJson);

    /// <summary>Starts the conditional request; the browser calls <c>CompleteAutofillAsync(json)</c> on <paramref name="component"/> when a passkey is chosen.</summary>
    public async Task AutofillAsync<T>(string optionsJson, DotNetObjectReference<T> component) where T : class =>
        await (await ModuleAsync()).InvokeVoidAsync("autofill", optionsJson, component);

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
