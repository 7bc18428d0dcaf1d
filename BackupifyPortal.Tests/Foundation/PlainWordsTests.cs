using System.Reflection;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Accounts;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Support;
using MudBlazor.Services;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>What people read: security events in plain words and times in one format, in their zone, with the zone named.</summary>
public sealed class PlainWordsTests
{
    [Fact]
    public void EveryAuditEventType_HasItsOwnPlainWords()
    {
        var types = typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.All(types, t => Assert.True(AuditEventDescriptions.IsDescribed(t), $"{t} has no plain words"));
        var words = types.Select(AuditEventDescriptions.Describe).ToList();
        Assert.All(words, w => Assert.DoesNotContain(".", w));
        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.Equal("Other security event", AuditEventDescriptions.Describe("never.written"));
    }

    [Fact]
    public void SupportCard_RecentEvents_ShowPlainWordsAndZonedTimes_NeverTheEventCode()
    {
        var at = new DateTimeOffset(2026, 12, 7, 16, 40, 0, TimeSpan.Zero);
        var view = new CustomerView("u1", "pat@a.test", "Pat", EnrollmentState.None, "", null, 0, false,
            [new SupportEvent(at, AuditEventTypes.SignInPasswordAccepted, null, "10.0.0.1")], null, null);
        using var bunit = new Bunit.BunitContext();
        bunit.Services.AddMudServices();
        bunit.JSInterop.Mode = Bunit.JSRuntimeMode.Loose;

        var card = bunit.Render<BackupifyPortal.Components.Support.SupportCustomerCard>(p => p.Add(x => x.Customer, view));

        Assert.Contains("Password accepted at log in", card.Markup);
        Assert.DoesNotContain(AuditEventTypes.SignInPasswordAccepted, card.Markup);
        Assert.Contains("7 Dec 2026, 16:40 (UTC)", card.Markup);
    }

    [Fact]
    public void PersonTime_InThePersonsZone_NamesTheZone()
    {
        var at = new DateTimeOffset(2026, 7, 1, 12, 5, 0, TimeSpan.Zero);
        Assert.Equal("1 Jul 2026, 13:05 (Europe/London)", PersonTime.Format(at, "Europe/London"));
        Assert.Equal("1 Jul 2026, 12:05 (UTC)", PersonTime.Format(at, "Not/AZone"));
    }
}
