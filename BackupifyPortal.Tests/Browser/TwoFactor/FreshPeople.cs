using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Browser.TwoFactor;

/// <summary>People made for one 2FA browser test, so enabling 2FA never changes the demo sign-ins other tests use.</summary>
public static class FreshPeople
{
    public static async Task<string> CreateAsync(PortalAppFactory server, string displayName, params AccountKind[] kinds)
    {
        var email = $"{displayName.Replace(' ', '.').ToLowerInvariant()}.{Guid.NewGuid():N}@demo.test";
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, TimeZoneId = "UTC" };
        var created = await users.CreateAsync(user, DemoPeople.Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Accounts.AddRange(kinds.Select(k => new PortalAccount { Id = Guid.NewGuid(), OwnerId = user.Id, Kind = k, Name = $"{k}.example".ToLowerInvariant() }));
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>
    /// A pending US mobile number saved by the portal's own <see cref="IPhoneEnrollment"/> (the Enable dialog's call), for tests
    /// about the next sign-in, not about the dialog: the article's dialog walk is PhoneTwoFactorBrowserTests' first test.
    /// </summary>
    public static async Task PendingPhoneAsync(PortalAppFactory server, string email, string nationalNumber)
    {
        var userId = await HttpSignIn.UserIdAsync(server, email);
        var saved = await server.Services.GetRequiredService<IPhoneEnrollment>().SavePendingAsync(
            new EnrollPhoneRequest(userId, "US", nationalNumber, IsLandline: false, WantsAuthenticator: false, "127.0.0.1", SessionId: await FreshSessions.CreateAsync(server.Services, userId)));
        Assert.Null(saved.Error);
    }

    /// <summary>
    /// An authenticator app enrolled by the portal's own <see cref="IAuthenticatorEnrollment"/> (the dialog's calls) with a code of
    /// the step before now (inside the window), so the person's next two codes need no wait for the clock. Returns the key, that
    /// step and the recovery codes.
    /// </summary>
    public static async Task<(string Key, long Step, IReadOnlyList<string> RecoveryCodes)> EnrolledAppAsync(PortalAppFactory server, string email, string app)
    {
        var userId = await HttpSignIn.UserIdAsync(server, email);
        var enrollment = server.Services.GetRequiredService<IAuthenticatorEnrollment>();
        var key = (await enrollment.BeginAsync(userId, app)).SetupKey.Replace(" ", "");
        var session = await FreshSessions.CreateAsync(server.Services, userId);
        // Late in a step, the previous step could leave the window before the check: start the next one first (at most 10 s).
        var into = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30;
        if (into > 20) await Task.Delay(TimeSpan.FromSeconds(30 - into));
        var step = RfcTotp.StepAt(DateTimeOffset.UtcNow) - 1;
        var confirmed = await enrollment.ConfirmAsync(userId, session, RfcTotp.Code(key, step));
        Assert.True(confirmed.Check.Succeeded, confirmed.Check.Outcome.ToString());
        return (key, step, confirmed.RecoveryCodes);
    }

    /// <summary>The newest message the Development outbox holds for <paramref name="e164"/>, read as a person would: from /dev/outbox.json.</summary>
    public static async Task<(string Channel, string Code)> LatestCodeAsync(Microsoft.Playwright.IPage page, string e164)
    {
        // The 2FA screen's heading is prerendered; its code goes out once the circuit starts, so wait for the message.
        var messages = new List<System.Text.Json.JsonElement>();
        for (var waited = 0; messages.Count == 0 && waited < 15_000; waited += 250)
        {
            var response = await page.APIRequest.GetAsync("/dev/outbox.json");
            messages = System.Text.Json.JsonDocument.Parse(await response.TextAsync()).RootElement.EnumerateArray()
                .Where(m => m.GetProperty("to").GetString() == e164).ToList();
            if (messages.Count == 0) await Task.Delay(250);
        }
        Assert.NotEmpty(messages);
        var text = messages[0].GetProperty("text").GetString()!;
        var code = System.Text.RegularExpressions.Regex.Match(text, @"\d[\d\s,.-]{4,}\d").Value;
        return (messages[0].GetProperty("channel").GetString()!, new string(code.Where(char.IsDigit).ToArray())[..6]);
    }
}
