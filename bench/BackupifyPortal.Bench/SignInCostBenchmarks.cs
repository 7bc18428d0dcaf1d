using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
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
        await enrollment.ConfirmAsync(userId, totp.ComputeTotp(portal.Clock.GetUtcNow().UtcDateTime), null);
        codes = portal.Get<IAuthenticatorCodes>();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await portal.DisposeAsync();

    /// <summary>Identity's PBKDF2 (HMAC-SHA512, 100,000 iterations): the hard bound of every sign-in.</summary>
    [Benchmark(Baseline = true)]
    public PasswordVerificationResult PasswordVerify() => hasher.VerifyHashedPassword(new PortalUser(), passwordHash, "Demo-Pass-2026");

    /// <summary>An authenticator code checked with the replay rule: lockout read, secret unprotected, atomic step claim in SQLite.</summary>
    [Benchmark]
    public async Task<bool> TotpVerifyWithReplayCheck()
    {
        portal.Clock.Advance(TimeSpan.FromSeconds(30)); // each sign-in needs a newer step than the last accepted one
        var result = await codes.VerifyAsync(userId, totp.ComputeTotp(portal.Clock.GetUtcNow().UtcDateTime), null);
        if (!result.Succeeded) throw new InvalidOperationException($"benchmark code refused: {result.Outcome}");
        return result.Succeeded;
    }

    /// <summary>The Choose Your Authenticator QR code as inline SVG.</summary>
    [Benchmark]
    public string QrSvgRender() => QrCodeSvg.Render(OtpAuthUri);
}
