using Microsoft.Playwright;

namespace BackupifyPortal.Tests.Browser;

/// <summary>
/// On demand only: with BP_SCREENSHOTS=name set, browser tests save the screens they pass to docs/screenshots/name/
/// (for example "before" and "after" a change). Unset, as in CI, nothing is written.
/// </summary>
public static class Screenshots
{
    private static readonly string? Set = Environment.GetEnvironmentVariable("BP_SCREENSHOTS") is { Length: > 0 } name ? name : null;

    public static async Task SaveAsync(IPage page, string screen, string size)
    {
        if (Set is null) return;
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots", Set);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{screen}-{size}.png"), Animations = ScreenshotAnimations.Disabled });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("BackupifyPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
