using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupifyPortal.Components.Layout;

/// <summary>Portal colours; chosen for at least 4.5:1 contrast of text on them.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b5cad",
            Secondary = "#1f6f4a",
            AppbarBackground = "#12324f",
            Error = "#b3261e",
            Success = "#1b6e3a",
            Warning = "#8a5300",
            Info = "#0b5fa8",
            // Labels, helper text and step names: MudBlazor's 0.54 / 0.38 black fall under 4.5:1 on the page's #f4f6f9.
            TextSecondary = "rgba(0,0,0,0.7)",
            TextDisabled = "rgba(0,0,0,0.6)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    /// <summary>The theme's style elements, shared by every circuit (rendered once in <c>App.razor</c>'s head instead of a MudThemeProvider per circuit).</summary>
    public static readonly MarkupString Stylesheet = ThemeStylesheet.Build(Theme);
}
