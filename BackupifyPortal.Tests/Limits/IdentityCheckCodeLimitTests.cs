using System.Security.Cryptography;
using System.Text;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Tests.Consoles;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Limits;

/// <summary>Issue 14: a support reset's identity-check code is stored as a salted keyed hash and its tries count on the limiter.</summary>
public class IdentityCheckCodeLimitTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser support = default!, customer = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        support = await world.AddPersonAsync("support@corp.test", null, "Support");
        customer = await world.AddPersonAsync("pat@a.test", world.OrgA);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task IdentityCode_IsStoredAsASaltedKeyedHash_NotAnUnsaltedSha256()
    {
        Assert.True((await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(support.Id, customer.Id)).Sent);
        var code = await world.LastIdentityCodeSentToAsync(customer.Email!);

        await using var db = world.Database.CreateDbContext();
        var stored = await db.OneTimeCodes.Where(c => c.UserId == customer.Id && c.BindingId == IdentityCheckCodes.BindingId).Select(c => c.CodeHash).SingleAsync();
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{customer.Id}:{IdentityCheckCodes.BindingId}:{code}"))), stored);
        Assert.StartsWith("v1.", stored);
        Assert.DoesNotContain(code, stored);
    }

    [Fact]
    public async Task IdentityCode_TenParallelWrongTries_AreCountedOnTheLimiter_AtMostThreeCompared_AndTheCodeIsVoided()
    {
        var codes = world.Get<IdentityCheckCodes>();
        await codes.RequestForCustomerAsync(support.Id, customer.Id);
        var code = await world.LastIdentityCodeSentToAsync(customer.Email!);
        var wrong = code == "000000" ? "111111" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => codes.VerifyAsync(customer.Id, wrong, support.Id))));

        Assert.All(answers, Assert.False);
        Assert.False(await codes.VerifyAsync(customer.Id, code, support.Id));
        await using var db = world.Database.CreateDbContext();
        var counter = await db.AttemptCounters.SingleAsync(c => c.Kind == CounterKinds.IdentityCheckCode);
        Assert.Equal(3, counter.Count);
        Assert.True(await db.OneTimeCodes.AnyAsync(c => c.UserId == customer.Id && c.VoidedAt != null));
    }
}
