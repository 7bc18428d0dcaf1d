using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>A page while its circuit starts: it says it is connecting, and focus goes to the heading unless the person already put it somewhere.</summary>
[Collection(BrowserCollection.Name)]
public class PageStartBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task LoginPage_WhileConnecting_SaysSoAndOpensTheFormOnceConnected()
    {
        var circuitStarts = await HoldCircuitStartAsync();
        await page.GotoAsync("/login", new() { WaitUntil = WaitUntilState.Commit });
        var connecting = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting to the portal…" });

        await Expect(connecting).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeDisabledAsync();
        await Expect(PortalUi.Button(page, "Log In")).ToBeDisabledAsync();

        circuitStarts.SetResult();
        // The circuit starts only now; on a loaded machine that takes longer than Playwright's default 5 s.
        await Expect(PortalUi.Button(page, "Log In")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeEnabledAsync();
        await Expect(connecting).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LoginPage_LeftAlone_FocusesItsHeadingWhenItConnects()
    {
        await page.GotoAsync("/login");
        await PortalUi.WaitForInteractiveAsync(page);

        await Expect(PortalUi.Heading(page, "Log In")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task StatusPage_MenuButtonFocusedBeforeTheCircuitAsksForTheHeading_KeepsFocusForTheKeyboard()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));
        var circuitStarts = await HoldCircuitStartAsync();
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await DeferHeadingFocusAsync();
        circuitStarts.SetResult();
        await PortalUi.WaitForInteractiveAsync(page);
        await page.WaitForFunctionAsync("() => window.deferredHeadingFocus !== undefined");

        // The person reaches the menu button first; the circuit's request for the heading arrives after.
        var nameMenu = PortalUi.Button(page, "Dana Direct");
        await nameMenu.FocusAsync();
        await page.EvaluateAsync("() => window.deferredHeadingFocus()");

        await Expect(nameMenu).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(PortalUi.MenuItem(page, "User Settings")).ToBeFocusedAsync();
    }

    /// <summary>Holds Blazor's script back, as a slow connection does, until the returned source is completed.</summary>
    private async Task<TaskCompletionSource> HoldCircuitStartAsync()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/_framework/blazor.web*.js", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        return release;
    }

    /// <summary>Keeps the circuit's first call to focus the heading until the test makes it (window.deferredHeadingFocus).</summary>
    private async Task DeferHeadingFocusAsync()
    {
        await page.WaitForFunctionAsync("() => typeof window.portalFocusHeading === 'function'");
        await page.EvaluateAsync(@"() => {
            const focusHeading = window.portalFocusHeading;
            window.portalFocusHeading = () => { window.deferredHeadingFocus = focusHeading; };
        }");
    }
}
