namespace BackupifyPortal.Features.Operations;

/// <summary>
/// `dotnet run`'s launch profile overrides the shell's variables of the same name, and WebApplicationBuilder lets
/// DOTNET_ENVIRONMENT beat ASPNETCORE_ENVIRONMENT: a profile setting either would win over the operator's
/// `ASPNETCORE_ENVIRONMENT=Production`. So the profile sets only this default, used when nothing else names one.
/// </summary>
public static class LaunchEnvironment
{
    public const string DefaultVariable = "PORTAL_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) =>
        new() { Args = args, EnvironmentName = DefaultWhenUnset(Environment.GetEnvironmentVariable, args) };

    /// <summary>The launch profile's default, or null when ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT or --environment chooses.</summary>
    public static string? DefaultWhenUnset(Func<string, string?> variable, string[] args)
    {
        var chosen = !string.IsNullOrEmpty(variable("ASPNETCORE_ENVIRONMENT")) || !string.IsNullOrEmpty(variable("DOTNET_ENVIRONMENT"))
            || args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));
        var fallback = variable(DefaultVariable);
        return chosen || string.IsNullOrEmpty(fallback) ? null : fallback;
    }
}
