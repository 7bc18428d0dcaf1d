using System.Net;
using System.Security.Claims;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>The real app (Development, demo data) on a temporary SQLite file, plus an admin of a second organisation.</summary>
public sealed class ConsoleHttpFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OtherAdminEmail = "admin@other-org.test";
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={dbPath};Pooling=False");
    }

    public async Task InitializeAsync()
    {
        _ = Server;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var org = new Organization { Id = Guid.NewGuid(), Name = "Other MSP" };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        var other = new PortalUser { UserName = OtherAdminEmail, Email = OtherAdminEmail, DisplayName = "Other Admin", OrganizationId = org.Id };
        await users.CreateAsync(other, DemoSeeder.Password);
        await users.AddClaimAsync(other, new Claim("portal_role", "Admin"));
        var partner = await users.FindByEmailAsync("partner@demo.test");
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().WriteAsync("signin", partner!.Id, "=cmd|' /C calc'!A0", ipAddress: "10.1.2.3");
    }

    public const string OtherPersonEmail = "bo@other-org.test";

    /// <summary>A person of the other organisation with events only that organisation's admin may read (once per factory).</summary>
    public async Task<(string PersonId, string AdminId)> AddOtherOrganisationPersonWithEventsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = (await users.FindByEmailAsync(OtherAdminEmail))!;
        var person = await users.FindByEmailAsync(OtherPersonEmail);
        if (person is null)
        {
            person = new PortalUser { UserName = OtherPersonEmail, Email = OtherPersonEmail, DisplayName = "Bo", OrganizationId = admin.OrganizationId };
            await users.CreateAsync(person, DemoSeeder.Password);
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            await audit.WriteAsync(AuditEventTypes.SignInSucceeded, person.Id, "other-org-only-detail", ipAddress: "198.51.100.42");
            await audit.WriteAsync(AuditEventTypes.SetupLinkSent, person.Id, "other-org-only-detail", admin.Id, "198.51.100.42");
        }
        return (person.Id, admin.Id);
    }

    /// <summary>A client signed in as the person, through the app's own ticket hand-off; null email = anonymous.</summary>
    public async Task<HttpClient> ClientForAsync(string? email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (email is null) return client;
        string userId;
        string ticket;
        var bind = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..43];
        await using (var scope = Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.Id;
            ticket = await scope.ServiceProvider.GetRequiredService<ISignInTickets>().IssueAsync(userId, BrowserBinding.Hash(bind), "pwd", false);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/handoff") { Content = new FormUrlEncodedContent([new("ticket", ticket)]) };
        request.Headers.Add("Cookie", $"{BrowserBinding.CookieName}={bind}");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Append($"{BrowserBinding.CookieName}={bind}");
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }
}
