using BackupifyPortal.Tests.Infrastructure;
using System.Text.Json;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using MudBlazor.Services;
using BackupifyPortal.Features.Support;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>The organisation checks of every console service, tried as customer, admin of another organisation, admin and support.</summary>
public class ConsoleServiceAuthorizationTests : IAsyncLifetime
{
    private ConsoleWorld world = default!;
    private PortalUser admin = default!, otherAdmin = default!, support = default!, customer = default!, outsider = default!;

    public async Task InitializeAsync()
    {
        world = await ConsoleWorld.CreateAsync();
        (admin, otherAdmin, support, customer) = await world.AddCastAsync();
        outsider = await world.AddPersonAsync("olga@b.test", world.OrgB);
        var audit = world.Get<IAuditLog>();
        await audit.WriteAsync("signin", customer.Id, ipAddress: "10.0.0.1");
        await audit.WriteAsync("signin", outsider.Id, ipAddress: "10.0.0.2");
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task EnrollmentDirectory_EachRole_SeesOnlyTheirOrganisation()
    {
        var directory = world.Get<EnrollmentDirectory>();

        var mine = await directory.ListAsync(admin.Id, new EnrollmentQuery());
        var theirs = await directory.ListAsync(otherAdmin.Id, new EnrollmentQuery());

        Assert.Equal(["admin@a.test", "pat@a.test"], mine.Rows.Select(r => r.Email));
        Assert.Equal(["admin@b.test", "olga@b.test"], theirs.Rows.Select(r => r.Email));
        Assert.Empty((await directory.ListAsync(customer.Id, new EnrollmentQuery())).Rows);
        Assert.Empty((await directory.ListAsync(support.Id, new EnrollmentQuery())).Rows);
    }

    [Fact]
    public async Task EnrollmentDirectory_Summary_CountsEnrolledPeople()
    {
        Assert.Equal("1 of 2 enrolled", (await world.Get<EnrollmentDirectory>().SummaryAsync(admin.Id)).Text);
    }

    [Fact]
    public async Task SetupLinks_AdminOfAnotherOrganisationOrCustomer_CannotSend()
    {
        var links = world.Get<SetupLinks>();
        Assert.False((await links.SendAsync(otherAdmin.Id, await world.SessionAsync(otherAdmin.Id), customer.Id)).Sent);
        Assert.False((await links.SendAsync(outsider.Id, await world.SessionAsync(outsider.Id), customer.Id)).Sent);
        Assert.True((await links.SendAsync(admin.Id, await world.SessionAsync(admin.Id), customer.Id)).Sent);
        Assert.True((await links.SendAsync(support.Id, await world.SessionAsync(support.Id), customer.Id)).Sent);
    }

    [Fact]
    public async Task Policy_OnlyAnAdminChangesTheirOwnOrganisation_AndTheChangeIsAudited()
    {
        var policies = world.Get<OrganizationTwoFactorPolicy>();
        Assert.Null(await policies.SetAsync(support.Id, await world.SessionAsync(support.Id), true, 7));
        Assert.Null(await policies.SetAsync(customer.Id, await world.SessionAsync(customer.Id), true, 7));

        // An admin of an organisation that requires 2FA uses the console only with a second factor of their own.
        await world.EnrolAsync(admin.Id);
        var set = await policies.SetAsync(admin.Id, await world.SessionAsync(admin.Id), true, 7);

        Assert.True(set!.Required);
        Assert.Equal(world.Clock.GetUtcNow().AddDays(7), set.GraceEndsAt);
        Assert.False((await policies.GetAsync(otherAdmin.Id))!.Required);
        var page = await world.Get<AuditQuery>().SearchAsync(admin.Id, new AuditFilter(Type: "2fa.policy"));
        Assert.Contains("not required -> required, grace 7 days", Assert.Single(page!.Rows).Detail);
    }

    [Fact]
    public async Task AuditQuery_AdminSeesOwnOrganisation_SupportSeesAll_CustomerNothing()
    {
        var query = world.Get<AuditQuery>();

        var adminRows = (await query.SearchAsync(admin.Id, new AuditFilter()))!.Rows;
        var supportRows = (await query.SearchAsync(support.Id, new AuditFilter()))!.Rows;

        Assert.All(adminRows, r => Assert.Equal("pat@a.test", r.SubjectEmail));
        Assert.Contains(supportRows, r => r.SubjectEmail == "olga@b.test");
        Assert.Null(await query.SearchAsync(customer.Id, new AuditFilter()));
        Assert.DoesNotContain((await query.SearchAsync(otherAdmin.Id, new AuditFilter()))!.Rows, r => r.SubjectEmail == "pat@a.test");
    }

    [Fact]
    public async Task SupportDirectory_OnlySupport_AndNeverTheFullNumberOrSecret()
    {
        var directory = world.Get<SupportDirectory>();
        await world.Get<IAuditLog>().WriteAsync(AuditEventTypes.CodeSent, customer.Id, "sms to +14155550142 failed: 30003");

        Assert.Null(await directory.FindAsync(admin.Id, "pat@a.test"));
        Assert.Null(await directory.FindAsync(customer.Id, "pat@a.test"));
        var view = await directory.FindAsync(support.Id, "PAT@a.test");

        Assert.NotNull(view);
        Assert.Equal(EnrollmentState.Both, view.State);
        var json = JsonSerializer.Serialize(view);
        Assert.DoesNotContain("4155550142", json);
        Assert.DoesNotContain("protected-secret", json);
        Assert.Contains("42", view.MaskedPhone);
        Assert.Contains(view.RecentEvents, e => e.Detail!.Contains("30003"));
    }

    [Fact]
    public async Task SupportDirectory_LastCodeFailedByClockDrift_ShowsTheSeconds()
    {
        // The real writer: the customer types, in the setup dialog, the code their phone shows with its clock 90 s ahead.
        var enrollment = world.Get<IAuthenticatorEnrollment>();
        var setup = await enrollment.BeginAsync(customer.Id, "Authy");
        var drifted = await enrollment.ConfirmAsync(customer.Id, await FreshSessions.CreateAsync(world.Services, customer.Id), Authenticator.RfcTotp.CodeAt(setup.SetupKey, world.Clock.GetUtcNow().AddSeconds(90)));
        Assert.Equal(TotpCheckOutcome.ClockDrift, drifted.Check.Outcome);

        var view = await world.Get<SupportDirectory>().FindAsync(support.Id, "pat@a.test");

        Assert.Equal(90, view!.ClockDriftSeconds);
        using var bunit = new Bunit.BunitContext();
        bunit.Services.AddMudServices();
        bunit.JSInterop.Mode = Bunit.JSRuntimeMode.Loose;
        var card = bunit.Render<BackupifyPortal.Components.Support.SupportCustomerCard>(p => p.Add(x => x.Customer, view));
        Assert.Contains("Last code failed: phone clock about 90 s off.", card.Markup);
    }

    [Fact]
    public async Task SupportDirectory_OtherSupportStaff_AreNotCustomers()
    {
        await world.AddPersonAsync("support2@corp.test", null, "Support");
        Assert.Null(await world.Get<SupportDirectory>().FindAsync(support.Id, "support2@corp.test"));
    }
}
