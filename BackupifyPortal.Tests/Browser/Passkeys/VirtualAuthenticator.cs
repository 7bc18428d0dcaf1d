using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Browser.Passkeys;

/// <summary>
/// Chromium's DevTools virtual authenticator on one page: a platform authenticator (CTAP2, internal transport) that
/// holds resident keys and verifies its user, as a laptop's fingerprint reader does, without any prompt.
/// </summary>
public static class VirtualAuthenticator
{
    public static async Task<ICDPSession> AddAsync(IPage page) => (await AddWithIdAsync(page)).Cdp;

    /// <summary>The session and the authenticator's id, for tests that read or replace its credentials.</summary>
    public static async Task<(ICDPSession Cdp, string AuthenticatorId)> AddWithIdAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }
}
