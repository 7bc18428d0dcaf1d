using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>The portal's screens and controls by their UI-contract names (role + accessible name), never by CSS.</summary>
public static class PortalUi
{
    public static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    /// <summary>A choice on the Multi-Account Login screen whose accessible name contains <paramref name="kind"/>.</summary>
    public static ILocator AccountChoice(IPage page, string kind) =>
        page.GetByRole(AriaRole.Link, new() { Name = kind }).Or(page.GetByRole(AriaRole.Button, new() { Name = kind })).First;

    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator MenuItem(IPage page, string name, bool exact = true) =>
        page.GetByRole(AriaRole.Menuitem, new() { Name = name, Exact = exact });

    /// <summary>A switch as the contract names it; MudBlazor draws switches as checkboxes with role switch.</summary>
    public static ILocator Switch(IPage page, string name) =>
        page.GetByRole(AriaRole.Switch, new() { Name = name, Exact = true })
            .Or(page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true })).First;

    /// <summary>Opens the header menu named <paramref name="menuButton"/> and picks <paramref name="item"/>.</summary>
    public static async Task ChooseFromMenuAsync(IPage page, string menuButton, string item, bool exactItem = true)
    {
        await WaitForInteractiveAsync(page);
        await Button(page, menuButton).ClickAsync();
        await MenuItem(page, item, exactItem).ClickAsync();
    }

    /// <summary>
    /// Waits until the page's Blazor circuit has attached event handlers, so clicks and typing reach the
    /// components instead of the prerendered HTML. A static page (Log In) starts no circuit: it is ready once loaded.
    /// </summary>
    public static async Task WaitForInteractiveAsync(IPage page)
    {
        await page.WaitForFunctionAsync(@"() => {
            if (!document.querySelector('script[src*=""_framework/blazor.web""]')) return document.readyState === 'complete';
            if (!window.Blazor) return false;
            const wired = e => Object.keys(e).some(k => k.startsWith('_blazorEvents'))
                || Object.getOwnPropertySymbols(e).some(s => String(s.description).startsWith('_blazorEvents'));
            return Array.from(document.querySelectorAll('form, button, input, a, div')).some(wired);
        }", null, new() { PollingInterval = 50, Timeout = 30_000 }); // a circuit's start, not a claim about speed: the load tests may hold both cores meanwhile
    }
}
