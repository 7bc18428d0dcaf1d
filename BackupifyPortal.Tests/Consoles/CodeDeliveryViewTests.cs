using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Features.Support;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 5: the emailed identity-check code is one of the deliveries support sees, and no phone cap counts it.</summary>
public class CodeDeliveryViewTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private ConsoleCast cast = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        cast = await world.AddCastAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task IdentityCheckCodeEmail_ShowsOnTheCardAsDeliveredByTheOutbox_AndCountsTowardNoPhoneCapOrCooldown()
    {
        Assert.True((await world.Get<IdentityCheckCodes>().RequestForCustomerAsync(cast.Support.Id, cast.Customer.Id)).Sent);

        var card = await world.Get<SupportDirectory>().FindAsync(cast.Support.Id, cast.Customer.Email!);

        var shown = Assert.Single(card!.Deliveries);
        Assert.Equal(("Email", "Delivered", false), (shown.Channel, shown.Status, shown.Problem));
        await using var db = world.Database.CreateDbContext();
        var limiter = new SendLimiter(Options.Create(new PhoneOptions { MaxSendsPerPersonPerWindow = 1, MaxSendsTotalPerWindow = 1 }));
        var (block, _) = await limiter.CheckAsync(db, cast.Customer.Id, "phone-hash", null, world.Clock.GetUtcNow(), default);
        Assert.Equal(SendBlock.None, block);
    }
}
