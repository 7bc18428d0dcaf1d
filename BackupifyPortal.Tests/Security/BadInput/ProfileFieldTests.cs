using BackupifyPortal.Components.Settings;
using BackupifyPortal.Data;
using BackupifyPortal.Tests.Components;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using static BackupifyPortal.Tests.Security.BadInput.BadInputAssert;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>User Settings → Profile: Display name and Time zone fed every hostile value; the saved row is read back.</summary>
public sealed class ProfileFieldTests : PortalComponentTest
{
    private const string OriginalName = "Pat Original";

    private async Task<(IRenderedComponent<ProfileSettingsPanel> Cut, PortalUser User)> RenderPanelAsync()
    {
        var (user, _) = await SignInPersonAsync(OriginalName, AccountKind.PartnerPortal);
        RenderProviders();
        var cut = Render<ProfileSettingsPanel>(p => p.AddCascadingValue(user));
        return (cut, user);
    }

    private async Task<PortalUser> StoredAsync(string id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task DisplayName_HostileValue_IsRefusedUnderTheFieldOrStoredAsCleanText(string name)
    {
        var value = HostileInputs.Value(name);
        var (cut, user) = await RenderPanelAsync();
        Field(cut, "Display name").Change(value);
        await Button(cut, "Save profile").ClickAsync(new MouseEventArgs());

        var stored = await StoredAsync(user.Id);
        var message = MessageUnder(cut, "Display name");
        if (message is null)
        {
            // Accepted: exactly the trimmed text, short, and nothing invisible or unprintable in it.
            Assert.Equal(value.Trim(), stored.DisplayName);
            Assert.InRange(stored.DisplayName.Length, 1, 100);
            Assert.DoesNotContain('\uFFFD', stored.DisplayName);
            Assert.False(BackupifyPortal.Features.Accounts.TypedText.HasHiddenCharacters(stored.DisplayName), "A name with control, bidi, zero-width or broken characters was stored");
        }
        else Assert.Equal(OriginalName, stored.DisplayName);
        if (name is "empty" or "whitespace" or "long10k" or "longDigits" or "nul" or "crlf" or "bell" or "loneSurrogate" or "rtlOverride" or "zeroWidth" or "combiningMarks")
            Assert.NotNull(message);
        RenderedAsText(cut);
        NoUnhandledException(this);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Cases), MemberType = typeof(HostileInputs))]
    public async Task TimeZone_HostileValue_NeverStoresAnythingButARealZone(string name)
    {
        var (cut, user) = await RenderPanelAsync();
        var input = Field(cut, "Time zone");
        input.Input(HostileInputs.Value(name));
        Field(cut, "Time zone").Blur();
        await Button(cut, "Save profile").ClickAsync(new MouseEventArgs());

        var stored = await StoredAsync(user.Id);
        Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(stored.TimeZoneId, out _), $"Stored time zone '{stored.TimeZoneId}'");
        RenderedAsText(cut);
        NoUnhandledException(this);
    }
}
