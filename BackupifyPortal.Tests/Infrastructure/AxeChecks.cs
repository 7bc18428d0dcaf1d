using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>axe-core on the page as it is now: no serious or critical violation allowed.</summary>
public static class AxeChecks
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen, ITestOutputHelper? output = null)
    {
        var result = await page.RunAxe();
        foreach (var v in result.Violations)
            output?.WriteLine($"{screen}: [{v.Impact}] {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen} has serious or critical accessibility violations: " +
            string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
    }
}
