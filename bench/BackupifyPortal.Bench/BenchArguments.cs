namespace BackupifyPortal.Bench;

/// <summary>The bench's own arguments (BenchmarkDotNet gets the rest) and the sections of docs/benchmarks.md.</summary>
internal static class BenchArguments
{
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static string[] Without(string[] args, params string[] names)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i])) { i++; continue; }
            kept.Add(args[i]);
        }
        return [.. kept];
    }

    /// <summary>Puts <paramref name="section"/> (starting with <paramref name="heading"/>) in place of the old one, or at the end.</summary>
    public static string ReplaceSection(string markdown, string heading, string section)
    {
        var (before, after) = Split(markdown, heading);
        return before.TrimEnd('\n') + (before.Length > 0 ? "\n\n" : "") + section + (after.Length > 0 ? "\n" + after : "");
    }

    /// <summary>A fresh micro-benchmark report, keeping the previous run's section under <paramref name="heading"/>.</summary>
    public static string KeepSection(string fresh, string previous, string heading)
    {
        var at = previous.IndexOf(heading, StringComparison.Ordinal);
        if (at < 0) return fresh;
        var (_, after) = Split(previous, heading);
        var section = previous[at..(previous.Length - after.Length)];
        return ReplaceSection(fresh, heading, section);
    }

    private static (string Before, string After) Split(string markdown, string heading)
    {
        var at = markdown.IndexOf(heading, StringComparison.Ordinal);
        if (at < 0) return (markdown, "");
        var end = markdown.IndexOf("\n## ", at + heading.Length, StringComparison.Ordinal);
        return (markdown[..at], end < 0 ? "" : markdown[(end + 1)..]);
    }
}
