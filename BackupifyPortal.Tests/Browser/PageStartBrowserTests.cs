using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Browser;

/// <summary>Log In is static (no circuit, usable at once, by keyboard too); a page while its circuit starts keeps the focus the person already put somewhere; User Settings' circuit draws it in short steps.</summary>
[Collection(BrowserCollection.Name)]
public class PageStartBrowserTests(PlaywrightFixture browser) : BrowserPageTest(browser)
{
    [Fact]
    public async Task LoginPage_OpensNoCircuit_AndItsFormWorksAtOnce()
    {
        var circuitRequests = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/_blazor", StringComparison.Ordinal)) circuitRequests.Add(request.Url); };
        page.WebSocket += (_, socket) => circuitRequests.Add(socket.Url);
        await page.GotoAsync("/login");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(circuitRequests);
        Assert.Equal(0, await page.Locator("script[src*='_framework/blazor.web']").CountAsync());
        // Nothing to wait for: the fields and the button work as soon as the page is there.
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeEnabledAsync();
        await Expect(PortalUi.Button(page, "Log In")).ToBeEnabledAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting to the portal" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LoginPage_ByKeyboardAlone_TypesShowsThePasswordAndSubmits()
    {
        await page.GotoAsync("/login");
        var email = page.GetByLabel("Email", new() { Exact = true });
        var password = page.GetByLabel("Password", new() { Exact = true });
        await email.FocusAsync();
        await page.Keyboard.TypeAsync("nobody@demo.test");
        await page.Keyboard.PressAsync("Tab");
        await Expect(password).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Wrong-Pass-2026");
        await page.Keyboard.PressAsync("Tab");
        var show = page.GetByRole(AriaRole.Button, new() { Name = "Show the characters", Exact = true });
        await Expect(show).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        var hide = page.GetByRole(AriaRole.Button, new() { Name = "Hide the characters", Exact = true });
        await Expect(hide).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(password).ToHaveAttributeAsync("type", "text");
        await page.Keyboard.PressAsync("Tab");
        await Expect(PortalUi.Button(page, "Log In")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(PortalUi.Button(page, "Sign in with a passkey")).ToBeFocusedAsync();

        // Enter in a field submits the form, as in any form.
        await password.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Incorrect email or password.");
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("nobody@demo.test");
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

    [Fact]
    public async Task UserSettings_CircuitDrawsTheTopPanelsFirst_ThenEveryPanelBelowThemWorks()
    {
        await BrowserSignIn.SignInAsync(page, DemoPeople.Direct, PortalUi.Heading(page, "Status"));
        var settings = page.Url.Replace("/status", "/settings", StringComparison.Ordinal);
        // Each time the circuit draws the page's heading: is the last panel (Profile) drawn in the same step? The
        // server's HTML, parsed before Blazor's script, is not counted. One step for the whole page is one long task.
        await page.AddInitScriptAsync(@"window.bpHeadingDraws = [];
            new MutationObserver(records => {
                if (!window.Blazor) return;
                const heading = records.some(r => Array.from(r.addedNodes).some(n => n.nodeType === 1 && (n.matches('h1') || n.querySelector('h1'))));
                if (heading) window.bpHeadingDraws.push(document.body.textContent.includes('Save profile'));
            }).observe(document, { childList: true, subtree: true });");
        await page.GotoAsync(settings);
        await PortalUi.WaitForInteractiveAsync(page);

        var save = PortalUi.Button(page, "Save profile");
        await Expect(save).ToBeVisibleAsync();
        Assert.Equal(new[] { false }, await page.EvaluateAsync<bool[]>("() => window.bpHeadingDraws"));
        string[] panels = ["Sign-in security", "Passkeys", "Change password", "Sessions", "Trusted browsers", "Recent security events", "Profile"];
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(panels);
        // The theme's CSS is in the head once, not redrawn by the circuit.
        Assert.Equal(new[] { "HEAD" }, await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('style.mud-theme-provider'), s => s.parentElement.tagName)"));
        await save.ClickAsync();
        await Expect(page.GetByText("Profile saved.")).ToBeVisibleAsync();
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
