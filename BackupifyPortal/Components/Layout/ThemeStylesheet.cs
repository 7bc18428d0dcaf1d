using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupifyPortal.Components.Layout;

/// <summary>
/// MudBlazor's theme CSS (palette, typography, layout variables) and scrollbar style, built once for the process.
/// A rendered MudThemeProvider builds the same 12 KB string, plus a default theme, in every circuit.
/// </summary>
public sealed class ThemeStylesheet : MudThemeProvider
{
    private ThemeStylesheet(MudTheme theme) => Theme = theme;

    /// <summary>The style elements a MudThemeProvider in light mode renders for <paramref name="theme"/> (charts aside: the portal has none).</summary>
    public static MarkupString Build(MudTheme theme) => new(BuildMudBlazorScrollbar() + new ThemeStylesheet(theme).BuildTheme());
}
