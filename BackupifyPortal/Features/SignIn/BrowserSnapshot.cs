namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// What the circuit needs to know about the browser it serves, captured from the HTTP request that
/// rendered the page (a circuit cannot read cookies). Carried in Blazor's data-protected persisted state, sealed;
/// never the client's address, which a replayed state could carry in from elsewhere (that is <see cref="Operations.ClientContext"/>).
/// </summary>
/// <param name="BindingHash">SHA-256 (hex) of this browser's binding cookie; tickets are bound to it.</param>
/// <param name="RememberedUserId">The person whose "remember this browser" cookie is valid here, if any.</param>
/// <param name="TrustedBrowserId">The trusted-browser row that cookie names (User Settings marks it "This browser").</param>
public sealed record BrowserSnapshot(string BindingHash, string? RememberedUserId, Guid? TrustedBrowserId = null);
