using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BackupifyPortal.Features.SignIn;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies named in configuration
/// (<c>ForwardedHeaders:KnownProxies</c>, addresses; <c>ForwardedHeaders:KnownNetworks</c>, CIDR ranges). None by
/// default: then the headers are ignored, so nobody can forge the address that limits and the audit log record.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration config)
    {
        // Parsed at start-up, so a mistyped address stops the portal with a clear message instead of trusting nothing silently.
        var proxies = Values(config.GetSection($"{Section}:KnownProxies")).Select(v => Parse(v, (string t, out IPAddress a) => IPAddress.TryParse(t, out a!), "KnownProxies")).ToList();
        var networks = Values(config.GetSection($"{Section}:KnownNetworks")).Select(v => Parse(v, (string t, out System.Net.IPNetwork n) => System.Net.IPNetwork.TryParse(t, out n), "KnownNetworks")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
            // The middleware trusts every sender when both lists are empty: with no proxy configured, forward nothing.
            o.ForwardedHeaders = proxies.Count + networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        return services;
    }

    // A list in JSON (["10.0.0.1"]) or one comma-separated value from an environment variable.
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } one ? one.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
        .Select(v => v.Trim()).Where(v => v.Length > 0);

    private delegate bool TryParser<T>(string text, out T value);

    private static T Parse<T>(string text, TryParser<T> tryParse, string key) =>
        tryParse(text, out var value) ? value : throw new InvalidOperationException($"{Section}:{key} holds '{text}', which is not an IP {(key == "KnownProxies" ? "address" : "network in CIDR form")}.");
}
