using System.Net;
using System.Text;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Features.Phone;

/// <summary>
/// /dev/outbox and /dev/outbox.json: the Development outbox. Mapped in Development; elsewhere they 404 unless the
/// operator sets Outbox:Page (with Outbox:Mode=Database, checked at start), and then they answer loopback clients only.
/// </summary>
public static class DevOutboxEndpoints
{
    public sealed record OutboxEntry(string To, string Channel, string Text, DateTimeOffset SentAt);

    /// <summary>The outbox page where it may be: always in Development, by explicit opt-in (loopback only) elsewhere.</summary>
    public static WebApplication MapOutboxPage(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) app.MapDevOutbox();
        else if (app.Services.GetRequiredService<IOptions<OutboxOptions>>().Value.Page)
        {
            app.Logger.LogWarning("Outbox:Page is on: /dev/outbox lists every code and link in plain text to clients on this machine. Never on a real site.");
            app.MapDevOutbox().AddEndpointFilter(async (context, next) =>
                IPAddress.TryParse(context.HttpContext.ClientAddress(), out var client) && IPAddress.IsLoopback(client) ? await next(context) : Results.NotFound());
        }
        return app;
    }

    public static RouteGroupBuilder MapDevOutbox(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/dev");
        outbox.MapGet("/outbox.json", async (IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct) =>
            Results.Json(await NewestFirstAsync(dbFactory, ct))).ExcludeFromDescription();
        outbox.MapGet("/outbox", async (IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct) =>
            Results.Content(Html(await NewestFirstAsync(dbFactory, ct)), "text/html; charset=utf-8")).ExcludeFromDescription();
        return outbox;
    }

    private static async Task<List<OutboxEntry>> NewestFirstAsync(IDbContextFactory<PortalDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(200)
            .Select(m => new OutboxEntry(m.To, m.Channel, m.Text, m.SentAt)).ToListAsync(ct);
    }

    private static string Html(IEnumerable<OutboxEntry> entries)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Development outbox</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;width:100%}
            th,td{border-bottom:1px solid #ccc;padding:.5rem;text-align:left;vertical-align:top}th{background:#f2f2f2}</style></head>
            <body><h1>Development outbox</h1><p>Messages the portal would have sent, newest first. Also as <a href="/dev/outbox.json">JSON</a>.</p>
            <table><thead><tr><th scope="col">To</th><th scope="col">Channel</th><th scope="col">Time (UTC)</th><th scope="col">Text</th></tr></thead><tbody>
            """);
        foreach (var e in entries)
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(e.To)).Append("</td><td>").Append(WebUtility.HtmlEncode(e.Channel))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(e.SentAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(e.Text)).Append("</td></tr>");
        return html.Append("</tbody></table></body></html>").ToString();
    }
}
