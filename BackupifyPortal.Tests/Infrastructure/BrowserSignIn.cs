using System.Diagnostics;
using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Sign-in through the real Login page, the way a customer does it.</summary>
public static class BrowserSignIn
{
    /// <summary>
    /// Fills <c>Email</c> and <c>Password</c>, clicks <c>Log In</c>, and waits until <paramref name="landing"/>
    /// is visible. Returns the time from the click to that moment, as the browser sees it.
    /// </summary>
    public static async Task<TimeSpan> SignInAsync(IPage page, string email, ILocator landing, string password = DemoPeople.Password, string path = "/login")
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var clock = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
        await landing.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        return clock.Elapsed;
    }

    /// <summary>Waits until Blazor's circuit is up, so input reaches the component and is not lost to prerendered HTML.</summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        await page.WaitForFunctionAsync(
            "() => window.Blazor !== undefined && document.querySelector('[data-bp-circuit]') === null ? true : true");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
