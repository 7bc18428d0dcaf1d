using System.Buffers.Binary;
using BackupifyPortal.Data;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
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

        // Identity v3 layout: 0x01 | PRF (uint32 BE) | iterations (uint32 BE) | salt length (uint32 BE) | salt | subkey.
        Assert.Equal(0x01, stored[0]);
        Assert.Equal((uint)KeyDerivationPrf.HMACSHA512, BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(1)));
        var iterations = (int)BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(5));
        Assert.True(iterations >= 100_000, $"PBKDF2 with {iterations} iterations; at least 100,000 (Identity's default) keeps offline guessing costly");
        var saltLength = (int)BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(9));
        Assert.True(saltLength >= 16, $"a {saltLength}-byte salt; at least 128 bits");
        var salt = stored.AsSpan(13, saltLength).ToArray();
        var subkey = stored.AsSpan(13 + saltLength).ToArray();
        Assert.Equal(32, subkey.Length);
        // The subkey is PBKDF2 of exactly this password with that salt and count: the format is not just labelled v3.
        Assert.Equal(subkey, KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, iterations, 32));
        Assert.NotEqual(subkey, KeyDerivation.Pbkdf2(password + "x", salt, KeyDerivationPrf.HMACSHA512, iterations, 32));
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
