using BackupifyPortal.Features.Phone;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// Test hosts start from the app's own wiring (<c>AddPortalFeatures</c>, what Program.cs runs) and then replace only what
/// they fake, each by name (<see cref="Overridable"/>): the clock and the text sender. Twilio's address (WireMock), the
/// database file and the outbox are settings, as they are for the app. Foundation/TestHostWiringTests compares each
/// host's registrations with the app's.
/// </summary>
public static class TestHostWiring
{
    /// <summary>What a test host may replace: time (a FakeTimeProvider) and texts (a recording sender).</summary>
    public static readonly IReadOnlySet<Type> Overridable = new HashSet<Type> { typeof(TimeProvider), typeof(ICodeSender) };

    /// <summary>The app's registrations in Development, plus what its web host gives it: configuration, environment, logging, lifetime.</summary>
    public static ServiceCollection Portal(IReadOnlyDictionary<string, string?> settings, CapturingLoggerProvider logs)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton<IHostEnvironment>(Development.Instance);
        services.AddSingleton<IWebHostEnvironment>(Development.Instance);
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        services.AddPortalFeatures(config, Development.Instance);
        return services;
    }

    /// <summary>
    /// A bUnit context's services from the app's wiring: the app's registrations first, then bUnit's own doubles (JS,
    /// navigation, component state) over them, so a component meets the services the running app gives it. The app's
    /// logging stays, so <paramref name="logs"/> sees what the components log.
    /// </summary>
    public static IServiceCollection StartFromPortal(this IServiceCollection bunit, IReadOnlyDictionary<string, string?> settings, CapturingLoggerProvider logs)
    {
        List<ServiceDescriptor> doubles = [.. bunit.Where(d => d.ServiceType.Namespace?.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal) != true)];
        bunit.Clear();
        foreach (var registration in Portal(settings, logs)) bunit.Add(registration);
        foreach (var registration in doubles) bunit.Add(registration);
        return bunit;
    }

    /// <summary>Replaces the app's <typeparamref name="T"/> with a fake; only the named overrides may be replaced.</summary>
    public static IServiceCollection Fake<T>(this IServiceCollection services, T instance) where T : class
    {
        if (!Overridable.Contains(typeof(T))) throw new InvalidOperationException($"{typeof(T).Name} is not a named override: a test host keeps the app's wiring.");
        services.Replace(ServiceDescriptor.Singleton(instance));
        return services;
    }

    private sealed class Development : IWebHostEnvironment
    {
        public static readonly Development Instance = new();
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "BackupifyPortal";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string WebRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
    }
}
