using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>Issue 18 item 8: the audit log's filter takes the plain words its table shows, and still the start of a type code.</summary>
public sealed class AuditFilterWordsTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser support = default!, customer = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        (_, _, support, customer) = await world.AddCastAsync();
        var audit = world.Get<IAuditLog>();
        await audit.WriteAsync(AuditEventTypes.SignInSucceeded, customer.Id);
        await audit.WriteAsync(AuditEventTypes.PhoneVerified, customer.Id);
        await audit.WriteAsync(AuditEventTypes.AuthenticatorEnabled, customer.Id);
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    private async Task<List<string>> TypesAsync(string filter) =>
        (await world.Get<AuditQuery>().SearchAsync(support.Id, new AuditFilter(Type: filter, Person: customer.Email)))!.Rows.Select(r => r.Type).Order().ToList();

    [Fact]
    public async Task PlainWords_FindTheEventsTheTableShowsWithThem_InAnyCase()
    {
        Assert.Equal([AuditEventTypes.PhoneVerified], await TypesAsync("phone number VERIFIED"));
        Assert.Equal([AuditEventTypes.SignInSucceeded], await TypesAsync("Signed in"));
        Assert.Equal([AuditEventTypes.AuthenticatorEnabled], await TypesAsync("authenticator app"));
    }

    [Fact]
    public async Task TheStartOfATypeCode_StillWorks_AndWordsThatMatchNothing_FindNothing()
    {
        Assert.Equal(new[] { AuditEventTypes.AuthenticatorEnabled, AuditEventTypes.PhoneVerified }.Order(), await TypesAsync("2fa."));
        Assert.Empty(await TypesAsync("teleported"));
    }
}
