using Bunit;
using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BackupifyPortal.Tests.Phone;

/// <summary>bUnit over the app's wiring on a PhoneTestHost's database, fake clock and recording sender.</summary>
public abstract class PhoneComponentTestContext : BunitContext, IAsyncLifetime
{
    protected PhoneTestHost Host { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Host = await PhoneTestHost.StartAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Host.AddTo(Services);
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
