using System.Net;
using System.Security.Cryptography;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// A browser as the HTTP pipeline sees it: its own cookie jar with a known <c>bp.bind</c> value, no automatic
/// redirects (tests look at 302s themselves).
/// </summary>
public sealed class TestBrowser : IDisposable
{
    public static readonly Uri BaseAddress = new("http://localhost/");

    private TestBrowser(HttpClient client, CookieContainer cookies, string binding, Uri address)
    {
        Client = client;
        Cookies = cookies;
        Binding = binding;
        Address = address;
    }

    public HttpClient Client { get; }
    public CookieContainer Cookies { get; }
    /// <summary>The raw value of this browser's binding cookie.</summary>
    public string Binding { get; }
    public string BindingHash => BrowserBinding.Hash(Binding);
    public Uri Address { get; }

    /// <param name="address">http://localhost/ by default; pass an https address to see what a TLS visitor gets.</param>
    public static TestBrowser Open(PortalAppFactory factory, Uri? address = null)
    {
        address ??= BaseAddress;
        var cookies = new CookieContainer();
        var binding = NewBindingValue();
        cookies.Add(address, new Cookie(BindingCookieName(address), binding));
        var client = factory.CreateDefaultClient(address, new CookieContainerHandler(cookies));
        return new TestBrowser(client, cookies, binding, address);
    }

    /// <summary>The app names the binding cookie with the __Host- prefix over HTTPS.</summary>
    public static string BindingCookieName(Uri address) =>
        address.Scheme == Uri.UriSchemeHttps ? BrowserBinding.SecureCookieName : BrowserBinding.CookieName;

    /// <summary>A value shaped like the app's own (32 random bytes, base64url, 43 chars), so the app keeps it.</summary>
    public static string NewBindingValue() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public Cookie? Cookie(string name) => Cookies.GetCookies(Address)[name];

    public Task<HttpResponseMessage> PostTicketAsync(string ticket) =>
        Client.PostAsync("/account/handoff", new FormUrlEncodedContent([new("ticket", ticket)]));

    public void Dispose() => Client.Dispose();
}

/// <summary>Fast sign-in for integration tests: issue a ticket with the app's own service and redeem it like portal-auth.js does.</summary>
public static class HttpSignIn
{
    public static async Task<string> UserIdAsync(PortalAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No such person: {email}");
        return user.Id;
    }

    public static async Task<string> IssueTicketAsync(PortalAppFactory factory, string email, string bindingHash)
    {
        var userId = await UserIdAsync(factory, email);
        return await factory.Services.GetRequiredService<ISignInTickets>().IssueAsync(userId, bindingHash, "pwd", rememberBrowser: false);
    }

    /// <summary>A browser signed in as <paramref name="email"/> (its jar holds bp.bind and bp.auth).</summary>
    public static async Task<TestBrowser> SignInAsync(PortalAppFactory factory, string email)
    {
        var browser = TestBrowser.Open(factory);
        var ticket = await IssueTicketAsync(factory, email, browser.BindingHash);
        using var response = await browser.PostTicketAsync(ticket);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Hand-off for {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return browser;
    }
}
