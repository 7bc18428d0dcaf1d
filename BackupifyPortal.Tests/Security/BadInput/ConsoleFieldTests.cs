using BackupifyPortal.Tests.TwoFactor;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Components.Admin;
using BackupifyPortal.Components.Support;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Tests.Consoles;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BackupifyPortal.Tests.Security.BadInput.BadInputAssert;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>
/// The admin and support consoles fed every hostile value: Search people, Grace period (days), Reset 2FA
/// (Reason, Your password, Confirmation code), Customer email, and the audit log's Event type and Person.
/// </summary>
public sealed class ConsoleFieldTests : ConsoleComponentTest
{
    private const string AdminPassword = "Admin-Pass-2026";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly Guid Org = Guid.NewGuid();
    // One PBKDF2 hash for the whole matrix (the default hasher ignores the user); each reset still verifies it for real.
    private static readonly Lazy<string> AdminPasswordHash = new(() => new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), AdminPassword));


    private async Task<(PortalUser Admin, PortalUser Customer)> SeedAsync(string role = "Admin")
    {
        var actor = await AddPersonAsync($"{role.ToLowerInvariant()}@org.test", role == "Admin" ? Org : null, role);
        var customer = await AddPersonAsync("pat@org.test", Org, twoFactor: FactorRows.Phone("", "+447400123456", PhoneState.Verified));
        // A person whose name is itself hostile: every console must show it as text.
        await AddPersonAsync("mallory@org.test", Org);
        await using var db = Database.CreateDbContext();
        await db.Users.Where(u => u.Email == "mallory@org.test").ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, HostileInputs.ImgOnError));
        var hash = AdminPasswordHash.Value;
        await db.Users.Where(u => u.Id == actor.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash));
        SignIn(actor);
        return (actor, customer);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenResetAsync(PortalUser customer)
    {
        var provider = Render<MudDialogProvider>();
        RenderProviders();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ResetTwoFactorDialog>("Reset 2FA",
            new DialogParameters<ResetTwoFactorDialog> { { d => d.SubjectId, customer.Id }, { d => d.SubjectEmail, customer.Email! } }));
        provider.WaitForAssertion(() => Field(provider, "Reason"), Wait);
        return provider;
    }

    private async Task<List<AuditEvent>> ResetEventsAsync(string userId)
    {
        await using var db = Database.CreateDbContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.UserId == userId && e.Type == AuditEventTypes.TwoFactorReset).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task AdminSearchPeople_HostileValue_ListsMatchesOrSaysNoneAndShowsNamesAsText(string name)
    {
        await SeedAsync();
        var cut = Render<AdminConsolePage>();
        cut.WaitForAssertion(() => Assert.Contains("pat@org.test", cut.Markup), Wait);
        await Field(cut, "Search people").InputAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });

        cut.WaitForAssertion(() => Assert.True(cut.Markup.Contains("No people match.") || cut.FindAll(".bp-enrollment-grid tbody tr").Count > 0), Wait);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task AdminGracePeriod_HostileValue_NeverStoresADayCountOutsideTheRange(string name)
    {
        await SeedAsync();
        var cut = Render<AdminConsolePage>();
        cut.WaitForAssertion(() => Field(cut, "Grace period (days)"), Wait);
        await Field(cut, "Grace period (days)").ChangeAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        var save = Button(cut, "Save grace period");
        if (!save.HasAttribute("disabled")) await save.ClickAsync(new MouseEventArgs());
        if (!int.TryParse(HostileInputs.Value(name), out _)) Assert.True(Button(cut, "Save grace period").HasAttribute("disabled"));

        await using var db = Database.CreateDbContext();
        var days = (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == Org)).TwoFactorGraceDays;
        Assert.Equal(14, days);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task ResetReason_HostileValue_IsRefusedUnderTheFieldOrAuditedAsOneCleanLine(string name)
    {
        var value = HostileInputs.Value(name);
        var (_, customer) = await SeedAsync();
        var cut = await OpenResetAsync(customer);
        await Field(cut, "Reason").ChangeAsync(new ChangeEventArgs { Value = value });
        await Field(cut, "Your password").ChangeAsync(new ChangeEventArgs { Value = AdminPassword });
        await Button(cut, "Reset 2FA").ClickAsync(new MouseEventArgs());

        var events = await ResetEventsAsync(customer.Id);
        if (events.Count == 0) cut.WaitForAssertion(() => HasMessageUnder(cut, "Reason"), Wait);
        else
        {
            var detail = Assert.Single(events).Detail!;
            var reason = detail[(detail.IndexOf("reason: ", StringComparison.Ordinal) + "reason: ".Length)..];
            Assert.InRange(reason.Length, TwoFactorReset.MinReasonLength, TwoFactorReset.MaxReasonLength);
            Assert.Equal(string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), reason);
            Assert.False(TypedText.HasHiddenCharacters(reason), "A reason with control, bidi, zero-width or broken characters was audited");
        }
        if (name is "empty" or "whitespace" or "long10k" or "longDigits" or "nul" or "bell" or "loneSurrogate" or "rtlOverride" or "zeroWidth" or "percent00")
        {
            Assert.Empty(events);
            HasMessageUnder(cut, "Reason");
        }
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task ResetAdminPassword_HostileValue_ShowsMessageUnderTheFieldAndResetsNothing(string name)
    {
        var (_, customer) = await SeedAsync();
        var cut = await OpenResetAsync(customer);
        await Field(cut, "Reason").ChangeAsync(new ChangeEventArgs { Value = "Lost their phone on a trip" });
        await Field(cut, "Your password").ChangeAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await Button(cut, "Reset 2FA").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Your password"), Wait);
        Assert.Empty(await ResetEventsAsync(customer.Id));
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task SupportConfirmationCode_HostileValue_ShowsMessageUnderTheFieldAndResetsNothing(string name)
    {
        var (_, customer) = await SeedAsync("Support");
        var cut = await OpenResetAsync(customer);
        await Button(cut, "Send confirmation code").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains("Code sent to the customer", cut.Markup), Wait);
        await Field(cut, "Reason").ChangeAsync(new ChangeEventArgs { Value = "Lost their phone on a trip" });
        await Field(cut, "Confirmation code").ChangeAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await Button(cut, "Reset 2FA").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => HasMessageUnder(cut, "Confirmation code"), Wait);
        Assert.Empty(await ResetEventsAsync(customer.Id));
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task SupportCustomerEmail_HostileValue_SaysNoCustomerAndNeverCrashes(string name)
    {
        await SeedAsync("Support");
        RenderProviders();
        var cut = Render<SupportConsolePage>();
        await Field(cut, "Customer email").ChangeAsync(new ChangeEventArgs { Value = HostileInputs.Value(name) });
        await cut.Find("main form").SubmitAsync(EventArgs.Empty);

        cut.WaitForAssertion(() => Assert.True(MessageUnder(cut, "Customer email") is not null || cut.Markup.Contains("No customer with that email.")), Wait);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task AuditLogFilters_HostileValue_ListsMatchesOrSaysNoneWithAWorkingExportLink(string name)
    {
        await SeedAsync();
        RenderProviders();
        var cut = Render<AuditLogPage>();
        var value = HostileInputs.Value(name);
        await Field(cut, "Event type").ChangeAsync(new ChangeEventArgs { Value = value });
        await Field(cut, "Person").ChangeAsync(new ChangeEventArgs { Value = value });
        await Button(cut, "Apply filters").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.True(cut.Markup.Contains("No events match.") || cut.FindAll("tbody tr").Count > 0), Wait);
        var export = cut.FindAll("a").Single(a => a.TextContent.Contains("Export CSV")).GetAttribute("href")!;
        // Kestrel refuses request lines over 8 KB: a longer link would be a dead end.
        Assert.True(export.Length < 8000, $"Export CSV link is {export.Length} characters long");
        RenderedAsText(cut);
        NoUnhandledException(this);
    }
}
