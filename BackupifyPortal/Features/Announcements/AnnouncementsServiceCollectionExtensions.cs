using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackupifyPortal.Features.Announcements;

public static class AnnouncementsServiceCollectionExtensions
{
    /// <summary>The banner (section "Announcement").</summary>
    public static IServiceCollection AddAnnouncements(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<AnnouncementOptions>(config.GetSection("Announcement"));
        services.TryAddSingleton<AnnouncementService>();
        return services;
    }
}
