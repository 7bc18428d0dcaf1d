using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Operations;

public static class ClientContextSetup
{
    /// <summary>One <see cref="ClientContext"/> per request or circuit, and <see cref="CurrentClient"/> for singletons.</summary>
    public static IServiceCollection AddClientContext(this IServiceCollection services)
    {
        services.AddHttpContextAccessor(); // the circuit's starting connection (ClientCircuitHandler)
        services.TryAddScoped<ClientContext>();
        services.TryAddSingleton<CurrentClient>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ClientCircuitHandler>());
        return services;
    }

    /// <summary>The request's client address as <see cref="UseClientContext"/> read it, for code handed an HttpContext.</summary>
    public static string? ClientAddress(this HttpContext context) => context.RequestServices.GetRequiredService<ClientContext>().Address;

    /// <summary>Right after UseForwardedHeaders: the request's client is read here, once, for everything after it.</summary>
    public static IApplicationBuilder UseClientContext(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var client = context.RequestServices.GetRequiredService<ClientContext>();
            client.Set(context.Connection.RemoteIpAddress);
            CurrentClient.Enter(client); // async lambda: the value ends with this request
            await next(context);
        });
}
