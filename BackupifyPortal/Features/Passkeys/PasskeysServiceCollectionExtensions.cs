using BackupifyPortal.Features.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Passkeys;

public static class PasskeysServiceCollectionExtensions
{
    /// <summary>Identity's passkey handler, told the relying party from configuration, and the portal's passkey services.</summary>
    public static IServiceCollection AddPasskeys(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PasskeyOptions>(config.GetSection("Passkeys"));
        services.TryAddSingleton<PasskeyRelyingParty>();
        services.AddSingleton<IConfigureOptions<IdentityPasskeyOptions>, RelyingPartySetup>();
        services.TryAddSingleton<PasskeyCeremonies>();
        services.TryAddSingleton<PasskeyVerifier>();
        services.TryAddSingleton<PasskeyRegistration>();
        services.TryAddSingleton<PasskeySignIn>();
        services.AddClientContext(); // the sign-in's client address
        return services;
    }

    private sealed class RelyingPartySetup(PasskeyRelyingParty party) : IConfigureOptions<IdentityPasskeyOptions>
    {
        public void Configure(IdentityPasskeyOptions o)
        {
            o.ServerDomain = party.Id;
            // Only the configured origins, and never inside another site's frame.
            o.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && party.IsAllowedOrigin(context.Origin));
            // A passkey is a whole sign-in only with user verification (PIN or biometric): both factors in one device.
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.AttestationConveyancePreference = "none";
        }
    }
}
