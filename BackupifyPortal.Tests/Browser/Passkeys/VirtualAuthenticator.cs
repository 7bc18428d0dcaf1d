using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Browser.Passkeys;

/// <summary>
/// Chromium's DevTools virtual authenticator on one page: a platform authenticator (CTAP2, internal transport) that
/// holds resident keys and verifies its user, as a laptop's fingerprint reader does, without any prompt.
/// </summary>
public static class VirtualAuthenticator
{
    public static async Task<ICDPSession> AddAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
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
        return cdp;
    }
}
