using System.Text;
using Microsoft.Data.Sqlite;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>What someone holding a copy of the database file sees, and what survives a restart.</summary>
public sealed class SecretStorageTests : IAsyncLifetime
{
    private AuthenticatorTestHost host = default!;

    public async Task InitializeAsync() => host = await AuthenticatorTestHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<Dictionary<string, string?>> RawProfileRowAsync() => RawRowAsync("SELECT * FROM TwoFactorProfiles WHERE UserId = $u");

    private Task<Dictionary<string, string?>> RawAppRowAsync() => RawRowAsync("SELECT * FROM Factors WHERE UserId = $u AND Kind = 2");

    private async Task<Dictionary<string, string?>> RawRowAsync(string sql)
    {
        await using var connection = new SqliteConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$u", host.UserId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount)
            .ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i)));
    }

    [Fact]
    public async Task Storage_ConfirmedSecret_NotReadableInDatabaseFile()
    {
        var (key, _) = await host.EnrollAsync();

        var row = await RawAppRowAsync();

        Assert.False(string.IsNullOrEmpty(row["SecretProtected"]));
        Assert.All(row.Values, v => Assert.DoesNotContain(key, v ?? "", StringComparison.OrdinalIgnoreCase));
        await using (var connection = new SqliteConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var file = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(host.DatabasePath));
        Assert.DoesNotContain(key, file);
    }

    [Fact]
    public async Task Storage_PendingSecret_NotReadableInDatabaseFile()
    {
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");
        var row = await RawProfileRowAsync();
        Assert.False(string.IsNullOrEmpty(row["PendingAuthenticatorSecretProtected"]));
        Assert.All(row.Values, v => Assert.DoesNotContain(setup.SetupKey, v ?? ""));
    }

    [Fact]
    public async Task Restart_NewDataProtectionOverSameDatabase_AppStillWorks()
    {
        var (key, _) = await host.EnrollAsync();
        var pendingBefore = await host.Enrollment.BeginAsync(host.UserId, "FreeOTP");

        await host.RestartAsync();

        Assert.True((await host.Codes.VerifyAsync(host.UserId, RfcTotp.CodeAt(key, host.Clock.GetUtcNow()))).Succeeded);
        Assert.Equal(pendingBefore.SetupKey, (await host.Enrollment.GetPendingAsync(host.UserId))!.SetupKey);
    }

    [Fact]
    public async Task Restart_ReplayRuleSurvives()
    {
        var (key, _) = await host.EnrollAsync();
        var code = RfcTotp.CodeAt(key, host.Clock.GetUtcNow());
        Assert.True((await host.Codes.VerifyAsync(host.UserId, code)).Succeeded);

        await host.RestartAsync();

        Assert.False((await host.Codes.VerifyAsync(host.UserId, code)).Succeeded);
    }
}
