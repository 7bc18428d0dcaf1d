using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Security;

/// <summary>Passwords are checked whole and exactly as typed (NIST 800-63B §3.1.1.2; ASVS 6.2.8, 6.2.9).</summary>
public class PasswordVerificationTests(DemoPortalApp app) : IClassFixture<DemoPortalApp>
{
    private static readonly BrowserSnapshot Browser = new("binding", "192.0.2.44", null);

    [Fact]
    public async Task A100CharacterPassphrase_SignsIn_AndTheSameWithoutItsLastCharacterDoesNot()
    {
        var passphrase = string.Concat(Enumerable.Repeat("correct horse battery staple ", 4)) + "and more words!";
        Assert.True(passphrase.Length >= 100);
        var email = await PersonAsync(passphrase);

        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, passphrase)).Outcome);
        Assert.Equal(PasswordOutcome.Failed, (await CheckAsync(email, passphrase[..^1])).Outcome);
    }

    [Fact]
    public async Task APasswordIsNeverTrimmedOrCaseFolded()
    {
        var email = await PersonAsync("  Spaced Out Passphrase  ");

        Assert.Equal(PasswordOutcome.Failed, (await CheckAsync(email, "Spaced Out Passphrase")).Outcome);
        Assert.Equal(PasswordOutcome.Failed, (await CheckAsync(email, "  spaced out passphrase  ")).Outcome);
        Assert.Equal(PasswordOutcome.SignedIn, (await CheckAsync(email, "  Spaced Out Passphrase  ")).Outcome);
    }

    [Fact]
    public async Task StoredPasswords_ArePbkdf2HashesWithASalt_NeverThePassword()
    {
        var password = "Unique-Stored-Passphrase-" + Guid.NewGuid().ToString("N")[..6];
        var email = await PersonAsync(password);
        await using var scope = app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
        var stored = Convert.FromBase64String(user.PasswordHash!);

        Assert.Equal(0x01, stored[0]); // Identity v3 format: PBKDF2 with HMAC-SHA512, per-password random salt
        Assert.DoesNotContain(password, user.PasswordHash);
        Assert.NotEqual(user.PasswordHash, (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(await PersonAsync(password)))!.PasswordHash);
    }

    private async Task<PasswordCheckResult> CheckAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, Browser, null);
    }

    private async Task<string> PersonAsync(string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"verify.{Guid.NewGuid():N}@demo.test";
        var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, DisplayName = "Vera", TimeZoneId = "UTC" }, password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        return email;
    }
}
