namespace BackupifyPortal.Features.Operations;

/// <summary>Section "Portal": how the outside world reaches this portal.</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// The https address people open (e.g. https://portal.example.com), the base of links in emails. Required outside
    /// Development: a link built from a request's Host header could point a setup token at someone else's site.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
