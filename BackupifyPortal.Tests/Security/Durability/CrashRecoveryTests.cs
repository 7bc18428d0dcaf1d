using BackupifyPortal.Data;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Security.Durability;

/// <summary>
/// The portal as its own OS process, SIGKILLed at random moments while a person enables two-factor or signs
/// in, then started again on the same SQLite file: the file opens clean, nothing committed is lost, nobody is
/// half enrolled, every enrolled authenticator still verifies, and a broken sign-in starts over from Log In.
/// </summary>
public class CrashRecoveryTests(ChromiumFixture browser, CrashRecoveryPortal process, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<CrashRecoveryPortal>, IAsyncLifetime
{
    // A restarted portal on a 2-core machine shared with other test runs answers its first pages slowly.
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeCheckedOptions Checked = new() { Timeout = 30_000 };

    private readonly Random random = new();
    private readonly System.Diagnostics.Stopwatch sinceStart = System.Diagnostics.Stopwatch.StartNew();
    private readonly PortalProcess portal = process.Portal;
    private readonly DatabaseFile file = process.File;
    private readonly List<IBrowserContext> contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.DisposeAsync();
        output.WriteLine($"Portal process so far: {portal.Starts} starts, {portal.Kills} SIGKILLs.");
    }

    [Fact]
    public async Task Kill_WhileConfirmingAnAuthenticator_PersonIsEnrolledOrNotAndEveryAppStillVerifies()
    {
        var keys = new Dictionary<string, string>();
        // Kill points: anywhere from the click to a little later (before or at the code check, or the enrolment write), and
        // once the recovery codes are on screen (committed: that app must verify after the restart). Each kill is a cold
        // restart, so one random kill covers the confirm; CrashPointTests stops it at each of its writes exactly.
        var runs = new[] { (Email: DemoPeople.Direct, Min: 0, Max: 250, AfterCommit: false), (Email: DemoPeople.Admin, Min: 0, Max: 100, AfterCommit: true) };
        foreach (var (email, min, max, afterCommit) in runs)
        {
            var userId = await file.UserIdAsync(email);
            var page = await SignedInPageAsync(email);
            await OpenSettingsAsync(page, userId);
            await PortalUi.Switch(page, "Authenticator App").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
            var key = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Replace(" ", "");
            // The QR step has written the pending secret; the kill lands before, during or after the code's check.
            Assert.NotNull((await file.SecondFactorsAsync(userId)).Profile?.PendingAuthenticatorSecretProtected);
            await dialog.GetByLabel("Verification code").FillAsync(RfcTotp.CodeAt(key, DateTimeOffset.UtcNow));

            var next = dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
            if (afterCommit)
            {
                await next.ClickAsync();
                await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10, new() { Timeout = 30_000 });
                await KillDuringAsync($"recovery codes on screen ({email})", min, max, page, () => Task.CompletedTask);
                Assert.True((await file.SecondFactorsAsync(userId)).AuthenticatorFullyEnrolled);
            }
            else await KillDuringAsync($"authenticator confirm ({email})", min, max, page, () => next.ClickAsync(new() { NoWaitAfter = true }));

            var state = await file.SecondFactorsAsync(userId);
            output.WriteLine($"  {email}: {state}");
            Assert.True(state.AuthenticatorFullyEnrolled || state.AuthenticatorNotEnrolled, $"Half-enrolled after the kill: {state}");
            if (state.AuthenticatorFullyEnrolled) keys[email] = key;
        }

        // Every app enrolled before a kill signs in with an independent RFC 6238 code; the others sign in with the password alone.
        foreach (var email in runs.Select(r => r.Email))
        {
            var userId = await file.UserIdAsync(email);
            var page = await NewPageAsync();
            if (keys.TryGetValue(email, out var key))
            {
                await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
                var last = (await file.SecondFactorsAsync(userId)).Profile!.LastTotpStep;
                // A step newer than the enrolment's, still inside the one-step window.
                var step = Math.Max(last + 1, RfcTotp.StepAt(DateTimeOffset.UtcNow));
                await page.GetByLabel("Verification code").FillAsync(RfcTotp.Code(key, step));
                await PortalUi.Button(page, "Submit").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Filter(new() { HasNotText = "Two Factor" })).ToBeVisibleAsync(Visible);
            }
            else await BrowserSignIn.SignInAsync(page, email, LandingHeading(page, email));
            await OpenSettingsAsync(page, userId);
            var appSwitch = PortalUi.Switch(page, "Authenticator App");
            if (keys.ContainsKey(email)) await Expect(appSwitch).ToBeCheckedAsync(Checked);
            else await Expect(appSwitch).Not.ToBeCheckedAsync(Checked);
        }
        Assert.NotEmpty(keys);
        AssertChildOutputHolds([DemoPeople.Password, "otpauth://", .. keys.Values]);
        output.WriteLine($"Authenticators enrolled across the kills: {keys.Count} of {runs.Length}, each verified after the restart.");
    }

    [Fact]
    public async Task Kill_WhileEnablingPhoneAndDuringTwoFactorSignIn_StateIsWholeAndSignInStartsOver()
    {
        // Not one of the authenticator test's people: both tests share one portal process and its file, in either order.
        var people = new[] { (Email: DemoPeople.Partner, Number: "2015550131") };
        var secrets = new List<string> { DemoPeople.Password };
        foreach (var (email, number) in people)
        {
            var userId = await file.UserIdAsync(email);
            var e164 = "+1" + number;
            secrets.AddRange([e164, number]);

            // (1) Enable: the kill lands before, during or after the Enable click's save.
            var page = await SignedInPageAsync(email);
            await OpenSettingsAsync(page, userId);
            await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Phone number").FillAsync(number);
            await KillDuringAsync($"phone enable ({email})", 0, 200, page,
                () => dialog.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync(new() { NoWaitAfter = true }));
            var state = await file.SecondFactorsAsync(userId);
            output.WriteLine($"  {email} after enable kill: {state}");
            Assert.True(state.PhoneConsistent && state.Phone != PhoneState.Verified, $"Half-saved phone: {state}");
            if (state.Phone == PhoneState.None)
            {
                // Not saved: the person sees 2FA off and enables it again.
                page = await SignedInPageAsync(email);
                await OpenSettingsAsync(page, userId);
                await Expect(PortalUi.Switch(page, "Two Factor Authentication")).Not.ToBeCheckedAsync(Checked);
                await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
                await page.GetByRole(AriaRole.Dialog).GetByLabel("Phone number").FillAsync(number);
                await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync();
                await Expect(PortalUi.Switch(page, "Two Factor Authentication")).ToBeCheckedAsync(Checked);
                // The switch turns on with the click; the save is done once the dialog has closed.
                await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync(new() { Timeout = 60_000 });
                state = await file.SecondFactorsAsync(userId);
                output.WriteLine($"  {email} after enabling again: {state}");
                Assert.Equal(PhoneState.Pending, state.Phone);
            }

            // (2) Sign-in: password accepted, the 2FA attempt pending; the kill lands right after Log In.
            page = await NewPageAsync();
            await page.GotoAsync("/login");
            await PortalUi.WaitForInteractiveAsync(page);
            await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoPeople.Password);
            await KillDuringAsync($"password accepted, 2FA pending ({email})", 0, 600, page,
                () => PortalUi.Button(page, "Log In").ClickAsync(new() { NoWaitAfter = true }));
            Assert.True((await file.SecondFactorsAsync(userId)).PhoneConsistent);

            // (3) The code is typed; the kill lands during its check, the verification write or the cookie hand-off.
            page = await NewPageAsync();
            await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
            var code = await FreshCodeAsync(page, e164);
            secrets.Add(code);
            await page.GetByLabel("Verification code").FillAsync(code);
            await KillDuringAsync($"code check and hand-off ({email})", 0, 400, page,
                () => PortalUi.Button(page, "Submit").ClickAsync(new() { NoWaitAfter = true }));
            state = await file.SecondFactorsAsync(userId);
            output.WriteLine($"  {email} after sign-in kill: {state}");
            Assert.True(state.PhoneConsistent && state.Phone != PhoneState.None, $"Half-verified phone: {state}");

            // The broken sign-in starts over from the Log In page and completes. A phone verified before the kill
            // is asked for as a log-in code ("Two Factor Log In"), a pending one still as "2FA Verification".
            page = await NewPageAsync();
            await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, state.Phone == PhoneState.Verified ? "Two Factor Log In" : "2FA Verification"));
            code = await FreshCodeAsync(page, e164);
            secrets.Add(code);
            await page.GetByLabel("Verification code").FillAsync(code);
            await PortalUi.Button(page, "Submit").ClickAsync();
            await Expect(LandingHeading(page, email)).ToBeVisibleAsync(Visible);
            state = await file.SecondFactorsAsync(userId);
            Assert.True(state.Phone == PhoneState.Verified && state.PhoneConsistent, state.ToString());
            await OpenSettingsAsync(page, userId);
            await Expect(PortalUi.Switch(page, "Two Factor Authentication")).ToBeCheckedAsync(Checked);
        }
        AssertChildOutputHolds(secrets);
    }

    /// <summary>The child process's own console log (stdout and stderr, every start) holds none of the session's secrets.</summary>
    private void AssertChildOutputHolds(IEnumerable<string> secrets)
    {
        var text = portal.Output;
        foreach (var secret in secrets)
            // Short digit codes only count as whole numbers; everything else anywhere.
            Assert.False(secret.All(char.IsDigit)
                    ? System.Text.RegularExpressions.Regex.IsMatch(text, $"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])")
                    : text.Contains(secret, StringComparison.OrdinalIgnoreCase),
                $"The portal's console output holds a secret ({secret.Length} chars)");
        output.WriteLine($"Child process output: {text.Split('\n').Length} lines, none with the {secrets.Count()} secrets of the session.");
    }

    /// <summary>
    /// Counts rows, starts <paramref name="action"/>, SIGKILLs the portal after a random delay, restarts it on the
    /// same file and checks the file: integrity ok, WAL, no committed row lost.
    /// </summary>
    private async Task<Dictionary<string, long>> KillDuringAsync(string killPoint, int minDelayMs, int maxDelayMs, IPage page, Func<Task> action)
    {
        var before = await file.CountRowsAsync();
        var delay = random.Next(minDelayMs, maxDelayMs + 1);
        var clicked = action();
        await Task.Delay(delay);
        portal.Kill();
        // The page is done with: its server is gone. A click that had not landed yet would otherwise wait out its whole
        // timeout behind the reconnect screen; closing the page ends it at once.
        await page.Context.CloseAsync();
        try { await clicked; } catch (Exception e) when (e is PlaywrightException or System.TimeoutException) { }
        var restart = System.Diagnostics.Stopwatch.StartNew();
        await portal.StartAsync();

        Assert.Equal("ok", await file.PragmaAsync("integrity_check"));
        Assert.Equal("wal", await file.PragmaAsync("journal_mode"));
        var after = await file.CountRowsAsync();
        var lost = DatabaseFile.RowsLost(before, after);
        output.WriteLine($"[{sinceStart.Elapsed.TotalSeconds:0.0} s] SIGKILL #{portal.Kills} at {killPoint}, {delay} ms after the click: integrity ok, WAL, rows lost {lost}; restart took {restart.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(0, lost);
        return after;
    }

    /// <summary>The newest outbox code for <paramref name="e164"/> once the 2FA screen has sent one.</summary>
    private static async Task<string> FreshCodeAsync(IPage page, string e164)
    {
        await Expect(page.GetByText("6-digit code", new() { Exact = false }).First).ToBeVisibleAsync(Visible);
        return (await FreshPeople.LatestCodeAsync(page, e164)).Code;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl, Locale = "en-US" });
        // A portal just restarted after SIGKILL starts cold (JIT, first queries) while the rest of the suite runs: allow it a minute.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, LandingHeading(page, email));
        return page;
    }

    private static ILocator LandingHeading(IPage page, string email) =>
        PortalUi.Heading(page, email switch { DemoPeople.Admin => "Two-Factor Enrollment", DemoPeople.Partner => "Multi-Account Login", _ => "Status" });

    private async Task OpenSettingsAsync(IPage page, string userId)
    {
        var (kind, id) = await file.FirstAccountAsync(userId);
        await page.GotoAsync(AccountRoutes.Settings(kind, id));
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync(Visible);
        await PortalUi.WaitForInteractiveAsync(page);
    }
}

/// <summary>
/// One portal process for the class, started once on the run's migrated and seeded copy (the claims are about kills and
/// restarts, not a first start); each kill restarts it on the same file, and the next test goes on from there.
/// </summary>
public sealed class CrashRecoveryPortal : IAsyncLifetime
{
    // A short resend cooldown so a sign-in restarted right after a crash gets its new code at once.
    private static readonly Dictionary<string, string> FastResend = new() { ["Phone__SendCooldown"] = "00:00:01" };

    private readonly string databasePath = PortalAppFactory.NewDatabasePath();

    public PortalProcess Portal { get; private set; } = null!;
    public DatabaseFile File { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        PortalAppFactory.CopySeededTemplate(databasePath);
        Portal = new PortalProcess(databasePath, settings: FastResend);
        File = new DatabaseFile(databasePath);
        await Portal.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        PortalAppFactory.DeleteDatabaseFiles(databasePath);
    }
}
