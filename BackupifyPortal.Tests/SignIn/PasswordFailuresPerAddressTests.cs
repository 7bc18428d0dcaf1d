using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
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
        var options = Options.Create(new SignInOptions { AddressFailureLimit = 20, AddressFailureWindow = TimeSpan.FromMinutes(15) });
        var audit = new AuditLog(db, clock, NullLogger<AuditLog>.Instance);
        var limit = new PasswordFailuresPerAddress(db, clock, options);

        for (var i = 0; i < 20; i++) await audit.WriteAsync(AuditEventTypes.SignInPasswordFailed, $"user-{i}", ipAddress: "198.51.100.7");

        Assert.True(await limit.IsBlockedAsync("198.51.100.7"));
        Assert.False(await limit.IsBlockedAsync("198.51.100.8"));
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False(await limit.IsBlockedAsync("198.51.100.7"));
    }
}
