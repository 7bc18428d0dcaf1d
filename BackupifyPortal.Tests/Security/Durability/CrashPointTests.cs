using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Security.Durability;

/// <summary>
/// A crash at each write of a 2FA change, made exact: a SQLite trigger aborts that write, so nothing after it
/// runs, as if the process died there. The person must then be wholly before or wholly after the change.
/// (A random SIGKILL only sometimes lands between two writes; these land there every time.)
/// </summary>
public class CrashPointTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PortalAppFactory app = null!;
    private DatabaseFile file = null!;

    public async Task InitializeAsync()
    {
        app = new PortalAppFactory();
        _ = app.Services; // starts the host: migrations, WAL, demo seed
        file = new DatabaseFile(app.DatabasePath);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string> AuthenticatorConfirmWrites => new()
    {
        "BEFORE UPDATE ON AspNetUsers",
        "BEFORE INSERT ON RecoveryCodes",
        "BEFORE INSERT ON AuditEvents WHEN NEW.Type = '2fa.authenticator.enabled'",
    };

    [Theory]
    [MemberData(nameof(AuthenticatorConfirmWrites))]
    public async Task AuthenticatorConfirm_CrashAtAnyWrite_PersonIsNotHalfEnrolledAndCanFinish(string crashPoint)
    {
        var userId = await file.UserIdAsync(DemoPeople.Direct);
        var enrollment = app.Services.GetRequiredService<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(userId, "Google Authenticator");
        var code = RfcTotp.CodeAt(setup.SetupKey.Replace(" ", ""), DateTimeOffset.UtcNow);
        var session = await FreshSessions.CreateAsync(app.Services, userId);

        await using (await CrashAtAsync(crashPoint))
            Assert.NotNull(await Record.ExceptionAsync(() => enrollment.ConfirmAsync(userId, session, code)));

        var state = await file.SecondFactorsAsync(userId);
        output.WriteLine($"crash {crashPoint}: {state}");
        Assert.True(state.AuthenticatorNotEnrolled, $"Half-enrolled after a crash {crashPoint}: {state}");

        // The setup is still open: the same code finishes it, and the app is fully on.
        var result = await enrollment.ConfirmAsync(userId, session, code);
        Assert.True(result.Check.Succeeded, result.Check.Outcome.ToString());
        state = await file.SecondFactorsAsync(userId);
        Assert.True(state.AuthenticatorFullyEnrolled, state.ToString());
    }

    public static TheoryData<string> PhoneSaveWrites => new()
    {
        "BEFORE UPDATE ON AspNetUsers",
        "BEFORE INSERT ON AuditEvents WHEN NEW.Type = '2fa.phone.pending'",
    };

    [Theory]
    [MemberData(nameof(PhoneSaveWrites))]
    public async Task PhoneEnable_CrashAtAnyWrite_NumberIsSavedWithItsAuditOrNotAtAll(string crashPoint)
    {
        var userId = await file.UserIdAsync(DemoPeople.Direct);
        var phones = app.Services.GetRequiredService<IPhoneEnrollment>();
        var request = new EnrollPhoneRequest(userId, "US", "2015550143", IsLandline: false, WantsAuthenticator: false,
            SessionId: await FreshSessions.CreateAsync(app.Services, userId));
        var stampBefore = (await file.SecondFactorsAsync(userId)).SecurityStamp;

        await using (await CrashAtAsync(crashPoint))
            Assert.NotNull(await Record.ExceptionAsync(() => phones.SavePendingAsync(request)));

        var state = await file.SecondFactorsAsync(userId);
        output.WriteLine($"crash {crashPoint}: {state}");
        Assert.Equal(PhoneState.None, state.Phone);
        Assert.True(state.PhoneConsistent, state.ToString());

        Assert.Null((await phones.SavePendingAsync(request)).Error);
        state = await file.SecondFactorsAsync(userId);
        Assert.True(state.Phone == PhoneState.Pending && state.PhoneConsistent, state.ToString());
        Assert.NotEqual(stampBefore, state.SecurityStamp); // other sessions end with the change
    }

    public static TheoryData<string> PhoneVerifyWrites => new()
    {
        "BEFORE UPDATE ON AspNetUsers",
        "BEFORE INSERT ON AuditEvents WHEN NEW.Type = '2fa.phone.verified'",
    };

    [Theory]
    [MemberData(nameof(PhoneVerifyWrites))]
    public async Task PhoneVerify_CrashAtAnyWrite_PhoneIsVerifiedWithTwoFactorOnOrStillPending(string crashPoint)
    {
        var userId = await file.UserIdAsync(DemoPeople.Direct);
        var phones = app.Services.GetRequiredService<IPhoneEnrollment>();
        Assert.Null((await phones.SavePendingAsync(new EnrollPhoneRequest(userId, "US", "2015550144", false, false, SessionId: await FreshSessions.CreateAsync(app.Services, userId)))).Error);

        await using (await CrashAtAsync(crashPoint))
            Assert.NotNull(await Record.ExceptionAsync(() => phones.MarkVerifiedAsync(userId)));

        var state = await file.SecondFactorsAsync(userId);
        output.WriteLine($"crash {crashPoint}: {state}");
        Assert.Equal(PhoneState.Pending, state.Phone);
        Assert.True(state.PhoneConsistent, state.ToString());

        Assert.True(await phones.MarkVerifiedAsync(userId));
        state = await file.SecondFactorsAsync(userId);
        Assert.True(state.Phone == PhoneState.Verified && state.PhoneConsistent, state.ToString());
    }

    /// <summary>Installs a trigger that aborts the given write; disposing removes it.</summary>
    private async Task<IAsyncDisposable> CrashAtAsync(string when)
    {
        await ExecuteAsync($"CREATE TRIGGER simulated_crash {when} BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
        return new Removal(() => ExecuteAsync("DROP TRIGGER IF EXISTS simulated_crash;"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Removal(Func<Task> remove) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await remove();
    }
}
