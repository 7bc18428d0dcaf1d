using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.TwoFactor;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Authenticator;

public sealed class RecoveryCodeTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = default!;
    private string key = "";
    private IReadOnlyList<string> codes = [];

    public async Task InitializeAsync()
    {
        host = await AuthenticatorTestHost.StartAsync();
        (key, codes) = await host.EnrollAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void Enable_GivesTenDistinctCodesOfAtLeast112Bits()
    {
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c =>
        {
            var symbols = c.Replace("-", "");
            Assert.Matches("^[a-z2-7]+$", symbols);
            Assert.True(symbols.Length * 5 >= 112, $"{symbols.Length * 5} bits");
        });
    }

    [Fact]
    public async Task Redeem_SameCodeTwice_SecondIsRefused()
    {
        var first = await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0]);
        var second = await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0]);

        Assert.True(first.Succeeded);
        Assert.Equal(9, first.CodesLeft);
        Assert.False(second.Succeeded);
        Assert.Equal(9, await host.RecoveryCodes.CountLeftAsync(host.UserId));
    }

    [Fact]
    public async Task Redeem_TypedUpperCaseWithSpaces_IsAccepted()
    {
        var typed = codes[1].ToUpperInvariant().Replace("-", " ");
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, typed)).Succeeded);
    }

    [Fact]
    public async Task Redeem_OneCodeInParallel_ExactlyOneSucceeds()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => host.RecoveryCodes.RedeemAsync(host.UserId, codes[2]))));
        Assert.Single(results, r => r.Succeeded);
    }

    [Fact]
    public async Task Redeem_SeventhCode_WarnsThreeLeft()
    {
        RecoveryCodeResult last = default!;
        for (var i = 0; i < 7; i++) last = await host.RecoveryCodes.RedeemAsync(host.UserId, codes[i]);
        Assert.Equal(3, last.CodesLeft);
        Assert.True(last.RunningLow);
    }

    [Fact]
    public async Task Redeem_WrongCodes_FeedLockout()
    {
        for (var i = 0; i < 5; i++) await host.RecoveryCodes.RedeemAsync(host.UserId, "aaaa-bbbb-cccc-dddd");
        var result = await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0]);
        Assert.Equal(TotpCheckOutcome.LockedOut, result.Outcome);
    }

    [Fact]
    public async Task Regenerate_NeedsCurrentCode_AndVoidsOldCodes()
    {
        var refused = await host.RecoveryCodes.RegenerateAsync(host.UserId, await host.SessionAsync(), "000000" == RfcTotp.CodeAt(key, host.Clock.GetUtcNow()) ? "111111" : "000000");
        Assert.False(refused.Check.Succeeded);
        Assert.Empty(refused.Codes);

        var fresh = await host.RecoveryCodes.RegenerateAsync(host.UserId, await host.SessionAsync(), RfcTotp.CodeAt(key, host.Clock.GetUtcNow()));

        Assert.Equal(10, fresh.Codes.Count);
        Assert.False((await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0])).Succeeded);
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, fresh.Codes[0])).Succeeded);
    }

    [Fact]
    public async Task Storage_CodesAreOnlyHashes()
    {
        await using var connection = new SqliteConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CodeHash FROM RecoveryCodes";
        var stored = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));

        Assert.Equal(10, stored.Count);
        foreach (var code in codes)
        {
            var normalized = RecoveryCodeFormat.Normalize(code);
            Assert.DoesNotContain(stored, s => s.Contains(normalized, StringComparison.OrdinalIgnoreCase) || s.Contains(code));
        }
    }

    private const string Ip = "198.51.100.7";
    private DateTimeOffset Now => host.Clock.GetUtcNow();

    private async Task<List<(string Type, string? Detail, string? Ip)>> AuditRowsAsync(string userId, params string[] types)
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var rows = await db.AuditEvents.Where(e => e.UserId == userId && types.Contains(e.Type)).OrderBy(e => e.Id)
            .Select(e => new { e.Type, e.Detail, e.IpAddress }).ToListAsync();
        return rows.Select(r => (r.Type, r.Detail, r.IpAddress)).ToList();
    }

    private static List<(string Type, string? Detail, string? Ip)> Rows(params (string, string?, string?)[] rows) => [.. rows];

    [Fact]
    public async Task Redeem_TheSecurityLogSaysWhatFailedAndHowManyAreLeft_ThePersonIsMailed_AndTheFailureCountStartsAgain()
    {
        TestClient.Enter(Ip); // the audit rows below name this address
        var wrong = await host.RecoveryCodes.RedeemAsync(host.UserId, "aaaa-bbbb-cccc-dddd");
        Assert.Equal((TotpCheckOutcome.WrongCode, 1), (wrong.Outcome, wrong.Lockout!.ConsecutiveFailures));

        var right = await host.RecoveryCodes.RedeemAsync(host.UserId, codes[3]);

        Assert.Equal((TotpCheckOutcome.Accepted, 9), (right.Outcome, right.CodesLeft));
        Assert.Equal(Rows((AuditEventTypes.RecoveryCodeFailed, null, Ip), (AuditEventTypes.RecoveryCodeUsed, "9 left", Ip)),
            await AuditRowsAsync(host.UserId, AuditEventTypes.RecoveryCodeFailed, AuditEventTypes.RecoveryCodeUsed));
        Assert.Contains(await host.EmailsAsync(), m => m.Contains("A recovery code was used to log in to your account. 9 recovery codes are left."));
        Assert.Equal(0, (await host.Services.GetRequiredService<ISecondFactorLockout>().GetAsync(host.UserId)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Redeem_AnotherPersonsCode_IsWrong_AndTheirCodeStaysUnused()
    {
        var other = await host.CreateUserAsync("other@demo.test");
        var theirs = await StageCodesAsync(other);

        Assert.Equal(TotpCheckOutcome.WrongCode, (await host.RecoveryCodes.RedeemAsync(host.UserId, theirs[0])).Outcome);
        Assert.Equal(TotpCheckOutcome.WrongCode, (await host.RecoveryCodes.RedeemAsync(other, codes[0])).Outcome);
        Assert.Equal(10, await host.RecoveryCodes.CountLeftAsync(other));
        Assert.True((await host.RecoveryCodes.RedeemAsync(other, theirs[0])).Succeeded);
        Assert.Equal((10, 9), (await host.RecoveryCodes.CountLeftAsync(host.UserId), await host.RecoveryCodes.CountLeftAsync(other)));
    }

    private async Task<IReadOnlyList<string>> StageCodesAsync(string userId)
    {
        await using var db = await host.Db.CreateDbContextAsync();
        var staged = await RecoveryCodes.StageReplacementAsync(db, userId, Now, default);
        await db.SaveChangesAsync();
        return staged;
    }

    [Fact]
    public void Typed_ZeroOneAndEight_ReadAsTheLettersOIAndB_CaseDashesAndSpacesIgnored()
    {
        Assert.Equal("OIBABZ", RecoveryCodeFormat.Normalize(" 0-1 8a\tb-Z "));
        Assert.Equal("", RecoveryCodeFormat.Normalize(null));
    }

    [Fact]
    public async Task Redeem_TypedWithDigitsForLookAlikeLetters_IsAccepted()
    {
        var code = codes.FirstOrDefault(c => c.IndexOfAny(['o', 'i', 'b']) >= 0) ?? codes[0];
        var typed = code.Replace('o', '0').Replace('i', '1').Replace('b', '8');
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, typed)).Succeeded);
    }

    [Fact]
    public async Task Regenerate_WithoutFreshProof_IsRefusedBeforeTheCodeIsSpent_AndTheOldCodesStillWork()
    {
        var code = RfcTotp.CodeAt(key, Now);

        var refused = await host.RecoveryCodes.RegenerateAsync(host.UserId, "no-such-session", code);

        Assert.Equal(TotpCheckOutcome.NeedsFreshProof, refused.Check.Outcome);
        Assert.Empty(refused.Codes);
        Assert.True((await host.Codes.VerifyAsync(host.UserId, code)).Succeeded);
        Assert.True((await host.RecoveryCodes.RedeemAsync(host.UserId, codes[0])).Succeeded);
    }

    [Fact]
    public async Task Regenerate_ForAPersonWithoutAnyFactor_IsRefused_AndNoCodesAreMade()
    {
        var other = await host.CreateUserAsync("other@demo.test");

        var refused = await host.RecoveryCodes.RegenerateAsync(other, await host.SessionAsync(other), null);

        Assert.Equal(TotpCheckOutcome.NotEnrolled, refused.Check.Outcome);
        Assert.Empty(refused.Codes);
        Assert.Equal(0, await host.RecoveryCodes.CountLeftAsync(other));
    }

    [Fact]
    public async Task Regenerate_APhoneOnlyPerson_NeedsNoAppCode_TheLogAndTheirMailSayTheOldCodesAreVoid()
    {
        TestClient.Enter(Ip); // the audit rows below name this address
        var other = await host.CreateUserAsync("phone@demo.test");
        await using (var db = await host.Db.CreateDbContextAsync())
        {
            db.Factors.Add(FactorRows.Phone(other, "+15555550172", PhoneState.Verified));
            await db.SaveChangesAsync();
        }
        var old = await StageCodesAsync(other);

        var made = await host.RecoveryCodes.RegenerateAsync(other, await host.SessionAsync(other), null);

        Assert.True(made.Check.Succeeded);
        Assert.Equal(10, made.Codes.Count);
        Assert.Equal(TotpCheckOutcome.WrongCode, (await host.RecoveryCodes.RedeemAsync(other, old[0])).Outcome);
        Assert.Equal(Rows((AuditEventTypes.RecoveryCodesRegenerated, null, Ip)), await AuditRowsAsync(other, AuditEventTypes.RecoveryCodesRegenerated));
        await using var check = await host.Db.CreateDbContextAsync();
        Assert.Contains(await check.OutboxMessages.Where(m => m.To == "phone@demo.test").Select(m => m.Text).ToListAsync(),
            t => t.Contains("A new set of recovery codes was made for your account: the old codes no longer work."));
    }
}
