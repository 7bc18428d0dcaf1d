using System.Net;

namespace BackupifyPortal.CircuitClient;

public enum SignInOutcome { SignedIn, PasswordRefused, LockedOut, SecondFactorRefused, NotFinished }

/// <summary>What the person saw: the outcome, the page's alert or field message (or the page it went on to), and the landing page's status.</summary>
public sealed record SignInReport(SignInOutcome Outcome, string Message, HttpStatusCode? LandingStatus = null)
{
    /// <summary>JS interop calls the server made during the sign-in's circuit (Two Factor Log In; Log In has none).</summary>
    public int JsCalls { get; init; }

    /// <summary>Their function names, in order.</summary>
    public IReadOnlyList<string> JsCallNames { get; init; } = [];
}

/// <summary>The portal's sign-in as a person does it on the Log In page (a form POST) and the Two Factor Log In page (a circuit), by UI-CONTRACT names.</summary>
public static class PortalSignIn
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fills Email and Password and presses Log In on the static page. NotFinished: the second factor is asked, and
    /// the report's message is the Two Factor Log In page's path (open a circuit there with the page's cookies).
    /// </summary>
    public static async Task<SignInReport> PasswordAsync(LoginPage page, string email, string password, CancellationToken ct = default)
    {
        using var response = await page.SubmitAsync(email, password, ct);
        if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var next = new Uri(page.BaseAddress, location);
            if (next.AbsolutePath.StartsWith("/login/2fa/", StringComparison.Ordinal))
                return new SignInReport(SignInOutcome.NotFinished, next.PathAndQuery);
            return await LandAsync(page.Http, next, ct);
        }
        var alert = page.Alert() ?? string.Join(" ", page.FieldMessages());
        if (alert.Length == 0) alert = $"POST /login answered {(int)response.StatusCode}";
        return new SignInReport(alert.StartsWith("Too many failed attempts", StringComparison.Ordinal) ? SignInOutcome.LockedOut : SignInOutcome.PasswordRefused, alert);
    }

    /// <summary>Opens the Two Factor Log In circuit that a NotFinished password step pointed to, in the same browser.</summary>
    public static async Task<CircuitClient> OpenSecondFactorAsync(LoginPage page, SignInReport afterPassword, CancellationToken ct = default)
    {
        var circuit = await CircuitClient.OpenAsync(page.BaseAddress, afterPassword.Message, page.Source, ct, page.Cookies, page.ForwardedFor);
        try
        {
            await circuit.WaitForAsync(_ => circuit.FindInput("Verification code") is not null, StepTimeout, ct);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types the code into Verification code and clicks Submit on the Two Factor Log In page.</summary>
    public static async Task<SignInReport> SecondFactorAsync(CircuitClient client, string code, CancellationToken ct = default)
    {
        await client.FillAsync("Verification code", code, ct);
        await client.ClickAsync("Submit", ct);
        if (client.PageLoadRequested is not null) return await LandAfterHandoffAsync(client, ct);
        var text = client.Text();
        return new SignInReport(SignInOutcome.SecondFactorRefused, text.Length > 300 ? text[..300] : text);
    }

    /// <summary>Password, then the authenticator code when asked, then the hand-off and the signed-in page: one full sign-in in a fresh browser.</summary>
    public static async Task<SignInReport> FullAsync(Uri baseAddress, IPAddress source, string email, string password, Func<string> authenticatorCode, CancellationToken ct = default)
    {
        using var page = await LoginPage.OpenAsync(baseAddress, source, ct);
        var afterPassword = await PasswordAsync(page, email, password, ct);
        if (afterPassword.Outcome != SignInOutcome.NotFinished) return afterPassword;
        await using var client = await OpenSecondFactorAsync(page, afterPassword, ct);
        var report = await SecondFactorAsync(client, authenticatorCode(), ct);
        return report with { JsCalls = client.JsCalls, JsCallNames = [.. client.JsCallLog] };
    }

    /// <summary>The hand-off happened in the circuit; the page it sends the browser to must answer 200, not a way back to Log In.</summary>
    private static async Task<SignInReport> LandAfterHandoffAsync(CircuitClient client, CancellationToken ct)
    {
        if (!client.HandoffStatuses.TryPeek(out var handoff) || handoff != 204)
            return new SignInReport(SignInOutcome.SecondFactorRefused, $"hand-off answered {handoff}");
        return await LandAsync(client.Http, client.PageLoadRequested!, ct);
    }

    /// <summary>Follows the portal's own redirects (a few hops) to the signed-in page, which must answer 200 and not be Log In.</summary>
    private static async Task<SignInReport> LandAsync(HttpClient http, Uri target, CancellationToken ct)
    {
        var response = await http.GetAsync(target, ct);
        for (var hop = 0; hop < 5 && (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location; hop++)
        {
            var next = new Uri(response.RequestMessage!.RequestUri!, location);
            if (next.Authority != target.Authority) break;
            response.Dispose();
            response = await http.GetAsync(next, ct);
        }
        using (response)
        {
            var landedAt = response.RequestMessage?.RequestUri?.AbsolutePath ?? target.AbsolutePath;
            var landedOnLogin = landedAt.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
                || response.Headers.Location?.OriginalString.Contains("/login", StringComparison.OrdinalIgnoreCase) == true;
            var outcome = response.StatusCode == HttpStatusCode.OK && !landedOnLogin ? SignInOutcome.SignedIn : SignInOutcome.NotFinished;
            return new SignInReport(outcome, landedAt, response.StatusCode);
        }
    }
}
