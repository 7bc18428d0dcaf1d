using BackupifyPortal.Features.Authenticator;
using Microsoft.Data.Sqlite;

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
}
