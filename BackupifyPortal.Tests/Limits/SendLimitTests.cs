using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Tests.Consoles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Limits;

/// <summary>
/// Issue 14: setup links (admin, support, "Email me a setup link") and identity-check codes are throttled on the limiter,
/// per recipient and per requesting address; a refused send sends and creates nothing, says how long to wait, and is audited.
/// </summary>
public class SendLimitTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private ConsoleCast cast = default!;
    private SetupLinks Links => world.Get<SetupLinks>();

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        cast = await world.AddCastAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task SetupLinks_FourthToOnePersonWithinTheHour_IsRefusedWithTheWait_NothingSent_AndAudited_WhoeverAsks()
    {
        TestClient.Enter("10.0.0.5");
        for (var i = 0; i < 3; i++)
            Assert.True((await Links.SendAsync(cast.Admin.Id, await world.SessionAsync(cast.Admin.Id), cast.Customer.Id)).Sent);

        TestClient.Enter("10.0.0.6");
        var refused = await Links.SendAsync(cast.Support.Id, await world.SessionAsync(cast.Support.Id), cast.Customer.Id);

        Assert.Equal(SendStatus.Throttled, refused.Status);
        Assert.Equal("Too many setup links were sent. You can send another in 1 h.", refused.Message);
        Assert.Equal(3, (await world.EmailsToAsync(cast.Customer.Email!)).Count);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(3, await db.SetupLinks.CountAsync(l => l.UserId == cast.Customer.Id));
            var audit = await db.AuditEvents.SingleAsync(e => e.Type == AuditEventTypes.SetupLinkThrottled);
            Assert.Equal((cast.Customer.Id, cast.Support.Id, "10.0.0.6"), (audit.UserId, audit.ActorUserId, audit.IpAddress));
        }
        Assert.False(await world.Get<PasswordAttempts>().IsHeldAsync(cast.Customer.Id)); // a send limit is no lock on the person

        world.Clock.Advance(TimeSpan.FromHours(1));
        TestClient.Enter("10.0.0.5");
        Assert.True((await Links.SendAsync(cast.Admin.Id, await world.SessionAsync(cast.Admin.Id), cast.Customer.Id)).Sent);
    }

    [Fact]
    public async Task SetupLinks_FromOneAddressOverItsCap_AreRefusedForEveryone_WhileAnotherAddressStillSends()
    {
        world.Get<IOptions<SendLimitOptions>>().Value.SetupLinkPerAddress.Max = 2;
        var people = new List<PortalUser>();
        for (var i = 0; i < 3; i++) people.Add(await world.AddPersonAsync($"p{i}@a.test", world.OrgA));
        var session = await world.SessionAsync(cast.Admin.Id);

        TestClient.Enter("10.0.0.5");
        Assert.True((await Links.SendAsync(cast.Admin.Id, session, people[0].Id)).Sent);
        Assert.True((await Links.SendAsync(cast.Admin.Id, session, people[1].Id)).Sent);
        var refused = await Links.SendAsync(cast.Admin.Id, session, people[2].Id);

        Assert.Equal(SendStatus.Throttled, refused.Status);
        Assert.Empty(await world.EmailsToAsync(people[2].Email!));
        TestClient.Enter("10.0.0.7");
        Assert.True((await Links.SendAsync(cast.Admin.Id, session, people[2].Id)).Sent);
    }

    [Fact]
    public async Task EmailMeASetupLink_FourthWithinTheHour_IsRefusedWithTheWait_NothingSent_AndAudited()
    {
        var person = cast.Customer;
        TestClient.Enter("203.0.113.4");
        for (var i = 0; i < 3; i++) Assert.True((await Links.SendToSelfAsync(person.Id)).Sent);
        world.Clock.Advance(TimeSpan.FromMinutes(10));

        var refused = await Links.SendToSelfAsync(person.Id);

        Assert.Equal(SendStatus.Throttled, refused.Status);
        Assert.Equal("Too many setup links were sent. You can send another in 50 min.", refused.Message);
        Assert.Equal(3, (await world.EmailsToAsync(person.Email!)).Count);
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.SetupLinkThrottled && e.UserId == person.Id));
    }

    [Fact]
    public async Task IdentityCheckCodes_FourthToOneCustomerWithinHalfAnHour_IsRefusedWithTheWait_NoCodeMadeOrSent_AndAudited()
    {
        var codes = world.Get<IdentityCheckCodes>();
        TestClient.Enter("10.0.0.6");
        for (var i = 0; i < 3; i++) Assert.True((await codes.RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id)).Sent);
        var stillValid = await world.LastIdentityCodeSentToAsync(cast.Customer.Email!);

        var refused = await codes.RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id);

        Assert.Equal(SendStatus.Throttled, refused.Status);
        Assert.Equal("Too many confirmation codes were sent. You can send another in 30 min.", refused.Message);
        Assert.Equal(3, (await world.EmailsToAsync(cast.Customer.Email!)).Count);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(3, await db.OneTimeCodes.CountAsync(c => c.UserId == cast.Customer.Id && c.BindingId == IdentityCheckCodes.BindingId));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == AuditEventTypes.IdentityCheckThrottled));
        }
        Assert.True(await codes.VerifyAsync(cast.Customer.Id, stillValid, cast.Support.Id)); // the refusal voided nothing
    }

    [Fact]
    public async Task SupportReset_FromAStaleSession_IsRefusedEvenWithTheRightCode_AndTheCodeStaysUnused()
    {
        await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id);
        var code = await world.LastIdentityCodeSentToAsync(cast.Customer.Email!);
        var stale = await Infrastructure.FreshSessions.CreateAsync(world.Database, cast.Support.Id, world.Clock.GetUtcNow(), TimeSpan.FromMinutes(16));

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(cast.Support.Id, stale, new ResetRequest(cast.Customer.Id, "Lost phone", code));

        Assert.Equal(ResetOutcome.NeedsFreshProof, outcome);
        await using var db = world.Database.CreateDbContext();
        Assert.Equal(PhoneState.Verified, (await FactorRows.OfAsync(db, cast.Customer.Id)).PhoneState);
        Assert.False(await db.OneTimeCodes.AnyAsync(c => c.UserId == cast.Customer.Id && c.ConsumedAt != null));
    }

    [Fact]
    public async Task SupportReset_TenWrongCodesOverSeveralCodes_RefusesEvenANewRightCodeForADay_FactorsStay()
    {
        var codes = world.Get<IdentityCheckCodes>();
        var wrongTries = 0;
        while (wrongTries < 10)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(31)); // past the send limit: a new code each round
            Assert.True((await codes.RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id)).Sent);
            var wrong = await world.LastIdentityCodeSentToAsync(cast.Customer.Email!) == "000000" ? "111111" : "000000";
            for (var i = 0; i < 3 && wrongTries < 10; i++, wrongTries++) Assert.False(await codes.VerifyAsync(cast.Customer.Id, wrong, cast.Support.Id));
        }
        world.Clock.Advance(TimeSpan.FromMinutes(31));
        await codes.RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id);
        var right = await world.LastIdentityCodeSentToAsync(cast.Customer.Email!);

        var outcome = await world.Get<TwoFactorReset>().ResetAsync(cast.Support.Id, await world.SessionAsync(cast.Support.Id), new ResetRequest(cast.Customer.Id, "Lost phone", right));

        Assert.Equal(ResetOutcome.IdentityCheckLimited, outcome);
        await using (var db = world.Database.CreateDbContext())
        {
            Assert.Equal(PhoneState.Verified, (await FactorRows.OfAsync(db, cast.Customer.Id)).PhoneState);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.IdentityCheckLimited));
        }
        world.Clock.Advance(TimeSpan.FromHours(24));
        await codes.RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id);
        Assert.True(await codes.VerifyAsync(cast.Customer.Id, await world.LastIdentityCodeSentToAsync(cast.Customer.Email!), cast.Support.Id));
    }
}
