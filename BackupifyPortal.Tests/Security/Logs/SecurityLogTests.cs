using BackupifyPortal.Features.Audit;
using System.Text.RegularExpressions;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Browser.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BackupifyPortal.Tests.Security.Logs;

/// <summary>
/// A scripted session in Chromium against a live portal that logs everything: wrong password, sign-in, phone 2FA
/// enabled, wrong codes until lockout, phone verified, authenticator enabled, sign-in with the app, both turned
/// off. The security events must be in the log and the audit table; no secret the session saw may be in any log line.
/// </summary>
public class SecurityLogTests(ChromiumFixture browser, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string WrongPassword = "Wrong-Pass-2026!";
    private const string NationalNumber = "2015550166";
    private const string TypedNumber = "(201) 555-0166";
    private const string E164 = "+12015550166";
    private const string Name = "Logan Logs";
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 20_000 };

    private VerboseLogPortalServer server = null!;
    private readonly List<IBrowserContext> contexts = [];
    private readonly HashSet<string> tickets = [];
    private readonly HashSet<string> typedCodes = [];

    public Task InitializeAsync()
    {
        server = new VerboseLogPortalServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ScriptedSecuritySession_LogsEveryEvent_AndNoSecretItSaw()
    {
        var email = await FreshPeople.CreateAsync(server, Name, AccountKind.Backupify2);

        // Wrong password, then the right one.
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await PortalUi.WaitForInteractiveAsync(page);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(WrongPassword);
        await PortalUi.Button(page, "Log In").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync(Visible);
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Status"));

        // Enable phone 2FA with the number as a person types it.
        await PortalUi.ChooseFromMenuAsync(page, Name, "User Settings");
        await Expect(PortalUi.Heading(page, "User Settings")).ToBeVisibleAsync(Visible);
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Phone number").FillAsync(TypedNumber);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Two Factor Authentication")).ToBeCheckedAsync();
        await SignOutAsync(page);

        // Wrong codes until the lockout.
        page = await NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        var sent = await SentCodeAsync(page);
        for (var i = 0; i < 5; i++)
        {
            var wrong = WrongCode(sent);
            await page.GetByLabel("Verification code").FillAsync(wrong);
            await PortalUi.Button(page, "Submit").ClickAsync();
            // Each answer shows before the next code is typed (a re-render arriving late would clear a code typed early).
            await Expect(page.GetByText(i < 4 ? $"{4 - i} attempt" : "Try again in", new() { Exact = false }).First).ToBeVisibleAsync(Visible);
        }

        // After the (3 s) lockout a new sign-in verifies the phone with a fresh code.
        await page.WaitForTimeoutAsync(3_500);
        page = await NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "2FA Verification"));
        await TypeAsync(page, await SentCodeAsync(page));
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync(Visible);

        // Enable an authenticator from the key behind "Can't scan it?".
        await PortalUi.ChooseFromMenuAsync(page, Name, "User Settings");
        await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Google Authenticator" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Can't scan it?" }).ClickAsync();
        var shownKey = (await dialog.GetByTestId("setup-key").TextContentAsync())!.Trim();
        var key = shownKey.Replace(" ", "");
        await TypeAsync(dialog, RfcTotp.CodeAt(key, DateTimeOffset.UtcNow));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        var listed = dialog.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(listed).ToHaveCountAsync(10);
        var recoveryCodes = (await listed.AllTextContentsAsync()).Select(c => c.Trim()).ToList();
        await dialog.GetByLabel("I have saved these codes").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).ToBeCheckedAsync();
        await SignOutAsync(page);

        // Sign in with the app's code.
        page = await NewPageAsync();
        await BrowserSignIn.SignInAsync(page, email, PortalUi.Heading(page, "Two Factor Log In"));
        var userId = await HttpSignIn.UserIdAsync(server, email);
        long lastStep;
        await using (var db = await server.CreateDbContextAsync())
            lastStep = await db.TwoFactorProfiles.Where(p => p.UserId == userId).Select(p => p.LastTotpStep).SingleAsync();
        await TypeAsync(page, RfcTotp.Code(key, Math.Max(lastStep + 1, RfcTotp.StepAt(DateTimeOffset.UtcNow))));
        await PortalUi.Button(page, "Submit").ClickAsync();
        await Expect(PortalUi.Heading(page, "Status")).ToBeVisibleAsync(Visible);

        // Turn both off with the password.
        await PortalUi.ChooseFromMenuAsync(page, Name, "User Settings");
        await PortalUi.Switch(page, "Authenticator App").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Password").FillAsync(DemoPeople.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Turn off", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Authenticator App")).Not.ToBeCheckedAsync();
        await PortalUi.Switch(page, "Two Factor Authentication").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Password").FillAsync(DemoPeople.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Turn Off", Exact = true }).ClickAsync();
        await Expect(PortalUi.Switch(page, "Two Factor Authentication")).Not.ToBeCheckedAsync();
        await SignOutAsync(page);

        // --- The expected security events: in the audit table and in the log.
        string[] expected =
        [
            AuditEventTypes.SignInPasswordFailed, AuditEventTypes.SignInSucceeded, AuditEventTypes.PhonePending, AuditEventTypes.SecondFactorLocked, AuditEventTypes.PhoneVerified,
            AuditEventTypes.AuthenticatorEnabled, AuditEventTypes.AuthenticatorDisabled, AuditEventTypes.PhoneDisabled, AuditEventTypes.SignedOut,
        ];
        List<string> audited;
        await using (var db = await server.CreateDbContextAsync())
            audited = await db.AuditEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
        output.WriteLine($"Audit rows for the person: {string.Join(", ", audited)}");
        // Three sign-ins completed: password only, password + SMS code, password + app code.
        Assert.Equal(3, audited.Count(t => t == AuditEventTypes.SignInSucceeded));
        var lines = server.Logs.Entries;
        foreach (var type in expected)
        {
            Assert.Contains(type, audited);
            Assert.Contains(lines, l => l.Message.Contains($"Security event {type} for user {userId}"));
        }
        Assert.Contains(lines, l => l.Message.Contains("Wrong phone code for user"));
        Assert.Contains(lines, l => l.Message.Contains("Phone code accepted"));
        Assert.Contains(lines, l => l.Message.Contains("Authenticator code accepted"));

        // --- Nothing secret in any line: message, structured values or exception.
        var outbox = await OutboxCodesAsync();
        var secrets = new Dictionary<string, string>
        {
            ["password"] = DemoPeople.Password, ["wrong password"] = WrongPassword,
            ["TOTP secret"] = key, ["TOTP secret as shown"] = shownKey, ["otpauth URI"] = "otpauth://", ["otpauth secret parameter"] = "secret=",
            ["phone E.164"] = E164, ["phone as typed"] = TypedNumber, ["phone digits"] = NationalNumber, ["phone spaced"] = "201 555 0166", ["phone dashed"] = "201-555-0166",
        };
        foreach (var (code, n) in recoveryCodes.Select((c, n) => (c, n)))
        {
            secrets[$"recovery code {n}"] = code;
            secrets[$"recovery code {n} bare"] = new string(code.Where(char.IsLetterOrDigit).ToArray());
        }
        foreach (var (ticket, n) in tickets.Select((t, n) => (t, n))) secrets[$"sign-in ticket {n}"] = ticket;
        foreach (var context in contexts)
            foreach (var cookie in await context.CookiesAsync())
                if (cookie.Value.Length >= 16) secrets[$"cookie {cookie.Name}"] = Uri.UnescapeDataString(cookie.Value);
        var codes = outbox.Concat(typedCodes).Distinct().ToList();

        var leaks = new List<string>();
        foreach (var line in lines)
        {
            foreach (var (what, secret) in secrets)
                if (line.FullText.Contains(secret, StringComparison.OrdinalIgnoreCase)) leaks.Add($"{what} in {line}");
            foreach (var code in codes)
                if (Regex.IsMatch(line.FullText, $"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])")) leaks.Add($"code {code} in {line}");
        }
        output.WriteLine($"Checked {lines.Count} log lines ({lines.Count(l => l.Category.StartsWith("BackupifyPortal"))} from the app) against " +
                         $"{secrets.Count} secrets and {codes.Count} codes ({outbox.Count} sent, {typedCodes.Count} typed), {tickets.Count} tickets.");
        Assert.True(leaks.Count == 0, "Secrets in the log:\n" + string.Join("\n", leaks.Distinct().Take(20)));
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        // The hand-off ticket travels from the circuit to the browser and back in this POST: remember it to look for it in the log.
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/account/handoff") && request.PostData is { } body)
                foreach (var pair in body.Split('&'))
                    if (pair.StartsWith("ticket=")) tickets.Add(Uri.UnescapeDataString(pair["ticket=".Length..]));
        };
        return page;
    }

    private async Task<string> SentCodeAsync(IPage page)
    {
        await Expect(page.GetByText("6-digit code", new() { Exact = false }).First).ToBeVisibleAsync(Visible);
        return (await FreshPeople.LatestCodeAsync(page, E164)).Code;
    }

    private async Task TypeAsync(ILocator scope, string code)
    {
        typedCodes.Add(code);
        await scope.GetByLabel("Verification code").FillAsync(code);
    }

    private Task TypeAsync(IPage page, string code) => TypeAsync(page.Locator("body"), code);

    private string WrongCode(string right)
    {
        string wrong;
        do wrong = Random.Shared.Next(0, 1_000_000).ToString("D6"); while (wrong == right);
        typedCodes.Add(wrong);
        return wrong;
    }

    private async Task<List<string>> OutboxCodesAsync()
    {
        await using var db = await server.CreateDbContextAsync();
        var texts = await db.OutboxMessages.Select(m => m.Text).ToListAsync();
        return texts.SelectMany(t => Regex.Matches(t, @"\d[\d\s,.-]{4,}\d").Select(m => new string(m.Value.Where(char.IsDigit).ToArray())))
            .Where(c => c.Length == 6).Distinct().ToList();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await PortalUi.ChooseFromMenuAsync(page, Name, "Sign Out");
        await Expect(PortalUi.Heading(page, "Log In")).ToBeVisibleAsync(Visible);
    }
}
