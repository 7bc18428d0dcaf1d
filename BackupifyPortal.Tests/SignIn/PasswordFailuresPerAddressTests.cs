using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.SignIn;

public class PasswordFailuresPerAddressTests
{
    [Fact]
    public async Task AddressLimit_ManyFailuresOverManyAccounts_BlocksThatAddressOnlyUntilTheWindowPasses()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new PasswordLimitOptions { AddressFailureLimit = 20, AddressWindow = TimeSpan.FromMinutes(15) });
        var limits = new PasswordAttempts(new AttemptLimiter(db, clock), new CodeHasher(Options.Create(new PhoneOptions())),
            new SecurityNotices(new OutboxEmailSender(db, clock)), options, clock);
        var sprayed = Enumerable.Range(0, 20).Select(i => limits.ForPerson($"user-{i}", null, false)).ToList();

        foreach (var subject in sprayed) await limits.FailedAsync(subject, "198.51.100.7", await limits.BeginAsync(subject, "198.51.100.7"));

        // An account the address has been failing on: refused without looking at the password.
        Assert.False((await limits.BeginAsync(sprayed[0], "198.51.100.7")).MayCheck);
        // An account it has not: the password is checked (a right one gets in), a wrong one is answered with the wait.
        var bystander = await limits.BeginAsync(limits.ForPerson("bystander", null, false), "198.51.100.7");
        Assert.True(bystander.MayCheck);
        Assert.Equal(TimeSpan.FromMinutes(15), bystander.Wait);
        Assert.Equal(TimeSpan.Zero, (await limits.BeginAsync(sprayed[1], "198.51.100.8")).Wait);
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True((await limits.BeginAsync(sprayed[0], "198.51.100.7")).MayCheck);
    }
}
