using System.Text.RegularExpressions;
using BackupifyPortal.Features.Authenticator;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>What the Choose Your Authenticator list tells a person about each app, and the name typed for Other.</summary>
public sealed partial class AuthenticatorAppsTests
{
    [Fact]
    public void EveryApp_HasItsOwnIconFile_AndStepsThatOpenItAndEndWithTheScan()
    {
        var wwwroot = Path.Combine(SolutionRoot(), "BackupifyPortal", "wwwroot");
        Assert.Equal(["Google Authenticator", "Microsoft Authenticator", "Authy", "Duo Mobile", "1Password", "FreeOTP", "Other"],
            AuthenticatorApps.All.Select(a => a.Name));
        Assert.Equal(AuthenticatorApps.All.Count, AuthenticatorApps.All.Select(a => a.Icon).Distinct().Count());
        foreach (var app in AuthenticatorApps.All)
        {
            Assert.True(File.Exists(Path.Combine(wwwroot, app.Icon)), $"{app.Name}: no icon file {app.Icon}");
            Assert.InRange(app.Steps.Count, 3, 4);
            Assert.All(app.Steps, s => Assert.Matches(@"^[A-Z0-9].{8,}\.$", s));
            Assert.Equal(app.Steps.Count, app.Steps.Distinct().Count());
            Assert.StartsWith(app.IsOther ? "Open your authenticator app" : $"Open {app.Name}", app.Steps[0]);
            Assert.Equal("Point the camera at the QR code on this screen.", app.Steps[^1]);
        }
    }

    [Fact]
    public void EveryNamedApp_LinksToItsOwnPageOnTheAppStoreAndGooglePlay_OtherToNone()
    {
        foreach (var app in AuthenticatorApps.All.Where(a => !a.IsOther))
        {
            Assert.Equal(["App Store", "Google Play"], app.Stores.Select(s => s.StoreName));
            Assert.Matches(AppleUrl(), app.Stores[0].Url);
            Assert.Matches(PlayUrl(), app.Stores[1].Url);
        }
        var urls = AuthenticatorApps.All.SelectMany(a => a.Stores).Select(s => s.Url).ToList();
        Assert.Equal(urls.Count, urls.Distinct().Count());
        Assert.Empty(AuthenticatorApps.All.Single(a => a.IsOther).Stores);
        Assert.Single(AuthenticatorApps.All, a => a.IsOther);
        Assert.Equal("Other", AuthenticatorApps.All[^1].Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Aegis")]
    [InlineData("Ægis 2FA ✓ 👍")]
    public void OtherName_UsableOrNotTypedYet_HasNoError(string? typed) => Assert.Null(AuthenticatorApps.OtherNameError(typed));

    [Fact]
    public void OtherName_FortyCharactersAfterTrimming_IsAccepted_FortyOneAreNot()
    {
        Assert.Null(AuthenticatorApps.OtherNameError("  " + new string('a', 40) + "  "));
        Assert.Equal("Use at most 40 characters.", AuthenticatorApps.OtherNameError(new string('a', 41)));
    }

    [Theory]
    [InlineData("Aegis\u202E")]
    [InlineData("Ae\u200Bgis")]
    [InlineData("Aegis\n2")]
    public void OtherName_WithHiddenOrControlCharacters_IsRefusedWithTheReason(string typed) =>
        Assert.Equal("Remove the hidden or control characters from the name.", AuthenticatorApps.OtherNameError(typed));

    [GeneratedRegex(@"^https://apps\.apple\.com/app/[a-z0-9-]+/id\d{6,}$")]
    private static partial Regex AppleUrl();

    [GeneratedRegex(@"^https://play\.google\.com/store/apps/details\?id=[a-z0-9]+(\.[a-z0-9]+)+$")]
    private static partial Regex PlayUrl();

    private static string SolutionRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("BackupifyPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
