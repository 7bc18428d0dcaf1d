using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.Phone;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>
/// Outside Development the portal starts only with what keeps codes and links safe (README "Run a production
/// build"), demo people come only from Demo:Seed, and links in emails carry the portal's own address.
/// </summary>
public class ProductionStartupTests
{
    private static readonly Uri Https = new("https://portal.example/");

    [Fact]
    public async Task Production_WithNoSettings_FailsAtStartNamingEveryMissingSettingBeforeTouchingTheDatabase()
    {
        await using var app = new PortalAppFactory(environment: "Production", productionSettings: false);

        var failure = StartupFailure(app);

        Assert.Contains("Phone:HashKey", failure);
        Assert.Contains("Portal:PublicBaseUrl", failure);
        Assert.Contains("Twilio:AccountSid", failure);
        Assert.Contains("Twilio:FromNumber", failure);
        Assert.Contains("Smtp:Host", failure);
        Assert.Contains("Outbox:Mode=Database", failure);
        Assert.False(File.Exists(app.DatabasePath), "no migration and no seeding before the settings are there");
    }

    [Fact]
    public async Task Production_WithTheDatabaseOutboxChosen_StillNeedsItsOwnHashKey()
    {
        // The public development key reversed a stored SMS code hash in 2.6 s: no switch makes it acceptable.
        await using var app = new PortalAppFactory(environment: "Production", productionSettings: false, settings: new Dictionary<string, string?>
        {
            ["Outbox:Mode"] = "Database",
            ["Portal:PublicBaseUrl"] = "https://portal.example",
            ["Phone:HashKey"] = Convert.ToBase64String(new byte[16]),
        });

        var failure = StartupFailure(app);

        Assert.Contains("Phone:HashKey", failure);
        Assert.DoesNotContain("Twilio", failure);
        Assert.DoesNotContain("Smtp", failure);
        Assert.DoesNotContain("Portal:PublicBaseUrl", failure);
    }

    [Fact]
    public async Task Production_WithTwilioAndSmtpSettings_StartsAndSendsForReal()
    {
        await using var app = new PortalAppFactory(environment: "Production", productionSettings: false, settings: new Dictionary<string, string?>
        {
            ["Phone:HashKey"] = PortalAppFactory.ProductionSettings["Phone:HashKey"],
            ["Portal:PublicBaseUrl"] = "https://portal.example",
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["Twilio:AuthToken"] = "test-token",
            ["Twilio:FromNumber"] = "+15005550006",
            ["Smtp:Host"] = "smtp.example",
        });

        Assert.IsType<TwilioCodeSender>(app.Services.GetRequiredService<ICodeSender>());
        Assert.IsType<SmtpEmailSender>(app.Services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public async Task Production_WithTheOutboxSwitch_StartsWithNoDemoPeopleAndNoDevOutbox()
    {
        await using var app = new PortalAppFactory(environment: "Production");
        using var client = app.CreateDefaultClient(Https);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/outbox")).StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.Users.ToListAsync());
    }

    [Fact]
    public async Task Development_WithDemoSeedOff_SeedsNobody()
    {
        // The environment name never implies demo people with the published password: only Demo:Seed does.
        await using var app = new PortalAppFactory(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = app.Services;

        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.Users.ToListAsync());
    }

    [Fact]
    public async Task SetupLink_InProduction_CarriesTheConfiguredPublicAddress()
    {
        await using var app = new PortalAppFactory(environment: "Production", settings: new Dictionary<string, string?> { ["Demo:Seed"] = "true" });

        var mail = await SendSetupLinkToSelfAsync(app);

        Assert.Contains("https://portal.example/setup/", mail);
        Assert.DoesNotContain("localhost", mail);
    }

    [Fact]
    public async Task SetupLink_InDevelopmentWithNoPublicAddress_CarriesTheAddressThePortalListensOn()
    {
        await using var server = new LivePortalServer();

        var mail = await SendSetupLinkToSelfAsync(server);

        Assert.Contains($"{server.BaseUrl}/setup/", mail);
        Assert.DoesNotContain("localhost:5115", mail);
    }

    [Fact]
    public void LaunchProfiles_PinNoEnvironmentVariable_OnlyADefaultTheShellOverrides()
    {
        // `dotnet run` puts a profile's variables over the shell's, and DOTNET_ENVIRONMENT beats ASPNETCORE_ENVIRONMENT:
        // a profile naming either ran `ASPNETCORE_ENVIRONMENT=Production dotnet run` as Development, demo people and all.
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectFolder(), "Properties", "launchSettings.json")));
        var profiles = launch.RootElement.GetProperty("profiles").EnumerateObject().ToList();

        Assert.NotEmpty(profiles);
        Assert.All(profiles, profile =>
        {
            var variables = profile.Value.GetProperty("environmentVariables");
            Assert.False(variables.TryGetProperty("ASPNETCORE_ENVIRONMENT", out _), $"profile {profile.Name} pins ASPNETCORE_ENVIRONMENT");
            Assert.False(variables.TryGetProperty("DOTNET_ENVIRONMENT", out _), $"profile {profile.Name} pins DOTNET_ENVIRONMENT");
            Assert.Equal("Development", variables.GetProperty(LaunchEnvironment.DefaultVariable).GetString());
        });
    }

    [Fact]
    public async Task DotnetRun_WithAspNetCoreEnvironmentProductionInTheShell_RunsAsProductionNotTheProfilesDevelopment()
    {
        // Exactly the operator's command: `ASPNETCORE_ENVIRONMENT=Production dotnet run --project BackupifyPortal`.
        var databasePath = PortalAppFactory.NewDatabasePath();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "run", "--no-build", "-c", BuildConfiguration(), "--project", ProjectFolder(), "--", "--urls", "http://127.0.0.1:0" })
            info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        info.Environment["ConnectionStrings__Portal"] = $"Data Source={databasePath}";
        using var run = Process.Start(info)!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try { await run.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { run.Kill(entireProcessTree: true); }
            var said = await output + await errors;

            Assert.DoesNotContain("Seeded demo person", said);
            Assert.Contains("will not start in the Production environment", said);
            Assert.NotEqual(0, run.ExitCode);
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            PortalAppFactory.DeleteDatabaseFiles(databasePath);
        }
    }

    [Theory]
    [InlineData(null, null, "", "Development")]
    [InlineData("Production", null, "", null)]
    [InlineData(null, "Staging", "", null)]
    [InlineData(null, null, "--environment=Production", null)]
    [InlineData(null, null, "--environment Production", null)]
    public void LaunchDefault_AppliesOnlyWhenTheOperatorNamedNoEnvironment(string? aspNetCore, string? dotnet, string args, string? expected)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = aspNetCore, ["DOTNET_ENVIRONMENT"] = dotnet, [LaunchEnvironment.DefaultVariable] = "Development",
        };

        var chosen = LaunchEnvironment.DefaultWhenUnset(name => variables.GetValueOrDefault(name), args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(expected, chosen);
    }

    private static string StartupFailure(PortalAppFactory app)
    {
        var thrown = Record.Exception(() => app.Services);
        Assert.NotNull(thrown);
        for (Exception? e = thrown; e is not null; e = e.InnerException)
            if (e is OptionsValidationException validation) return validation.Message;
        throw new Xunit.Sdk.XunitException($"start-up failed, but not with the settings message: {thrown}");
    }

    private static async Task<string> SendSetupLinkToSelfAsync(PortalAppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var person = await db.Users.SingleAsync(u => u.Email == DemoPeople.Direct);
        Assert.True((await app.Services.GetRequiredService<SetupLinks>().SendToSelfAsync(person.Id)).Sent);
        var mail = await db.OutboxMessages.Where(m => m.To == DemoPeople.Direct && m.Channel == OutboxEmailSender.Channel).SingleAsync();
        return mail.Text;
    }

    /// <summary>Debug or Release, as the test binaries were built (…/bin/Debug/net10.0/).</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal", "BackupifyPortal.csproj"))) return Path.Combine(dir.FullName, "BackupifyPortal");
        throw new DirectoryNotFoundException("BackupifyPortal/ not found above the test binaries");
    }
}
