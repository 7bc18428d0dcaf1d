using BackupifyPortal.Tests.Authenticator;
using BackupifyPortal.Tests.Consoles;
using BackupifyPortal.Tests.Infrastructure;
using BackupifyPortal.Tests.Phone;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>
/// Issue 14: test hosts start from the app's real wiring and override only what they fake. The portal's own registrations
/// (a service or implementation of the app's assembly, or a generic over one: its options, its DbContext, its UserManager)
/// of each hand-built test host must be those of the running app, one for one, except the named overrides
/// (<see cref="TestHostWiring.Overridable"/>): a service registered by hand, left out or registered differently fails here.
/// </summary>
public class TestHostWiringTests
{
    [Fact]
    public async Task PhoneTestHost_RegistersWhatTheAppRegisters_ButTheNamedFakes()
    {
        var app = await AppRegistrationsAsync();
        await using var host = await PhoneTestHost.StartAsync();

        AssertSameBeyondOverrides(app, host.Registrations);
    }

    [Fact]
    public async Task AuthenticatorTestHost_RegistersWhatTheAppRegisters_ButTheNamedFakes()
    {
        var app = await AppRegistrationsAsync();
        await using var host = await AuthenticatorTestHost.StartAsync();

        AssertSameBeyondOverrides(app, host.Registrations);
    }

    [Fact]
    public async Task ConsoleWorld_RegistersWhatTheAppRegisters_ButTheNamedFakes()
    {
        var app = await AppRegistrationsAsync();
        await using var world = await ConsoleWorld.CreateAsync();

        AssertSameBeyondOverrides(app, world.Registrations);
    }

    [Fact]
    public async Task PortalComponentTest_RegistersWhatTheAppRegisters()
    {
        var app = await AppRegistrationsAsync();
        await using var bunit = new BareComponentTest();

        AssertSameBeyondOverrides(app, bunit.Services);
    }

    [Fact]
    public async Task AuthenticatorAndPhoneTestHosts_GiveABunitContextWhatTheAppRegisters_ButTheNamedFakes()
    {
        var app = await AppRegistrationsAsync();
        await using var authenticator = await AuthenticatorTestHost.StartAsync();
        await using var phone = await PhoneTestHost.StartAsync();

        AssertSameBeyondOverrides(app, await BunitRegistrationsAsync(authenticator.AddTo));
        AssertSameBeyondOverrides(app, await BunitRegistrationsAsync(phone.AddTo));
    }

    private static async Task<List<ServiceDescriptor>> BunitRegistrationsAsync(Action<IServiceCollection> addTo)
    {
        await using var bunit = new Bunit.BunitContext();
        addTo(bunit.Services);
        return [.. bunit.Services];
    }

    private sealed class BareComponentTest : Components.PortalComponentTest;

    [Fact]
    public async Task TheApp_RegistersOneEmailSender_AndOneNoticeService()
    {
        var app = await AppRegistrationsAsync();

        Assert.Single(app, d => d.ServiceType == typeof(Features.Email.IEmailSender));
        Assert.Single(app, d => d.ServiceType == typeof(Features.Email.SecurityNotices));
    }

    private static void AssertSameBeyondOverrides(IEnumerable<ServiceDescriptor> app, IEnumerable<ServiceDescriptor> host)
    {
        var expected = PortalKeys(app);
        var actual = PortalKeys(host);
        var missing = Minus(expected, actual);
        var extra = Minus(actual, expected);
        Assert.True(missing.Count + extra.Count == 0,
            $"The test host's wiring differs from the app's.\nMissing in the host:\n  {string.Join("\n  ", missing)}\nOnly in the host:\n  {string.Join("\n  ", extra)}");
    }

    private static List<string> PortalKeys(IEnumerable<ServiceDescriptor> descriptors) =>
        [.. descriptors.Where(d => !TestHostWiring.Overridable.Contains(d.ServiceType) && (IsPortal(d.ServiceType) || ImplementationOf(d) is { } t && IsPortal(t))).Select(Key).Order()];

    // A multiset difference: each key in `from` as many times as it is there more often than in `take`.
    private static List<string> Minus(List<string> from, List<string> take)
    {
        var left = take.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<string>();
        foreach (var key in from)
        {
            if (left.TryGetValue(key, out var n) && n > 0) left[key] = n - 1;
            else result.Add(key);
        }
        return result;
    }

    private static bool IsPortal(Type type) =>
        type.Assembly == typeof(Program).Assembly || (type.IsGenericType && type.GetGenericArguments().Any(IsPortal));

    private static Type? ImplementationOf(ServiceDescriptor d) => d.IsKeyedService
        ? d.KeyedImplementationType ?? d.KeyedImplementationInstance?.GetType()
        : d.ImplementationType ?? d.ImplementationInstance?.GetType();

    private static string Key(ServiceDescriptor d)
    {
        var implementation = ImplementationOf(d) is { } type ? Name(type) : "(factory)";
        return $"{Name(d.ServiceType)}{(d.IsKeyedService ? $" [{d.ServiceKey}]" : "")} {d.Lifetime} → {implementation}";
    }

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;

    /// <summary>The running app's own service collection, as Program.cs left it (Development, the demo seed's settings).</summary>
    private static async Task<List<ServiceDescriptor>> AppRegistrationsAsync()
    {
        await using var app = new RegistrationsOfTheApp();
        _ = app.Services;
        return app.Registrations;
    }

    private sealed class RegistrationsOfTheApp : PortalAppFactory
    {
        public List<ServiceDescriptor> Registrations { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.ConfigureTestServices(services => Registrations.AddRange(services));
            base.ConfigureWebHost(builder);
        }
    }
}
