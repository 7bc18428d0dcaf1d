using System.Diagnostics;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>An attacker cannot tell an unknown email from a real one: not by the answer, not by the lockout, not by the time.</summary>
public class EnumerationTests(DemoPortalApp app, ITestOutputHelper output) : IClassFixture<DemoPortalApp>
{
    private static readonly BrowserSnapshot Attacker = new("binding-hash", "198.51.100.23", null);

    [Fact]
    public async Task WrongPasswords_ForUnknownEmailAndRealAccount_GetTheSameAnswersAndTheSameLockout()
    {
        var unknown = new List<PasswordOutcome>();
        var real = new List<PasswordOutcome>();
        for (var i = 0; i < 6; i++)
        {
            unknown.Add(await TryAsync("nobody-here@demo.test", "Wrong-Password-2026"));
            real.Add(await TryAsync(DemoPeople.Support, "Wrong-Password-2026"));
        }

        Assert.Equal([PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.Failed, PasswordOutcome.LockedOut, PasswordOutcome.LockedOut], real);
        Assert.Equal(real, unknown);
    }

    [Fact]
    public async Task WrongPassword_UnknownEmailVersusRealAccount_MediansWithin20Milliseconds()
    {
        var unknown = new List<double>();
        var real = new List<double>();
        await TryAsync(DemoPeople.Direct, "Wrong-Password-2026"); // warm both paths once
        await TryAsync("warm-up@demo.test", "Wrong-Password-2026");
        // 50 tries each, interleaved; the median of the paired differences cancels load that drifts during the run.
        for (var i = 0; i < 50; i++)
        {
            // A new address every pair keeps the per-address cap (100 failures) from answering instead of the hash.
            var from = Attacker with { ClientIp = $"198.18.{i / 200}.{i % 200 + 1}" };
            unknown.Add(await TimeAsync($"nobody-{i}@demo.test", from));
            real.Add(await TimeAsync(DemoPeople.Direct, from));
            await ClearFailuresAsync(DemoPeople.Direct); // keep the real account below its lockout
        }

        var pairedGap = Math.Abs(Median(unknown.Zip(real, (u, r) => u - r).ToList()));
        output.WriteLine($"median unknown {Median(unknown):F1} ms, real {Median(real):F1} ms, median paired gap {pairedGap:F1} ms");
        Assert.True(pairedGap < 20, $"unknown {Median(unknown):F1} ms vs real {Median(real):F1} ms: paired gap {pairedGap:F1} ms");
    }

    private async Task<double> TimeAsync(string email, BrowserSnapshot from)
    {
        var clock = Stopwatch.StartNew();
        await TryAsync(email, "Wrong-Password-2026", from);
        return clock.Elapsed.TotalMilliseconds;
    }

    private async Task<PasswordOutcome> TryAsync(string email, string password, BrowserSnapshot? from = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPasswordSignIn>().CheckAsync(email, password, from ?? Attacker, null)).Outcome;
    }

    private async Task ClearFailuresAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await scope.ServiceProvider.GetRequiredService<AttemptLimiter>().ClearAccountAsync(user.Id);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2] + sorted[(sorted.Count - 1) / 2]) / 2;
    }
}
