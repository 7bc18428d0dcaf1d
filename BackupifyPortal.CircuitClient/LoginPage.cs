using System.Net;
using System.Text.RegularExpressions;

namespace BackupifyPortal.CircuitClient;

/// <summary>
/// The static Log In page as a browser uses it: GET /login (cookies and the form's antiforgery token), then plain form
/// POSTs, from one chosen loopback address. No circuit: Log In has none.
/// </summary>
public sealed partial class LoginPage : IDisposable
{
    private LoginPage(Uri baseAddress, IPAddress source, CookieContainer? cookies, string? forwardedFor)
    {
        BaseAddress = baseAddress;
        Source = source;
        ForwardedFor = forwardedFor;
        Cookies = cookies ?? new CookieContainer();
        Http = new HttpClient(LoopbackAddressHandler.Create(source, Cookies)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (forwardedFor is not null) Http.DefaultRequestHeaders.Add(CircuitClient.ForwardedForHeader, forwardedFor);
    }

    public Uri BaseAddress { get; }
    public IPAddress Source { get; }
    public string? ForwardedFor { get; }
    public CookieContainer Cookies { get; }
    /// <summary>Plain HTTP from the same address and cookie jar (no automatic redirects).</summary>
    public HttpClient Http { get; }
    /// <summary>The page's HTML as last shown (after the GET, or a refused POST).</summary>
    public string Html { get; private set; } = "";
    /// <summary>Answers a browser would show as a broken page (5xx, or a page without the form).</summary>
    public List<string> Errors { get; } = [];

    /// <param name="path">/login, or /login?returnUrl=…</param>
    public static async Task<LoginPage> OpenAsync(Uri baseAddress, IPAddress source, CancellationToken ct = default, CookieContainer? cookies = null,
        string? forwardedFor = null, string path = "/login")
    {
        var page = new LoginPage(baseAddress, source, cookies, forwardedFor) { path = path };
        try
        {
            using var response = await page.Http.GetAsync(path, ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new CircuitClientException($"GET {path} answered {(int)response.StatusCode}");
            page.Html = await response.Content.ReadAsStringAsync(ct);
            return page;
        }
        catch
        {
            page.Dispose();
            throw;
        }
    }

    private string path = "/login";

    /// <summary>Fills Email and Password and presses Log In: the POST's answer (a redirect, or the page shown again).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string email, string password, CancellationToken ct = default)
    {
        using var form = new FormUrlEncodedContent([
            new("_handler", "login"),
            new("__RequestVerificationToken", Token()),
            new("Input.Email", email),
            new("Input.Password", password),
        ]);
        var response = await Http.PostAsync(path, form, ct);
        if ((int)response.StatusCode >= 500) Errors.Add($"POST {path} answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.OK) Html = await response.Content.ReadAsStringAsync(ct);
        return response;
    }

    /// <summary>The text of the page's alert (role=alert), or null when it shows none.</summary>
    public string? Alert() => AlertPattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;

    /// <summary>The messages shown under the fields.</summary>
    public IReadOnlyList<string> FieldMessages() => [.. FieldMessagePattern().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    private string Token() => TokenPattern().Match(Html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new CircuitClientException($"No antiforgery field on {path}");

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]*)<")]
    private static partial Regex AlertPattern();

    [GeneratedRegex("class=\"validation-message\"[^>]*>([^<]*)<")]
    private static partial Regex FieldMessagePattern();
}
