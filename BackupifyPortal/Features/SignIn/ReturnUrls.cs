namespace BackupifyPortal.Features.SignIn;

/// <summary>The one place that decides whether a return URL may be followed: local paths only.</summary>
public static class ReturnUrls
{
    public static string? LocalOrNull(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048) return null;
        // "/x" is local; "//host" and "/\host" are protocol-relative; anything with a scheme is absolute.
        if (url[0] != '/') return null;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return null;
        if (url.Any(char.IsControl)) return null;
        if (url.StartsWith("/login", StringComparison.OrdinalIgnoreCase)) return null;
        return url;
    }
}
