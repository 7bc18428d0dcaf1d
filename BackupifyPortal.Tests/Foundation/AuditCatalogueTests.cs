using System.Reflection;
using System.Text.RegularExpressions;
using BackupifyPortal.Features.Audit;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>Audit types live in one catalogue: a writer and a reader can no longer spell the same event two ways.</summary>
public sealed partial class AuditCatalogueTests
{
    [Fact]
    public void AppSource_NamesNoAuditTypeOutsideTheCatalogue()
    {
        var catalogue = typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var app = Path.Combine(SolutionRoot(), "BackupifyPortal");
        var offenders = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs") || p.EndsWith(".razor")) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && Path.GetFileName(p) != "AuditEventTypes.cs")
            .SelectMany(p => AuditLiteral().Matches(File.ReadAllText(p)).Select(m => $"{Path.GetRelativePath(app, p)}: {m.Value}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Audit types written as strings outside AuditEventTypes:\n" + string.Join("\n", offenders));
        Assert.Equal(catalogue.Count, typeof(AuditEventTypes).GetFields().Length); // no two constants share a value
    }

    private static string SolutionRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("BackupifyPortal.sln not found above " + AppContext.BaseDirectory);
    }

    // Event types are dotted lower-case names starting with the catalogue's prefixes.
    [GeneratedRegex(@"""(2fa|signin|signout|sessions|reauth|password|support)(\.[a-z_-]+)+""")]
    private static partial Regex AuditLiteral();
}
