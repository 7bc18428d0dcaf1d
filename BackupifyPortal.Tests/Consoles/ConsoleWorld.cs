using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Features.Authenticator;
using Microsoft.AspNetCore.DataProtection;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>The console services over a real SQLite file, a fake clock, and people in two organisations.</summary>
public sealed partial class ConsoleWorld : IAsyncDisposable
{
    public const string Password = "Console-Test-Pass-2026";
    public SqliteTestDatabase Database { get; private init; } = default!;
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; private set; } = default!;
    /// <summary>What this world registered: the app's wiring and the named fake (Foundation/TestHostWiringTests).</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];
    public Guid OrgA { get; } = Guid.NewGuid();
    public Guid OrgB { get; } = Guid.NewGuid();

    public static async Task<ConsoleWorld> CreateAsync()
    {
        var world = new ConsoleWorld { Database = await SqliteTestDatabase.CreateAsync() };
        // The app's own wiring on this file; only the clock is a fake.
        var services = TestHostWiring.Portal(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = world.Database.ConnectionString }, new CapturingLoggerProvider());
        services.Fake<TimeProvider>(world.Clock);
        world.Registrations = [.. services];
        world.Services = services.BuildServiceProvider();
        await using var db = world.Database.CreateDbContext();
        db.Organizations.AddRange(new Organization { Id = world.OrgA, Name = "Org A" }, new Organization { Id = world.OrgB, Name = "Org B" });
        await db.SaveChangesAsync();
        return world;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Creates a person through Identity (so the password and security stamp are real).</summary>
    public async Task<PortalUser> AddPersonAsync(string email, Guid? org, string? role = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], OrganizationId = org };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        if (role is not null) await users.AddClaimAsync(user, new Claim(ConsolePolicies.RoleClaim, role));
        return user;
    }

    /// <summary>The cast most console tests need: an admin of each organisation, a support agent, and an enrolled customer of organisation A.</summary>
    public async Task<ConsoleCast> AddCastAsync()
    {
        var cast = new ConsoleCast(
            await AddPersonAsync("admin@a.test", OrgA, "Admin"),
            await AddPersonAsync("admin@b.test", OrgB, "Admin"),
            await AddPersonAsync("support@corp.test", null, "Support"),
            await AddPersonAsync("pat@a.test", OrgA));
        await EnrolAsync(cast.Customer.Id);
        return cast;
    }

    /// <summary>Gives a person a verified phone, an app and recovery codes.</summary>
    public async Task EnrolAsync(string userId, PhoneState phone = PhoneState.Verified, bool app = true, int recoveryCodes = 10)
    {
        await using var db = Database.CreateDbContext();
        db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = userId, LastSecondFactorAt = Clock.GetUtcNow().AddHours(-1) });
        if (phone != PhoneState.None) db.Factors.Add(FactorRows.Phone(userId, "+14155550142", phone));
        if (app) db.Factors.Add(FactorRows.App(userId, "Authy", "protected-secret"));
        // Two wrong codes on the limiter's counter, which a reset or an unlock clears.
        db.AttemptCounters.Add(new AttemptCounter { Kind = CounterKinds.SecondFactor, Key = CounterKinds.Account(userId), Count = 2, WindowStart = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow() });
        for (var i = 0; i < recoveryCodes; i++)
            db.RecoveryCodes.Add(new RecoveryCode { Id = Guid.NewGuid(), UserId = userId, CodeHash = $"h{i}", CreatedAt = Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>A session of the person with fresh proof (as just after a full sign-in): sensitive console actions need one.</summary>
    public Task<string> SessionAsync(string userId) => FreshSessions.CreateAsync(Database, userId, Clock.GetUtcNow());

    public async Task<List<OutboxMessage>> EmailsToAsync(string to)
    {
        await using var db = Database.CreateDbContext();
        return await db.OutboxMessages.Where(m => m.To == to && m.Channel == "Email").OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<string> LastSetupTokenSentToAsync(string to)
    {
        var mail = (await EmailsToAsync(to)).Last(m => m.Text.Contains("/setup/"));
        return SetupToken().Match(mail.Text).Groups[1].Value;
    }

    public async Task<string> LastIdentityCodeSentToAsync(string to)
    {
        var mail = (await EmailsToAsync(to)).Last(m => m.Text.Contains("confirmation code"));
        return SixDigits().Match(mail.Text).Value;
    }

    [GeneratedRegex(@"/setup/([A-Za-z0-9_\-]{43})")]
    private static partial Regex SetupToken();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed record ConsoleCast(PortalUser Admin, PortalUser OtherAdmin, PortalUser Support, PortalUser Customer);
