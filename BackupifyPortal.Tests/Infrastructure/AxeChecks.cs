using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>axe-core on the page as it is now.</summary>
public static class AxeChecks
{
    /// <summary>No serious or critical violation allowed.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen, ITestOutputHelper? output = null)
    {
        var result = await page.RunAxe();
        foreach (var v in result.Violations)
            output?.WriteLine($"{screen}: [{v.Impact}] {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen} has serious or critical accessibility violations: " +
            string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>Every violation of any impact, one line per rule and element, each naming <paramref name="screen"/>.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string screen, ITestOutputHelper? output = null)
    {
        var result = await page.RunAxe();
        var lines = result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"{screen}: [{v.Impact}] {v.Id}: {v.Help} at {n.Target} {Short(n.Html)}"))
            .ToList();
        output?.WriteLine($"{screen}: {lines.Count} violation(s)");
        foreach (var line in lines) output?.WriteLine(line);
        return lines;
    }

    private static string Short(string html) => html.Length > 160 ? html[..160] + "…" : html;
}
