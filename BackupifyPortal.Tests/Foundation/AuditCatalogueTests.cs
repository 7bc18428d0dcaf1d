using System.Reflection;
using System.Text.RegularExpressions;
using BackupifyPortal.Features.Audit;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>Audit types live in one catalogue: a writer and a reader can no longer spell the same event two ways.</summary>
public sealed class AuditCatalogueTests
{
    [Fact]
    public void AppSource_NamesNoAuditTypeOutsideTheCatalogue()
    {
        var catalogue = typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var app = Path.Combine(SolutionRoot(), "BackupifyPortal");
        var offenders = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs") || p.EndsWith(".razor")) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && Path.GetFileName(p) != "AuditEventTypes.cs")
            .SelectMany(p => AuditLiteral(catalogue).Matches(File.ReadAllText(p)).Select(m => $"{Path.GetRelativePath(app, p)}: {m.Value}"))
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

    // Event types are dotted lower-case names starting with one of the catalogue's own prefixes ("2fa.", "account.", …),
    // so a type of a new prefix is looked for as soon as it is in the catalogue.
    // A type with no dot ("signout") is looked for as itself.
    private static Regex AuditLiteral(IEnumerable<string> catalogue) =>
        new($@"""(({string.Join("|", catalogue.Select(t => Regex.Escape(t.Split('.')[0])).Distinct())})(\.[a-z0-9_-]+)+|{string.Join("|", catalogue.Where(t => !t.Contains('.')).Select(Regex.Escape))})""");

    [Fact]
    public void TheSourceCheck_LooksForEveryPrefixOfTheCatalogue()
    {
        var catalogue = typeof(AuditEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        foreach (var type in catalogue)
            Assert.Matches(AuditLiteral(catalogue), $"\"{type}\"");
        Assert.Matches(AuditLiteral(catalogue), "\"account.some-new-event\"");
        Assert.Matches(AuditLiteral(catalogue), "\"webhook.some-new-event\"");
    }
}
