using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Phone;

/// <summary>The phone feature on a real temporary SQLite file, a fake clock and (by default) a recording sender.</summary>
public sealed class PhoneTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 50, 0, TimeSpan.Zero);
    public const string Ip = "203.0.113.7";

    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = new(Start);
    public RecordingCodeSender Sender { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; }

    private PhoneTestHost(Dictionary<string, string?> settings, bool realSender, string? postgres)
    {
        // The app's own wiring on this file (or database); only the clock and (by default) the text sender are fakes.
        var all = new Dictionary<string, string?>(settings) { ["ConnectionStrings:Portal"] = postgres ?? $"Data Source={dbPath};Pooling=False" };
        if (postgres is not null) all[PortalDatabase.ProviderKey] = "Postgres";
        (this.settings, this.realSender) = (all, realSender);
        var services = TestHostWiring.Portal(all, Logs);
        services.Fake<TimeProvider>(Clock);
        if (!realSender) services.Fake<ICodeSender>(Sender);
        Registrations = [.. services];
        Services = services.BuildServiceProvider();
    }

    private readonly Dictionary<string, string?> settings;
    private readonly bool realSender;

    /// <summary>Gives a bUnit context the app's wiring on this host's database, clock and sender (bUnit's own doubles stay over it).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.StartFromPortal(settings, Logs).Fake<TimeProvider>(Clock);
        if (!realSender) services.Fake<ICodeSender>(Sender);
    }

    /// <summary>What this host registered: the app's wiring and the named fakes (Foundation/TestHostWiringTests).</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations { get; }

    /// <param name="postgres">An empty PostgreSQL database (its connection string) instead of the SQLite file.</param>
    public static async Task<PhoneTestHost> StartAsync(Dictionary<string, string?>? settings = null, bool realSender = false, string? postgres = null)
    {
        var host = new PhoneTestHost(settings ?? [], realSender, postgres);
        if (postgres is null)
        {
            BackupifyPortal.Tests.Infrastructure.SqliteTestDatabase.CopyMigratedTemplate(host.dbPath);
            return host;
        }
        await using var db = await host.DbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public IDbContextFactory<PortalDbContext> DbFactory => Get<IDbContextFactory<PortalDbContext>>();
    public IPhoneCodeService Codes => Get<IPhoneCodeService>();

    /// <summary>A person, optionally with a phone already saved in the given state.</summary>
    public async Task<string> AddPersonAsync(string? phoneE164 = "+447400123456", PhoneState state = PhoneState.Verified,
        DeliveryChannel channel = DeliveryChannel.Sms, string locale = "en-GB")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"p{Guid.NewGuid():N}@demo.test";
        var user = new PortalUser { UserName = email, Email = email, Locale = locale };
        var created = await users.CreateAsync(user, "Demo-Pass-2026");
        Assert.True(created.Succeeded);
        if (phoneE164 is not null)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            db.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = user.Id });
            db.Factors.Add(FactorRows.Phone(user.Id, phoneE164, state, channel));
            await db.SaveChangesAsync();
        }
        return user.Id;
    }

    /// <summary>A session of the person with fresh proof (as just after a full sign-in): factor changes need one.</summary>
    public Task<string> SessionAsync(string userId) => FreshSessions.CreateAsync(DbFactory, userId, Clock.GetUtcNow());

    /// <summary>The main phone's row; a blank one (no phone) once the person has 2FA settings; null when nothing was ever saved.</summary>
    public async Task<UserFactor?> ProfileAsync(string userId)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var phone = await db.Factors.AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId && f.Kind == FactorKind.Phone && !f.IsBackup);
        if (phone is not null) return phone;
        return await db.TwoFactorProfiles.AnyAsync(p => p.UserId == userId) ? new UserFactor { UserId = userId } : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }
}
