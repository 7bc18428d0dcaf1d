using Xunit.Abstractions;

[assembly: TestCollectionOrderer("BackupifyPortal.Tests.Infrastructure.LongestFirstCollectionOrder", "BackupifyPortal.Tests")]

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// Starts the longest collections first (the slowest classes `.ci/run` prints), so that on 2 threads the run does
/// not end with one long collection running alone while the other thread idles. Only the order changes, never what runs.
/// </summary>
public sealed class LongestFirstCollectionOrder : ITestCollectionOrderer
{
    // Longest first; a collection not named here keeps xunit's own order after these.
    private static readonly string[] Longest =
    [
        BrowserCollection.Name, "CrashRecoveryTests", "CircuitGuardTests", "WrongPasswordLoadTests", "ConsoleFieldTests",
        "SecurityLogTests", "PasswordLimitTests", "AuthenticatorFieldTests", "EnumerationTests", "ChannelButtonsBrowserTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank);

    private static int Rank(ITestCollection collection)
    {
        for (var i = 0; i < Longest.Length; i++)
            if (collection.DisplayName == Longest[i] || collection.DisplayName.Contains("." + Longest[i], StringComparison.Ordinal)) return i;
        return Longest.Length;
    }
}
