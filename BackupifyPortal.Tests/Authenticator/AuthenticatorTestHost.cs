using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>
/// The authenticator services over a real temporary SQLite file, with a fake clock.
/// Restart() builds a new container (new Data Protection provider) over the same file.
/// </summary>
public sealed class AuthenticatorTestHost : IAsyncDisposable
{
    public const string Password = "Correct-Horse-2026";
    /// <summary>A 30-second step boundary, so "+29 s" and "+30 s" mean what they say.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> settings;
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"bp-test-auth-{Guid.NewGuid():N}.db");
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=False";
    public FakeTimeProvider Clock { get; } = new(Start);
    /// <summary>Every log line written by the services, to prove no code or secret is ever logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; private set; }
    public string UserId { get; private set; } = "";
    public string Email { get; } = "person@demo.test";

    private AuthenticatorTestHost(Dictionary<string, string?>? settings)
    {
        this.settings = settings ?? [];
        Services = Build();
    }

    public static async Task<AuthenticatorTestHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = new AuthenticatorTestHost(settings);
        SqliteTestDatabase.CopyMigratedTemplate(host.DatabasePath);
        await using (var db = await host.Db.CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        host.UserId = await host.CreateUserAsync(host.Email);
        return host;
    }

    /// <summary>Gives a bUnit context the app's wiring on this host's file and clock (bUnit's own doubles stay over it).</summary>
    public void AddTo(IServiceCollection services) =>
        services.StartFromPortal(Settings, Logs).Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    private Dictionary<string, string?> Settings => new(settings) { ["ConnectionStrings:Portal"] = ConnectionString };

    // The app's own wiring on this file; only the clock is a fake.
    private ServiceProvider Build()
    {
        var services = TestHostWiring.Portal(Settings, Logs);
        services.Fake<TimeProvider>(Clock);
        Registrations = [.. services];
        return services.BuildServiceProvider();
    }

    /// <summary>What this host registered: the app's wiring and the named fake (Foundation/TestHostWiringTests).</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];

    public async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = Build();
    }

    public IDbContextFactory<PortalDbContext> Db => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    public IAuthenticatorEnrollment Enrollment => Services.GetRequiredService<IAuthenticatorEnrollment>();
    public IAuthenticatorCodes Codes => Services.GetRequiredService<IAuthenticatorCodes>();
    public IRecoveryCodes RecoveryCodes => Services.GetRequiredService<IRecoveryCodes>();
    public SecondFactorSignIn SignIn => Services.GetRequiredService<SecondFactorSignIn>();

    /// <summary>An open sign-in attempt for the person, as the password step leaves it, bound to <paramref name="bindingHash"/>.</summary>
    public async Task<SignInAttempt> StartAttemptAsync(string bindingHash = "browser-a")
    {
        var attempts = Services.GetRequiredService<ISignInAttempts>();
        var id = await attempts.StartAsync(UserId, bindingHash, null);
        return (await attempts.FindOpenAsync(id, bindingHash))!;
    }

    public async Task<SignInAttempt> LoadAttemptAsync(Guid id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.SignInAttempts.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    public async Task<List<string>> EmailsAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.OutboxMessages.Where(m => m.To == Email && m.Channel == "Email").OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
    }

    // One PBKDF2 hash of Password per test run (the default hasher ignores the user); every sign-in still verifies it for real.
    private static readonly Lazy<string> PasswordHash = new(() => new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), Password));

    public async Task<string> CreateUserAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Test Person", PasswordHash = PasswordHash.Value };
        var created = await users.CreateAsync(user);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return user.Id;
    }

    /// <summary>A session of the person with fresh proof (as just after a full sign-in): factor changes need one.</summary>
    public Task<string> SessionAsync(string? userId = null) => FreshSessions.CreateAsync(Db, userId ?? UserId, Clock.GetUtcNow());

    public async Task<PortalUser> LoadUserAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == UserId);
    }

    /// <summary>Sets up an app the way a person does it and returns its base32 key; the clock moves on to a fresh step.</summary>
    public async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrollAsync(string app = "Google Authenticator")
    {
        var setup = await Enrollment.BeginAsync(UserId, app);
        var result = await Enrollment.ConfirmAsync(UserId, await SessionAsync(), RfcTotp.CodeAt(setup.SetupKey, Clock.GetUtcNow()));
        Assert.True(result.Check.Succeeded, result.Check.Outcome.ToString());
        // Two steps on, so even the previous step's code is newer than the enrolment code.
        Clock.Advance(TimeSpan.FromSeconds(60));
        return (setup.SetupKey, result.RecoveryCodes);
    }

    public async Task<List<string>> AuditTypesAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.AuditEvents.Where(a => a.UserId == UserId).OrderBy(a => a.Id).Select(a => a.Type).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
    }
}
