using System.Globalization;
using System.Security.Claims;
using System.Text;

namespace BackupifyPortal.Features.Admin;

public static class ConsoleEndpoints
{
    public const string AuditCsvPath = "/admin/audit.csv";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuditCsvPath, ExportAuditAsync).RequireAuthorization(ConsolePolicies.AdminOrSupport);
        return app;
    }

    private static async Task<IResult> ExportAuditAsync(HttpContext context, AuditQuery audit, TimeProvider clock,
        string? type, string? person, string? from, string? to)
    {
        var actorId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var filter = AuditFilter.ForDays(type, person, ParseDate(from), ParseDate(to), 0, AuditQuery.MaxExportRows);
        var page = actorId is null ? null : await audit.SearchAsync(actorId, filter, context.RequestAborted);
        if (page is null) return Results.Forbid();
        var name = $"audit-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        // Names, addresses and security events: no browser or proxy may keep a copy.
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(AuditCsv.Write(page.Rows)), "text/csv; charset=utf-8", name);
    }

    /// <summary>yyyy-MM-dd as UTC midnight; anything else is ignored.</summary>
    public static DateTimeOffset? ParseDate(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero) : null;
}
