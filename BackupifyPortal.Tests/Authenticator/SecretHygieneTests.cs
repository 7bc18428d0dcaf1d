using BackupifyPortal.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>No code, secret, otpauth URI or recovery code ends up in a log line or the audit table.</summary>
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task LogsAndAudit_AfterWholeLifecycle_HoldNoCodeOrSecret()
    {
        await using var host = await AuthenticatorTestHost.StartAsync();
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var secrets = new List<string> { setup.SetupKey, setup.OtpAuthUri };
        var enrolCode = RfcTotp.CodeAt(setup.SetupKey, host.Clock.GetUtcNow());
        var enrolled = await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), enrolCode);
        secrets.Add(enrolCode);
        secrets.AddRange(enrolled.RecoveryCodes);

        await host.Codes.VerifyAsync(host.UserId, enrolCode);          // replay
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var signInCode = RfcTotp.CodeAt(setup.SetupKey, host.Clock.GetUtcNow());
        secrets.Add(signInCode);
        await host.Codes.VerifyAsync(host.UserId, signInCode);
        await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(setup.SetupKey, host.Clock.GetUtcNow().AddMinutes(3))); // drift
        await host.RecoveryCodes.RedeemAsync(host.UserId, enrolled.RecoveryCodes[0]);
        await host.RecoveryCodes.RedeemAsync(host.UserId, enrolled.RecoveryCodes[0]);
        await host.Enrollment.DisableAsync(host.UserId, await host.SessionAsync(), AuthenticatorTestHost.Password, null, confirmLastFactor: true);

        await using var db = await host.Db.CreateDbContextAsync();
        var audit = await db.AuditEvents.Select(a => a.Type + " " + a.Detail).ToListAsync();
        Assert.Contains(audit, a => a.StartsWith(AuditEventTypes.TotpReplayRefused));
        var everything = string.Join("\n", audit.Concat(host.Logs.Lines));
        Assert.NotEmpty(host.Logs.Lines);
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("otpauth", everything);
    }
}
