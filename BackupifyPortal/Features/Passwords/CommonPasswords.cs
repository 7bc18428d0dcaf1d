namespace BackupifyPortal.Features.Passwords;

/// <summary>
/// The blocklist of common and breached passwords, embedded in the app (no network look-up at change time).
/// A match ignores case and the digits or symbols people tack on at the end ("Password2026!" is "password").
/// </summary>
public sealed class CommonPasswords
{
    private const string ResourceName = "BackupifyPortal.Features.Passwords.CommonPasswords.txt";
    private readonly HashSet<string> entries;

    public CommonPasswords()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        entries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) entries.Add(line);
    }

    public int Count => entries.Count;

    public bool Contains(string password)
    {
        if (entries.Contains(password)) return true;
        var stem = password.TrimEnd(SuffixCharacters);
        return stem.Length >= 4 && stem.Length < password.Length && entries.Contains(stem);
    }

    private static readonly char[] SuffixCharacters = "0123456789!@#$%^&*?.-_ ".ToCharArray();
}
