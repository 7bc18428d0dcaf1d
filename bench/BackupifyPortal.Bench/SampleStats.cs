using System.Globalization;

namespace BackupifyPortal.Bench;

/// <summary>Median, p95 and spread of a handful of samples, formatted the same way in every section.</summary>
public sealed record SampleStats(int Count, double Min, double Median, double P95, double Max)
{
    public static SampleStats Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) return new SampleStats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new SampleStats(sorted.Length, sorted[0], Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted[^1]);
    }

    // Nearest-rank percentile: the value at or below which p of the samples lie.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string F(double value, string format = "0.0") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"median (min–max, n=…)".</summary>
    public string Spread(string format = "0.0", string unit = "") =>
        $"{F(Median, format)}{unit} ({F(Min, format)}–{F(Max, format)}, n={Count})";
}
