using System.Reflection;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace BackupifyPortal.Tests.Security;

/// <summary>Keeps docs/security.md in step with the tests: every test it names exists, and every "Holds" names one.</summary>
public partial class SecurityChecklistTests(ITestOutputHelper output)
{
    private static readonly string[] Statuses = ["Holds", "Partly", "Not met", "Not applicable"];

    [Fact]
    public void Checklist_EveryNamedTest_IsAFactOrTheoryInThisAssembly()
    {
        var known = KnownTests();
        var missing = ChecklistRow.ReadAll()
            .SelectMany(row => row.Tests.Select(test => (row.Id, test)))
            .Where(named => !known.Contains(named.test))
            .Select(named => $"{named.Id}: {named.test}")
            .ToList();

        Assert.True(missing.Count == 0, "docs/security.md names tests that do not exist:\n" + string.Join("\n", missing));
    }

    /// <summary>
    /// A named test must also run and check something: its class is public and concrete (xunit runs nothing else), it is
    /// not skipped, and its body (with its async state machine, lambdas and the test project's helpers it calls) reaches an
    /// xunit Assert, a Playwright Expect or bUnit's WaitForAssertion.
    /// </summary>
    [Fact]
    public void Checklist_EveryNamedTest_RunsAndAssertsSomething()
    {
        var tests = TestMethods().ToLookup(m => $"{m.DeclaringType!.Name}.{m.Name}");
        var named = ChecklistRow.ReadAll().SelectMany(row => row.Tests).Distinct().Where(tests.Contains).ToList();
        var weak = named.SelectMany(name => tests[name].Select(method => (name, why: WhyItCannotFail(method)))).Where(t => t.why is not null)
            .Select(t => $"{t.name}: {t.why}").ToList();

        Assert.True(named.Count >= 100, $"only {named.Count} named tests found");
        Assert.True(weak.Count == 0, "docs/security.md names tests that cannot fail for their rule:\n" + string.Join("\n", weak));
    }

    private static string? WhyItCannotFail(MethodInfo method)
    {
        var type = method.DeclaringType!;
        if (!type.IsPublic && !type.IsNestedPublic) return "its class is not public, so xunit does not run it";
        if (type.IsAbstract && !method.IsStatic) return "its class is abstract";
        if (method.GetCustomAttributes<FactAttribute>(inherit: true).FirstOrDefault(f => f.Skip is not null) is { } skipped) return $"skipped ({skipped.Skip})";
        return TestAssertions.Reaches(method) ? null : "no Assert, Expect or WaitForAssertion is reached from its body";
    }

    private static IEnumerable<MethodInfo> TestMethods() =>
        typeof(SecurityChecklistTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    [Fact]
    public void Checklist_EveryRowThatHolds_NamesATest()
    {
        var unproven = ChecklistRow.ReadAll().Where(r => r.Status == "Holds" && r.Tests.Count == 0).Select(r => r.Id).ToList();

        Assert.True(unproven.Count == 0, "Rows marked Holds without a proving test: " + string.Join(", ", unproven));
    }

    [Fact]
    public void Checklist_EveryRow_HasAKnownStatusAndTheRestSayWhy()
    {
        var rows = ChecklistRow.ReadAll();

        Assert.True(rows.Count >= 40, $"Only {rows.Count} checklist rows parsed from docs/security.md");
        Assert.All(rows, row =>
        {
            Assert.True(Statuses.Contains(row.Status), $"{row.Id}: unknown status '{row.StatusText}'");
            if (row.Status != "Holds") Assert.True(row.Reason.Length > 0, $"{row.Id}: '{row.Status}' needs a reason after the dash");
            // A row whose test is still being written cannot claim to hold yet.
            if (row.HasTodo) Assert.NotEqual("Holds", row.Status);
        });
        var duplicates = rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Duplicate ids: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Checklist_NoRowIsStillWaitingForItsTest()
    {
        var waiting = ChecklistRow.ReadAll().Where(r => r.HasTodo).Select(r => r.Id).ToList();

        Assert.True(waiting.Count == 0, "Rows still naming a TODO instead of a test: " + string.Join(", ", waiting));
    }

    [Fact]
    public void Checklist_RowsPerStatus_AreReported()
    {
        var rows = ChecklistRow.ReadAll();

        foreach (var status in Statuses)
            output.WriteLine($"{status}: {rows.Count(r => r.Status == status)}");
        output.WriteLine($"Rows still waiting for a test (TODO(lead)): {rows.Count(r => r.HasTodo)}");
        output.WriteLine($"Total: {rows.Count}");
        Assert.NotEmpty(rows);
    }

    private static HashSet<string> KnownTests() =>
        typeof(SecurityChecklistTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any())
                .Select(method => $"{type.Name}.{method.Name}"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>One row of a checklist table: | Id | Source | Requirement | Our rule | Proving tests | Status |.</summary>
    private sealed partial record ChecklistRow(string Id, IReadOnlyList<string> Tests, bool HasTodo, string StatusText)
    {
        public string Status => Statuses.FirstOrDefault(s => StatusText.StartsWith(s, StringComparison.Ordinal)) ?? StatusText;
        public string Reason => StatusText.Length > Status.Length ? StatusText[Status.Length..].TrimStart(' ', '—', '-', ':').Trim() : "";

        public static List<ChecklistRow> ReadAll()
        {
            var rows = new List<ChecklistRow>();
            string[]? header = null;
            foreach (var line in File.ReadLines(DocumentPath()))
            {
                if (!line.StartsWith('|')) { header = null; continue; }
                var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (header is null) { header = cells; continue; }
                if (cells.All(c => c.StartsWith("---", StringComparison.Ordinal) || c.StartsWith(":--", StringComparison.Ordinal))) continue;
                if (header.Length != 6 || header[0] != "Id" || header[4] != "Proving tests" || header[5] != "Status") continue;
                Assert.True(cells.Length == 6, $"Checklist row with {cells.Length} cells instead of 6: {line}");

                var testsCell = TodoPattern().Replace(cells[4], "");
                var tests = TestNamePattern().Matches(testsCell).Select(m => m.Groups[1].Value).ToList();
                rows.Add(new ChecklistRow(cells[0].Trim('*', '`'), tests, TodoPattern().IsMatch(cells[4]), cells[5]));
            }
            return rows;
        }

        private static string DocumentPath()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln")))
                    return Path.Combine(dir.FullName, "docs", "security.md");
            throw new InvalidOperationException("BackupifyPortal.sln not found above " + AppContext.BaseDirectory);
        }

        [GeneratedRegex(@"`TODO\(lead\):[^`]*`")]
        private static partial Regex TodoPattern();

        [GeneratedRegex(@"`([A-Za-z_]\w*\.[A-Za-z_]\w*)`")]
        private static partial Regex TestNamePattern();
    }
}
