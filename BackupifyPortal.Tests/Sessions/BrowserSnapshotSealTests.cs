using System.Text.Json;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Sessions;

/// <summary>
/// The page's persisted browser snapshot (binding, remembered person; never the client address) opens in a circuit only when
/// fresh, untouched and from the same session: an old payload replayed, a tampered one or a hand-made one gives nothing.
/// </summary>
public class BrowserSnapshotSealTests(FakeClockPortalApp app) : IClassFixture<FakeClockPortalApp>
{
    private static readonly BrowserSnapshot Remembered = new("BINDING", "person-1");
    private BrowserSnapshotSeal Seal => app.Services.GetRequiredService<BrowserSnapshotSeal>();

    [Fact]
    public void FreshSeal_OpensInTheSameSession()
    {
        var sealedValue = Seal.Seal(Remembered, "session-1");

        Assert.Equal(Remembered, Seal.Open(sealedValue, "session-1"));
    }

    [Fact]
    public void SealReplayedAfterTwoMinutes_IsRefused()
    {
        var sealedValue = Seal.Seal(Remembered, sessionId: null);
        app.Clock!.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(Remembered, Seal.Open(sealedValue, sessionId: null));

        app.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(Seal.Open(sealedValue, sessionId: null));
    }

    [Fact]
    public void SealFromAnotherSession_OrFromASignedOutPage_IsRefused()
    {
        Assert.Null(Seal.Open(Seal.Seal(Remembered, "session-1"), "session-2"));
        Assert.Null(Seal.Open(Seal.Seal(Remembered, sessionId: null), "session-2"));
        Assert.Null(Seal.Open(Seal.Seal(Remembered, "session-1"), sessionId: null));
    }

    [Fact]
    public void TamperedOrHandMadePayload_IsRefused()
    {
        var sealedValue = Seal.Seal(Remembered, sessionId: null);
        var flipped = sealedValue[..10] + (sealedValue[10] == 'A' ? 'B' : 'A') + sealedValue[11..];

        Assert.Null(Seal.Open(flipped, sessionId: null));
        // The shape persisted before: the snapshot as plain JSON, trusted by the circuit as it came.
        Assert.Null(Seal.Open(JsonSerializer.Serialize(Remembered), sessionId: null));
        Assert.Null(Seal.Open("", sessionId: null));
    }
}
