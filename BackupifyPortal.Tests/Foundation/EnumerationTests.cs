using BackupifyPortal.Features.Operations;
using System.Diagnostics;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Components;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>
/// An attacker cannot tell an unknown email from a real one: not by the words on Log In, not by the waits as time passes,
/// not by the time an answer takes. The app runs on a clock the test moves and over an audit table with months of history.
/// </summary>
public class EnumerationTests(EnumerationTests.HistoryPortalApp app, ITestOutputHelper output) : IClassFixture<EnumerationTests.HistoryPortalApp>
{
    private const string Wrong = "Wrong-Password-2026";

    /// <summary>The app with a fake clock and 20,000 audit events of 90 days (sign-ins, failures, unknown emails) already in.</summary>
    public sealed class HistoryPortalApp() : PortalAppFactory(clock: NewClock()), IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            await using var db = await CreateDbContextAsync();
            var people = db.Users.Select(u => u.Id).ToList().Concat(Enumerable.Range(0, 200).Select(i => $"former-{i}")).ToArray();
            string[] types = [AuditEventTypes.SignInSucceeded, AuditEventTypes.SignInPasswordFailed, AuditEventTypes.SignInPasswordAccepted, AuditEventTypes.SignedOut, AuditEventTypes.SignInLocked];
            var now = Clock!.GetUtcNow();
            db.AuditEvents.AddRange(Enumerable.Range(0, 20_000).Select(i => new AuditEvent
            {
                UserId = i % 7 == 0 ? null : people[i % people.Length],
                Type = types[i % types.Length],
                Detail = i % 7 == 0 ? "unknown account" : null,
                IpAddress = $"203.0.{i % 250}.{i % 200 + 1}",
                At = now - TimeSpan.FromMinutes(i * 6.48),
            }));
            await db.SaveChangesAsync();
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Theory]
    [InlineData(DemoPeople.Support)] // with a second factor
    [InlineData(DemoPeople.DirectClassic)] // with none
    public async Task WrongPasswords_ForUnknownEmailAndRealAccount_GetTheSameAnswersAndTheSameLockout(string realEmail)
    {
        var unknownEmail = $"nobody.{Guid.NewGuid():N}@demo.test";
        var slot = realEmail == DemoPeople.Support ? 1 : 2;
        // Each email from its own two addresses (same pattern for both), so neither shares a counter with the other.
        var realFirst = await LoginPage.OpenAsync(app, $"198.51.{slot}.31", realEmail);
        var unknownFirst = await LoginPage.OpenAsync(app, $"198.51.{slot}.41", unknownEmail);
        var realSecond = await LoginPage.OpenAsync(app, $"198.51.{slot}.32", realEmail);
        var unknownSecond = await LoginPage.OpenAsync(app, $"198.51.{slot}.42", unknownEmail);
        var real = new List<string>();
        var unknown = new List<string>();
        // Tries a patient attacker makes: a burst, tries during the wait, tries after it, a second address, a long pause.
        (int Seconds, bool Second)[] schedule = [(0, false), (20, false), (20, false), (20, false), (20, false), (30, false), (45, false), (240, false),
            (20, false), (20, true), (20, true), (600, false), (20, false), (3600, true), (20, true), (20, false)];
        try
        {
            foreach (var (seconds, second) in schedule)
            {
                app.Clock!.Advance(TimeSpan.FromSeconds(seconds));
                real.Add(await (second ? realSecond : realFirst).TryAsync(Wrong));
                unknown.Add(await (second ? unknownSecond : unknownFirst).TryAsync(Wrong));
            }
        }
        finally
        {
            foreach (var page in new[] { realFirst, unknownFirst, realSecond, unknownSecond }) await page.CloseAsync();
        }

        output.WriteLine(string.Join("\n", real));
        Assert.Equal(real, unknown);
        Assert.Equal(Enumerable.Repeat("Incorrect email or password.", 4), real.Take(4));
        Assert.Equal("Too many failed attempts. Try again in 1 minute.", real[4]);
        Assert.Contains(real.Skip(5), m => m.StartsWith("Too many failed attempts. Try again in", StringComparison.Ordinal) && m != real[4]);
    }

    [Fact]
    public async Task WrongPassword_UnknownEmailVersusRealAccount_TakeTheSameTimeClass_OneHashEach()
    {
        var hashOnce = await HashTimerAsync();
        await TimeAsync(DemoPeople.Direct, NewAttacker(999)); // warm both paths once
        await TimeAsync("warm-up@demo.test", NewAttacker(998));
        var unknown = new List<double>();
        var real = new List<double>();
        var hash = new List<double>();
        // 40 tries each, interleaved with one hash on its own; medians of paired differences cancel load that drifts meanwhile.
        for (var i = 0; i < 40; i++)
        {
            // A new address every pair keeps the per-address cap from answering instead of the hash.
            unknown.Add(await TimeAsync($"nobody-{i}@demo.test", NewAttacker(i)));
            real.Add(await TimeAsync(DemoPeople.Direct, NewAttacker(i)));
            hash.Add(hashOnce());
            await ClearFailuresAsync(DemoPeople.Direct); // keep the real account below its lockout
        }

        // The timing class: how many password hashes an answer costs. Both pay one (the queries around it cost the same),
        // so the paired gap stays under half a hash whatever the load; one hash skipped or added on either side is a leak.
        var oneHash = Median(hash);
        var pairedGap = Median(unknown.Zip(real, (u, r) => u - r).ToList());
        output.WriteLine($"one hash {oneHash:F1} ms; median unknown {Median(unknown):F1} ms, real {Median(real):F1} ms, paired gap {pairedGap:F1} ms");
        Assert.All(new[] { Median(unknown), Median(real) }, t => Assert.True(t > oneHash / 2, $"an answer in {t:F1} ms spent no hash ({oneHash:F1} ms)"));
        Assert.True(Math.Abs(pairedGap) < oneHash / 2, $"unknown vs real paired gap {pairedGap:F1} ms is over half a hash ({oneHash:F1} ms)");
    }

    private static string NewAttacker(int i) => $"198.18.{i / 200}.{i % 200 + 1}";

    private async Task<double> TimeAsync(string email, string address)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ClientContext>().Set(address);
        var from = new BrowserSnapshot("binding-hash", null);
        var signIn = scope.ServiceProvider.GetRequiredService<IPasswordSignIn>();
        var clock = Stopwatch.StartNew();
        await signIn.CheckAsync(email, Wrong, from, null);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Times one check of the app's own password hasher against a stored hash, the cost both answers must pay.</summary>
    private async Task<Func<double>> HashTimerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = (await users.FindByEmailAsync(DemoPeople.Direct))!;
        var hasher = users.PasswordHasher;
        return () =>
        {
            var clock = Stopwatch.StartNew();
            hasher.VerifyHashedPassword(person, person.PasswordHash!, Wrong);
            return clock.Elapsed.TotalMilliseconds;
        };
    }

    private async Task ClearFailuresAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
        await scope.ServiceProvider.GetRequiredService<AttemptLimiter>().ClearAccountAsync(user.Id);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2] + sorted[(sorted.Count - 1) / 2]) / 2;
    }

    /// <summary>Log In's form service (what the page's post calls, and whose words it shows) in the real app, from one address: what the attacker reads.</summary>
    private sealed class LoginPage
    {
        private readonly AsyncServiceScope scope;
        private readonly string email;

        private LoginPage(PortalAppFactory app, string address, string email)
        {
            scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ClientContext>().Set(address);
            this.email = email;
        }

        public static Task<LoginPage> OpenAsync(PortalAppFactory app, string address, string email) => Task.FromResult(new LoginPage(app, address, email));

        /// <summary>Types the password, presses Log In and returns the message the page shows.</summary>
        public async Task<string> TryAsync(string password)
        {
            var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            var answer = await scope.ServiceProvider.GetRequiredService<LogInForm>().PasswordAsync(request, email, password, null);
            return answer.Error ?? $"went on to {answer.RedirectTo}";
        }

        public async Task CloseAsync() => await scope.DisposeAsync();
    }
}
