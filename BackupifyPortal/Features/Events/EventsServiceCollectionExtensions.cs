using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>The in-process bus by default; the PostgreSQL LISTEN/NOTIFY bus with <c>Database:Provider=Postgres</c> and <c>ConnectionStrings:Portal</c>.</summary>
    public static IServiceCollection AddPortalEvents(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<EventOptions>(config.GetSection("Events"));
        // The database's own reading of the setting: every spelling that puts the data on PostgreSQL puts the bus there too.
        if (Data.PortalDatabase.Provider(config) != Data.DatabaseProvider.Postgres) return services.AddInProcessEvents();
        var connectionString = config.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Portal.");
        services.TryAddSingleton<EventSubscribers>();
        services.AddSingleton(sp => PostgresEventTable.Create(connectionString, sp.GetRequiredService<IOptions<EventOptions>>().Value));
        services.AddSingleton<PostgresEventListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresEventListener>());
        services.Replace(ServiceDescriptor.Singleton<IPortalEvents, PostgresEvents>());
        return services;
    }

    /// <summary>The single-instance bus unless a bus is already registered: for features (and test hosts) that publish or subscribe.</summary>
    public static IServiceCollection AddInProcessEvents(this IServiceCollection services)
    {
        services.TryAddSingleton<EventSubscribers>();
        services.TryAddSingleton<IPortalEvents, InProcessEvents>();
        return services;
    }
}
