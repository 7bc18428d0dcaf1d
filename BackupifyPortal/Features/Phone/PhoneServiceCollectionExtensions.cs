namespace BackupifyPortal.Features.Phone;

public static class PhoneServiceCollectionExtensions
{
    /// <summary>Phone two-factor: number parsing, code issuing, sending limits, Twilio and the Development outbox.</summary>
    public static IServiceCollection AddPhoneTwoFactor(this IServiceCollection services, IConfiguration config)
    {
        return services;
    }
}
