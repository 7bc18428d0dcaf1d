using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Operations;

/// <summary>The base of links the portal sends out (setup links in emails).</summary>
public sealed class PortalAddress(IOptions<PortalOptions> options, IServiceProvider services)
{
    /// <summary>
    /// Portal:PublicBaseUrl (start-up requires it outside Development); in Development without it, the address
    /// the portal listens on (http://localhost:5115 under dotnet run), or the in-memory test server's http://localhost.
    /// </summary>
    public string BaseUrl => (options.Value.PublicBaseUrl ?? ListeningAddress() ?? "http://localhost").TrimEnd('/');

    private string? ListeningAddress()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (address is null) return null;
        // Kestrel's wildcard hosts (http://+:80, http://[::]:80) are not addresses a person can open.
        return address.Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost");
    }
}
