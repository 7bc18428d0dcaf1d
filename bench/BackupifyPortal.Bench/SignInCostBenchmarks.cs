using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace BackupifyPortal.Bench;

/// <summary>What one sign-in step costs on the server, with the portal's real services and a real SQLite file.</summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(8)]
public class SignInCostBenchmarks
{
    private PortalServices portal = default!;
    private PasswordHasher<PortalUser> hasher = default!;
    private string passwordHash = "";
    private string userId = "";
    private Totp totp = default!;
    private IAuthenticatorCodes codes = default!;
    private IPhoneCodeService phoneCodes = default!;
    private IRecoveryCodes recovery = default!;
    private SecondFactorCodePool pool = default!;
    private const string OtpAuthUri = "otpauth://totp/Backupify:bench%40demo.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Backupify&algorithm=SHA1&digits=6&period=30";

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        portal = await PortalServices.StartAsync();
        hasher = new PasswordHasher<PortalUser>();
        passwordHash = hasher.HashPassword(new PortalUser(), "Demo-Pass-2026");

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = "bench@demo.test", Email = "bench@demo.test", DisplayName = "Bench" };
        await users.CreateAsync(user, "Demo-Pass-2026");
        userId = user.Id;
        var enrollment = portal.Get<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(userId, "Authy");
        totp = new Totp(Base32Encoding.ToBytes(setup.SetupKey));
        await enrollment.ConfirmAsync(userId, await BenchSessions.FreshAsync(portal.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>(), userId, portal.Clock.GetUtcNow()), totp.ComputeTotp(portal.Clock.GetUtcNow().UtcDateTime));
        codes = portal.Get<IAuthenticatorCodes>();
        phoneCodes = portal.Get<IPhoneCodeService>();
        recovery = portal.Get<IRecoveryCodes>();
        // Enough single-use codes for a whole run of one benchmark (pilot, warm-up and 8 iterations of ~0.5 s).
        pool = new SecondFactorCodePool(portal, batchSize: 8000);
        await using var db = await portal.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Factors.Add(new UserFactor { Id = Guid.NewGuid(), UserId = userId, Kind = FactorKind.Phone, Name = "Phone", CreatedAt = portal.Clock.GetUtcNow(),
            PhoneE164 = "+16175550123", PhoneState = PhoneState.Verified, VerifiedAt = portal.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        await pool.AddSmsCodesAsync(userId);
        await pool.AddRecoveryCodesAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (pool.Refills > 0) Console.WriteLine($"// code pool refilled {pool.Refills} time(s) during measurement");
        await portal.DisposeAsync();
    }

    /// <summary>Identity's PBKDF2 (HMAC-SHA512, 100,000 iterations): the hard bound of every sign-in.</summary>
    [Benchmark(Baseline = true)]
    public PasswordVerificationResult PasswordVerify() => hasher.VerifyHashedPassword(new PortalUser(), passwordHash, "Demo-Pass-2026");

    /// <summary>An authenticator code checked with the replay rule: lockout read, secret unprotected, atomic step claim in SQLite.</summary>
    [Benchmark]
    public async Task<bool> TotpVerifyWithReplayCheck()
    {
        portal.Clock.Advance(TimeSpan.FromSeconds(30)); // each sign-in needs a newer step than the last accepted one
        var result = await codes.VerifyAsync(userId, totp.ComputeTotp(portal.Clock.GetUtcNow().UtcDateTime));
        if (!result.Succeeded) throw new InvalidOperationException($"benchmark code refused: {result.Outcome}");
        return result.Succeeded;
    }

    /// <summary>The Choose Your Authenticator QR code as inline SVG.</summary>
    [Benchmark]
    public string QrSvgRender() => QrCodeSvg.Render(OtpAuthUri);

    /// <summary>An SMS sign-in code: lockout read, newest live code for the attempt, HMAC check, single-use UPDATE, success reset.</summary>
    [Benchmark]
    public async Task<VerifyCodeStatus> SmsCodeVerify()
    {
        var binding = await pool.NextSmsAsync(userId);
        var result = await phoneCodes.VerifyAsync(binding, SecondFactorCodePool.SmsCode);
        if (result.Status != VerifyCodeStatus.Verified) throw new InvalidOperationException($"benchmark code refused: {result.Status}");
        return result.Status;
    }

    /// <summary>A recovery code: lockout read, the person's unused hashes, constant-time match, single-use UPDATE, audit row.</summary>
    [Benchmark]
    public async Task<int> RecoveryCodeVerify()
    {
        var (person, code) = await pool.NextRecoveryAsync();
        var result = await recovery.RedeemAsync(person, code);
        if (!result.Succeeded) throw new InvalidOperationException($"benchmark code refused: {result.Outcome}");
        return result.CodesLeft;
    }
}
