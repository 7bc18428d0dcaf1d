using System.Diagnostics;
using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Sign-in through the real Login page, the way a customer does it.</summary>
public static class BrowserSignIn
{
    /// <summary>
    /// Opens <paramref name="path"/> (the Login page, or a portal page that redirects there), fills
    /// <c>Email</c> and <c>Password</c>, clicks <c>Log In</c>, and waits until <paramref name="landing"/> is visible.
    /// Returns the time from the click to that moment, as the browser sees it.
    /// </summary>
    public static async Task<TimeSpan> SignInAsync(IPage page, string email, ILocator landing, string password = DemoPeople.Password, string path = "/login")
    {
        // Log In is a static page with plain form posts: nothing to wait for once it has loaded.
        await page.GotoAsync(path);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var clock = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
        try { await landing.WaitForAsync(new() { State = WaitForSelectorState.Visible }); }
        catch (TimeoutException e)
        {
            // Say what the person saw instead, so a failure explains itself.
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"{e.Message}\nPage {page.Url} shows: {(text.Length > 600 ? text[..600] : text)}", e);
        }
        var elapsed = clock.Elapsed;
        await PortalUi.WaitForInteractiveAsync(page);
        return elapsed;
    }
}
