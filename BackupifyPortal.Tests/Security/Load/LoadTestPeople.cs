using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace BackupifyPortal.Tests.Security.Load;

/// <summary>A person made through the app's own services, optionally with an authenticator app whose codes the test computes.</summary>
public sealed record LoadTestPerson(string UserId, string Email, string Password, Totp? Authenticator, long EnrolledStep)
{
    public static long StepNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    /// <summary>
    /// A code for a step after the enrolment's (the confirmation already used that step: replay protection). While the clock
    /// is still in the enrolment's step, the next step's code (inside the ±1 step window) is used instead of waiting up to 30 s.
    /// </summary>
    public Task<string> NextCodeAsync()
    {
        var step = Math.Max(StepNow(), EnrolledStep + 1);
        return Task.FromResult(Authenticator!.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime));
    }

    public static async Task<LoadTestPerson> CreateAsync(IServiceProvider services, string email, string password, bool withAuthenticator, string? passwordHash = null)
    {
        string userId;
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], EmailConfirmed = true };
            // A precomputed hash saves one PBKDF2 per person when many are made.
            user.PasswordHash = passwordHash;
            var created = passwordHash is null ? await users.CreateAsync(user, password) : await users.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            userId = user.Id;
        }
        if (!withAuthenticator) return new LoadTestPerson(userId, email, password, null, 0);
        var enrollment = services.GetRequiredService<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(userId, "Authy");
        var totp = new Totp(Base32Encoding.ToBytes(setup.SetupKey.Replace(" ", "")));
        var step = StepNow();
        var confirmed = await enrollment.ConfirmAsync(userId, await Infrastructure.FreshSessions.CreateAsync(services, userId), totp.ComputeTotp(DateTime.UtcNow));
        return new LoadTestPerson(userId, email, password, totp, step + 1 < StepNow() ? StepNow() : Math.Max(step, StepNow()));
    }
}
