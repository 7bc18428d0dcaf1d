using Microsoft.Extensions.Configuration;

namespace BackupifyPortal.Bench;

/// <summary>What the portal needs to start outside Development; texts and emails stay in the database outbox.</summary>
public static class BenchSettings
{
    public static void Apply(ConfigurationManager configuration)
    {
        configuration["Phone:HashKey"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("bench-only hash key of 32+ bytes"));
        configuration["Portal:PublicBaseUrl"] = "https://portal.example";
        configuration["Outbox:Mode"] = "Database";
    }
}
