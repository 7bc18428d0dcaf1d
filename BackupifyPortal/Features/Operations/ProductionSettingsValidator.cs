using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Operations;

/// <summary>
/// Outside Development the portal refuses to start without what keeps codes and links safe: a secret code hash key,
/// its public address, and real senders for texts and emails (or the explicit database outbox).
/// </summary>
public sealed class ProductionSettingsValidator(
    IHostEnvironment environment,
    IOptions<PhoneOptions> phone,
    IOptions<TwilioOptions> twilio,
    IOptions<SmtpOptions> smtp,
    IOptions<OutboxOptions> outbox) : IValidateOptions<PortalOptions>
{
    public const int MinimumHashKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        if (environment.IsDevelopment()) return ValidateOptionsResult.Success;
        var missing = new List<string>();
        if (!IsStrongKey(phone.Value.HashKey))
            missing.Add($"Phone:HashKey (a secret base64 key of at least {MinimumHashKeyBytes} bytes: openssl rand -base64 32)");
        if (!IsHttpsUrl(options.PublicBaseUrl))
            missing.Add("Portal:PublicBaseUrl (the https address people open, e.g. https://portal.example.com)");
        if (outbox.Value.Mode != OutboxMode.Database)
        {
            var t = twilio.Value;
            if (!t.IsConfigured || string.IsNullOrWhiteSpace(t.FromNumber))
                missing.Add("Twilio:AccountSid, Twilio:AuthToken (or Twilio:ApiKeySid and Twilio:ApiKeySecret) and Twilio:FromNumber");
            if (string.IsNullOrWhiteSpace(smtp.Value.Host))
                missing.Add("Smtp:Host (and Smtp:From, Smtp:User, Smtp:Password as your mail server needs)");
        }
        // The page lists every code in plain text: only for a demo whose messages go nowhere but the table.
        if (outbox.Value.Page && outbox.Value.Mode != OutboxMode.Database)
            missing.Add("Outbox:Mode=Database (Outbox:Page shows every code and link, so it is refused while messages are really sent)");
        if (missing.Count == 0) return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(
            $"The portal will not start in the {environment.EnvironmentName} environment without these settings: {string.Join("; ", missing)}. " +
            "To keep texts and emails (codes and setup links in plain text) in the database instead of sending them, set Outbox:Mode=Database.");
    }

    private static bool IsStrongKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return false;
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= MinimumHashKeyBytes;
    }

    private static bool IsHttpsUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
