namespace BackupifyPortal.Features.SignIn;

/// <summary>The browser as this HTTP request shows it: its binding cookie's hash and the person its remember cookie still trusts.</summary>
public sealed class BrowserSnapshots(TrustedBrowsers.TrustedBrowserCookie trusted)
{
    public async Task<BrowserSnapshot> FromRequestAsync(HttpContext context)
    {
        var remembered = await trusted.CurrentAsync(context);
        return new BrowserSnapshot(BrowserBinding.Hash(BrowserBinding.EnsureCookie(context)), remembered?.UserId, remembered?.Id);
    }
}
