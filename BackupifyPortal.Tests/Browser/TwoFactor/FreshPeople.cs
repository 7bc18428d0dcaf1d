using BackupifyPortal.Data;
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
