using BackupifyPortal.Features.Operations;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.TwoFactor;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

public static class PhoneServiceCollectionExtensions
{
    /// <summary>Phone two-factor: number parsing, code issuing, sending limits, Twilio and the Development outbox.</summary>
    public static IServiceCollection AddPhoneTwoFactor(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PhoneOptions>(config.GetSection("Phone"));
        services.Configure<TwilioOptions>(config.GetSection("Twilio"));
        var twilio = config.GetSection("Twilio").Get<TwilioOptions>() ?? new TwilioOptions();

        services.AddTransient<TwilioBaseUrlHandler>();
        // No HttpClient logging: Lookup puts the full number in the URL path.
        services.AddHttpClient(TwilioClientFactory.HttpClientName, (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.Timeout)
            .AddHttpMessageHandler<TwilioBaseUrlHandler>()
            .RemoveAllLoggers();
        services.AddSingleton<TwilioClientFactory>();
        services.AddSingleton<TwilioStatusCallbacks>();
        services.AddPortalAddress(config); // the status callback's URL

        if (twilio.IsConfigured)
        {
            services.AddSingleton<ICodeSender, TwilioCodeSender>();
            services.AddSingleton<ILineTypeLookup, TwilioLineTypeLookup>();
        }
        else
        {
            services.AddSingleton<ICodeSender, OutboxCodeSender>();
            services.AddSingleton<ILineTypeLookup, NoLineTypeLookup>();
        }
        services.AddSingleton<PhoneNumberService>();
        services.AddSingleton<CodeHasher>();
        services.AddSingleton<SendLimiter>();
        services.AddSingleton<AccountSecurity>();
        services.AddSingleton<IPhoneCodeService, PhoneCodeService>();
        services.AddSingleton<IPhoneEnrollment, PhoneEnrollment>();
        services.AddSingleton<BackupPhoneEnrollment>();
        services.AddSecurityStamps();
        services.AddFactorChanges();
        return services;
    }
}
