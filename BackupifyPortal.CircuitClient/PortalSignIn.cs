using System.Net;

namespace BackupifyPortal.CircuitClient;

public enum SignInOutcome { SignedIn, PasswordRefused, LockedOut, SecondFactorRefused, NotFinished }

/// <summary>What the person saw: the outcome, the page's alert or field message, and the landing page's status after the hand-off.</summary>
public sealed record SignInReport(SignInOutcome Outcome, string Message, HttpStatusCode? LandingStatus = null)
{
    /// <summary>JS interop calls the server made during the sign-in's circuit.</summary>
    public int JsCalls { get; init; }

    /// <summary>Their function names, in order.</summary>
    public IReadOnlyList<string> JsCallNames { get; init; } = [];
}

/// <summary>The portal's sign-in as a person does it on the Log In page and the Two Factor Log In page (UI-CONTRACT names).</summary>
public static class PortalSignIn
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Fills Email and Password and clicks Log In on an open /login circuit.</summary>
    public static async Task<SignInReport> PasswordAsync(CircuitClient client, string email, string password, CancellationToken ct = default)
    {
        await client.FillAsync("Email", email, ct);
        await client.FillAsync("Password", password, ct);
        await client.ClickAsync("Log In", ct);
        await client.WaitForAsync(tree => client.PageLoadRequested is not null || OnSecondFactorPage(client) || (Alert(tree) is not null && !Busy(client)), StepTimeout, ct);
        if (OnSecondFactorPage(client))
        {
            await client.WaitForAsync(_ => client.FindInput("Verification code") is not null, StepTimeout, ct);
            return new SignInReport(SignInOutcome.NotFinished, "second factor asked");
        }
        if (client.PageLoadRequested is not null) return await LandAsync(client, ct);
        var alert = client.Query(Alert) ?? "";
        return new SignInReport(alert.StartsWith("Too many failed attempts", StringComparison.Ordinal) ? SignInOutcome.LockedOut : SignInOutcome.PasswordRefused, alert);
    }

    /// <summary>Types the code into Verification code and clicks Submit on the Two Factor Log In page.</summary>
    public static async Task<SignInReport> SecondFactorAsync(CircuitClient client, string code, CancellationToken ct = default)
    {
        await client.FillAsync("Verification code", code, ct);
        await client.ClickAsync("Submit", ct);
        if (client.PageLoadRequested is not null) return await LandAsync(client, ct);
        var text = client.Text();
        return new SignInReport(SignInOutcome.SecondFactorRefused, text.Length > 300 ? text[..300] : text);
    }

    /// <summary>Password, then the authenticator code when asked, then the hand-off and the signed-in page: one full sign-in on a fresh circuit.</summary>
    public static async Task<SignInReport> FullAsync(Uri baseAddress, IPAddress source, string email, string password, Func<string> authenticatorCode, CancellationToken ct = default)
    {
        await using var client = await CircuitClient.OpenAsync(baseAddress, "/login", source, ct);
        var afterPassword = await PasswordAsync(client, email, password, ct);
        var report = afterPassword.Outcome == SignInOutcome.NotFinished ? await SecondFactorAsync(client, authenticatorCode(), ct) : afterPassword;
        return report with { JsCalls = client.JsCalls, JsCallNames = [.. client.JsCallLog] };
    }

    /// <summary>The hand-off happened in the circuit; the page it sends the browser to must answer 200, not a way back to Log In.</summary>
    private static async Task<SignInReport> LandAsync(CircuitClient client, CancellationToken ct)
    {
        if (!client.HandoffStatuses.TryPeek(out var handoff) || handoff != 204)
            return new SignInReport(SignInOutcome.SecondFactorRefused, $"hand-off answered {handoff}");
        using var page = await client.LoadRequestedPageAsync(ct);
        var landedAt = page.RequestMessage?.RequestUri?.AbsolutePath ?? client.PageLoadRequested!.AbsolutePath;
        var landedOnLogin = landedAt.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
            || page.Headers.Location?.OriginalString.Contains("/login", StringComparison.OrdinalIgnoreCase) == true;
        var outcome = page.StatusCode == HttpStatusCode.OK && !landedOnLogin ? SignInOutcome.SignedIn : SignInOutcome.NotFinished;
        return new SignInReport(outcome, landedAt, page.StatusCode);
    }

    private static bool OnSecondFactorPage(CircuitClient client) => client.CurrentUri.AbsolutePath.StartsWith("/login/2fa/", StringComparison.Ordinal);

    private static bool Busy(CircuitClient client) => client.FindButton("Log In")?.Attributes.ContainsKey("disabled") == true;

    private static string? Alert(ElementTree tree) =>
        tree.Elements().FirstOrDefault(e => e.Attribute("role") == "alert") is { } alert ? alert.TextContent().Trim() : null;
}
