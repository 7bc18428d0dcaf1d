using System.Net;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using static BackupifyPortal.Tests.Infrastructure.LoginFormPost;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>Log In's Email and Password fed every hostile value, through the static page's form post (real app, real SQLite).</summary>
public sealed class LoginFieldTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task LoginEmail_HostileValue_ShowsMessageUnderEmailAndNeverChecksThePassword(string name)
    {
        using var browser = TestBrowser.Open(app);
        var audited = await AuditRowsAsync(app);

        using var response = await PostAsync(browser, HostileInputs.Value(name), DemoPeople.Password);
        var page = await ParseAsync(response);

        if (RefusedUnread(name, response)) { Assert.Equal(audited, await AuditRowsAsync(app)); return; }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("", MessageUnder(page, "Email"));
        Assert.Equal(audited, await AuditRowsAsync(app));
        RenderedAsText(page);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task LoginPassword_HostileValue_ShowsMessageUnderPasswordOrTheGenericError(string name)
    {
        var value = HostileInputs.Value(name);
        // A person of this case's own: the wrong passwords never add up to another case's lockout.
        var email = await FreshPeople.CreateAsync(app, "Hal Hostile", AccountKind.BackupifyClassic);
        using var browser = TestBrowser.Open(app);
        var audited = await AuditRowsAsync(app);

        using var response = await PostAsync(browser, email, value);
        var page = await ParseAsync(response);

        if (RefusedUnread(name, response)) { Assert.Equal(audited, await AuditRowsAsync(app)); return; }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (string.IsNullOrWhiteSpace(value) || value.Length > 512)
        {
            Assert.NotEqual("", MessageUnder(page, "Password"));
            Assert.Equal(audited, await AuditRowsAsync(app));
        }
        else
        {
            Assert.Equal("Incorrect email or password.", Alert(page));
            Assert.True(await AuditRowsAsync(app) > audited, "the password was not checked");
        }
        Assert.Equal(email, Field(page, "Email").GetAttribute("value"));
        Assert.Null(Field(page, "Password").GetAttribute("value"));
        RenderedAsText(page);
    }

    /// <summary>A NUL in a form value is a form the server cannot read: refused whole (400) before any check, never a 500. No field can type one.</summary>
    private static bool RefusedUnread(string name, HttpResponseMessage response)
    {
        if (name != "nul") return false;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return true;
    }

    /// <summary>The markup values were shown as text: no injected script, event-handler attribute or img.</summary>
    private static void RenderedAsText(AngleSharp.Dom.IDocument page)
    {
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "an inline script"));
        Assert.Empty(page.QuerySelectorAll("[onerror]"));
        Assert.Empty(page.QuerySelectorAll("img[src=x]"));
    }
}
