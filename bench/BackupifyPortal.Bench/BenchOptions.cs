namespace BackupifyPortal.Bench;

/// <summary>
/// The bench's own switches, taken out before BenchmarkDotNet sees the rest:
/// <c>--only micro|throughput|circuits|pageweight</c> (repeatable; default: everything),
/// <c>--quick</c> (fewer samples and circuit steps), <c>--max-circuits N</c> (ceiling of the step-up).
/// </summary>
public sealed record BenchOptions(IReadOnlySet<string> Only, bool Quick, int MaxCircuits, string[] BenchmarkDotNetArgs)
{
    public static BenchOptions Parse(string[] args)
    {
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        var quick = false;
        var maxCircuits = 1000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only" when i + 1 < args.Length: only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                case "--quick": quick = true; break;
                case "--max-circuits" when i + 1 < args.Length: maxCircuits = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: rest.Add(args[i]); break;
            }
        }
        return new BenchOptions(only, quick, maxCircuits, [.. rest]);
    }

    public bool Runs(string section) => Only.Count == 0 || Only.Contains(section);
}
