using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Log In as a browser without script uses it: GET the page (cookies, antiforgery field), POST the form.</summary>
public static class LoginFormPost
{
    public static async Task<IDocument> PageAsync(TestBrowser browser, string path = "/login")
    {
        using var response = await browser.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>Fills Email and Password and presses Log In; <paramref name="withToken"/> false leaves the antiforgery field out.</summary>
    public static async Task<HttpResponseMessage> PostAsync(TestBrowser browser, string email, string password, string path = "/login", bool withToken = true)
    {
        var page = await PageAsync(browser, path);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "login"),
            new("Input.Email", email),
            new("Input.Password", password),
        };
        if (withToken) fields.Add(new("__RequestVerificationToken", page.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!));
        return await browser.Client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>The input labelled <paramref name="label"/>, found the way a screen reader would.</summary>
    public static IElement Field(IDocument page, string label) =>
        page.GetElementById(page.QuerySelectorAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")!)!;

    /// <summary>The message the field's aria-describedby points to (empty when none).</summary>
    public static string MessageUnder(IDocument page, string label) =>
        page.GetElementById(Field(page, label).GetAttribute("aria-describedby")!)?.TextContent.Trim() ?? "";

    public static string? Alert(IDocument page) => page.QuerySelector("[role=alert]")?.TextContent.Trim();

    /// <summary>Audit rows so far: a form refused before the password check writes none.</summary>
    public static async Task<int> AuditRowsAsync(PortalAppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuditEvents.CountAsync();
    }
}
