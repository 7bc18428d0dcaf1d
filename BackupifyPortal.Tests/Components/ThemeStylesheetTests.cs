using BackupifyPortal.Components.Layout;
using Bunit;
using MudBlazor;

namespace BackupifyPortal.Tests.Components;

/// <summary>The portal renders MudBlazor's theme CSS once per process; it must stay what a MudThemeProvider would render.</summary>
public class ThemeStylesheetTests : PortalComponentTest
{
    [Fact]
    public void Stylesheet_IsWhatMudThemeProviderRendersForThePortalTheme()
    {
        var provider = Render<MudThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.ObserveSystemDarkModeChange, false));

        var stylesheet = PortalTheme.Stylesheet.Value;
        Assert.Contains("--mud-palette-primary: rgba(11,92,173,1);", stylesheet);
        Assert.Contains("::-webkit-scrollbar", stylesheet);
        foreach (var style in stylesheet.Split("</style>", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Assert.Contains(style + "\n</style>", provider.Markup.ReplaceLineEndings("\n"));
    }
}
