using Bunit;
using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace BackupifyPortal.Tests.Phone;

/// <summary>bUnit with MudBlazor and the real phone services of a PhoneTestHost (SQLite, fake clock, recording sender).</summary>
public abstract class PhoneComponentTestContext : BunitContext, IAsyncLifetime
{
    protected PhoneTestHost Host { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Host = await PhoneTestHost.StartAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Host.Clock);
        Services.AddSingleton(Host.Get<IPhoneEnrollment>());
        Services.AddSingleton(Host.Get<IPhoneCodeService>());
        Services.AddSingleton(Host.Get<BackupifyPortal.Features.SignIn.SecondFactorSignIn>());
        Services.AddSingleton(Host.Get<PhoneNumberService>());
        BackupifyPortal.Features.Events.EventsServiceCollectionExtensions.AddInProcessEvents(Services);
        Services.AddSingleton(Host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<BackupifyPortal.Data.PortalDbContext>>());
        Services.AddSingleton<BackupifyPortal.Features.Support.SetupProgressNotifier>();
        Services.AddSingleton(Host.Get<Microsoft.Extensions.Options.IOptions<PhoneOptions>>());
        Services.AddSingleton(new BackupifyPortal.Features.Accounts.PersonProfiles(Host.DbFactory));
        Render<MudPopoverProvider>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try { await base.DisposeAsync(); }
        finally { await Host.DisposeAsync(); }
    }

    /// <summary>The input a screen reader would announce with this label, found the way a browser test would.</summary>
    protected static AngleSharp.Dom.IElement InputLabelled(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string label)
    {
        var element = cut.FindAll("label").Single(l => l.TextContent.Trim() == label);
        return cut.Find($"#{element.GetAttribute("for")}");
    }

    protected static AngleSharp.Dom.IElement Button(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string name) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == name);
}
