namespace BackupifyPortal.Features.SignIn;

/// <summary>"Firefox on Windows" from a User-Agent header: enough for a person to recognise their own devices.</summary>
public static class BrowserName
{
    public static string From(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua switch
        {
            _ when ua.Contains("Edg/") => "Edge",
            _ when ua.Contains("OPR/") => "Opera",
            _ when ua.Contains("Firefox/") => "Firefox",
            _ when ua.Contains("Chrome/") || ua.Contains("Chromium/") => "Chrome",
            _ when ua.Contains("Safari/") => "Safari",
            _ => "Unknown browser",
        };
        var system = ua switch
        {
            _ when ua.Contains("Android") => "Android",
            _ when ua.Contains("iPhone") || ua.Contains("iPad") => "iOS",
            _ when ua.Contains("Windows") => "Windows",
            _ when ua.Contains("Mac OS X") || ua.Contains("Macintosh") => "macOS",
            _ when ua.Contains("CrOS") => "ChromeOS",
            _ when ua.Contains("Linux") => "Linux",
            _ => "an unknown system",
        };
        return $"{browser} on {system}";
    }
}
