using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// axe-core on the page as it is now. axe's source is injected once per document (a check costs one <c>axe.run</c>, not
/// a 500 KB script and a second page as <c>Deque.AxeCore.Playwright</c>'s <c>RunAxe</c> does), and runs with its defaults
/// and iframes, as <c>RunAxe</c> did.
/// </summary>
public static class AxeChecks
{
    private static readonly string AxeSource = new BundledAxeScriptProvider().GetScript();

    /// <summary>No serious or critical violation allowed.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen, ITestOutputHelper? output = null)
    {
        var result = await RunAsync(page);
        foreach (var v in result.Violations)
            output?.WriteLine($"{screen}: [{v.Impact}] {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{screen} has serious or critical accessibility violations: " +
            string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>Every violation of any impact, one line per rule and element, each naming <paramref name="screen"/>.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string screen, ITestOutputHelper? output = null)
    {
        var result = await RunAsync(page);
        var lines = result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"{screen}: [{v.Impact}] {v.Id}: {v.Help} at {n.Target} {Short(n.Html)}"))
            .ToList();
        output?.WriteLine($"{screen}: {lines.Count} violation(s)");
        foreach (var line in lines) output?.WriteLine(line);
        return lines;
    }

    /// <summary>
    /// Waits until the page is still: two frames drawn (a resize laid out) and no finite animation or transition running
    /// (dialogs, popovers, ripples, notices), because axe reads colours as drawn. Endless ones (a spinner) never end, so
    /// they do not count.
    /// </summary>
    public static Task SettledAsync(IPage page) => page.EvaluateAsync(
        """
        async () => {
          const frame = () => new Promise(done => requestAnimationFrame(() => done()));
          const giveUp = performance.now() + 15000;
          for (;;) {
            await frame();
            await frame();
            const running = document.getAnimations().filter(a =>
              a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
            if (running.length === 0) return;
            if (performance.now() > giveUp)
              throw new Error('Still animating after 15 s: ' + running.map(a => a.animationName ?? a.transitionProperty ?? a.id).join(', '));
            await Promise.race([
              Promise.all(running.map(a => a.finished.catch(() => {}))),
              new Promise(done => setTimeout(done, giveUp - performance.now() + 50))]);
          }
        }
        """);

    private static async Task<AxeResult> RunAsync(IPage page)
    {
        // A full page load gives a fresh window; Blazor's own navigation keeps it, and axe with it. Every frame gets it,
        // so that iframes are checked too.
        foreach (var frame in page.Frames)
            if (!await frame.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
                await frame.EvaluateAsync($"() => {{ {AxeSource}\n}}");
        // Only the violations cross back: passes and inapplicable rules are most of a result's size.
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify({ violations: (await axe.run(document, { iframes: true })).violations })");
        return new AxeResult(JObject.Parse(json));
    }

    private static string Short(string html) => html.Length > 160 ? html[..160] + "…" : html;
}
