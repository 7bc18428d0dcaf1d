namespace BackupifyPortal.Features.Phone;

/// <summary>"27 s", "4 min 50 s", "1 h 2 min": how long a person must wait, rounded up to whole seconds.</summary>
public static class WaitText
{
    public static string Format(TimeSpan wait)
    {
        var total = (long)Math.Ceiling(Math.Max(0, wait.TotalSeconds));
        var (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
        if (h > 0) return m > 0 ? $"{h} h {m} min" : $"{h} h";
        if (m > 0) return s > 0 ? $"{m} min {s} s" : $"{m} min";
        return $"{s} s";
    }
}
