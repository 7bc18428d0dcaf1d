namespace BackupifyPortal.Bench;

/// <summary>
/// The bench's own switches, taken out before BenchmarkDotNet sees the rest:
/// <c>--only micro|throughput|circuits|pageweight|cluster</c> (repeatable; default: everything),
/// <c>--quick</c> (fewer samples and circuit steps), <c>--max-circuits N</c> (ceiling of the step-up).
/// </summary>
/// <c>--duration S</c>, <c>--people N</c> and <c>--clients 1,2,4,8,32</c> (sign-in throughput: seconds per client level,
/// people with an authenticator, the client levels); <c>--max-idle-circuits N</c> (ceiling of the cluster section's protocol-client step-up);
/// <c>--skip-sign-in</c> (the cluster section runs only its circuit step-up); <c>--cluster-circuits-only</c> (no step-up on the single instance); <c>--idle-seconds S</c> (each step's idle CPU window).
public sealed record BenchOptions(IReadOnlySet<string> Only, bool Quick, int MaxCircuits, string[] BenchmarkDotNetArgs, double? Duration = null, int? People = null,
    int[]? Clients = null, int MaxIdleCircuits = 10_000, bool SkipSignIn = false, int IdleSeconds = 30, bool ClusterCircuitsOnly = false)
{
    public int[] ThroughputClients => Clients ?? [1, 2, 4, 8, 32];
    public TimeSpan ThroughputDuration => TimeSpan.FromSeconds(Duration ?? (Quick ? 12 : 20));
    public int ThroughputPeople => People ?? (Quick ? 600 : 800);

    public static BenchOptions Parse(string[] args)
    {
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        var quick = false;
        var maxCircuits = 5000;  // above what this machine's memory holds in Chromium tabs, so the step-up ends at the machine's limit
        double? duration = null;
        int? people = null;
        int[]? clients = null;
        var maxIdleCircuits = 10_000;
        var skipSignIn = false;
        var clusterCircuitsOnly = false;
        var idleSeconds = 30;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only" when i + 1 < args.Length: only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                case "--quick": quick = true; break;
                case "--skip-sign-in": skipSignIn = true; break;
                case "--cluster-circuits-only": clusterCircuitsOnly = true; break;
                case "--idle-seconds" when i + 1 < args.Length: idleSeconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--max-idle-circuits" when i + 1 < args.Length: maxIdleCircuits = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--max-circuits" when i + 1 < args.Length: maxCircuits = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--duration" when i + 1 < args.Length: duration = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--people" when i + 1 < args.Length: people = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--clients" when i + 1 < args.Length: clients = [.. args[++i].Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))]; break;
                default: rest.Add(args[i]); break;
            }
        }
        return new BenchOptions(only, quick, maxCircuits, [.. rest], duration, people, clients, maxIdleCircuits, skipSignIn, idleSeconds, clusterCircuitsOnly);
    }

    public bool Runs(string section) => Only.Count == 0 || Only.Contains(section);
}
