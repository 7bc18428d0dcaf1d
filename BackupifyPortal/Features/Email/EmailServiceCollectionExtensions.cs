namespace BackupifyPortal.Features.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// SMTP when Smtp:Host is set, otherwise the outbox (the only safe default: nothing leaves the machine). The only place
    /// that registers IEmailSender and SecurityNotices (Foundation/TestHostWiringTests counts them).
    /// </summary>
    public static IServiceCollection AddPortalEmail(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection("Smtp");
        services.Configure<SmtpOptions>(section);
        if (string.IsNullOrWhiteSpace(section["Host"])) services.AddSingleton<IEmailSender, OutboxEmailSender>();
        else services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddSingleton<SecurityNotices>();
        return services;
    }
}
