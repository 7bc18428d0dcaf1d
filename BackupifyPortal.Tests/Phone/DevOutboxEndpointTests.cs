using System.Net;
using System.Text.Json;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Phone;

public sealed class DevOutboxEndpointTests
{
    private sealed class PortalFactory(string environment) : WebApplicationFactory<Program>
    {
        public string DbPath { get; } = Path.Combine(Path.GetTempPath(), $"bp-test-{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Portal", $"Data Source={DbPath};Pooling=False");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DbPath + suffix);
        }
    }

    [Fact]
    public async Task Outbox_InDevelopment_ListsMessagesNewestFirstAsJsonAndEscapedHtml()
    {
        await using var factory = new PortalFactory("Development");
        var client = factory.CreateClient();
        var sender = factory.Services.GetRequiredService<ICodeSender>();
        Assert.IsType<OutboxCodeSender>(sender);
        await sender.SendAsync("+447400123456", DeliveryChannel.Sms, "111111");
        await Task.Delay(20);
        await sender.SendAsync("+442079460018", DeliveryChannel.Voice, "222222");
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.OutboxMessages.Add(new OutboxMessage { To = "+15005550006", Channel = "SMS", Text = "<script>alert(1)</script>", SentAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }

        var json = await client.GetStringAsync("/dev/outbox.json");
        var items = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal(["to", "channel", "text", "sentAt"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("+442079460018", "Voice"), (items[0].GetProperty("to").GetString(), items[0].GetProperty("channel").GetString()));
        Assert.Contains("222222", items[0].GetProperty("text").GetString());
        Assert.Equal(("+447400123456", "SMS"), (items[1].GetProperty("to").GetString(), items[1].GetProperty("channel").GetString()));
        Assert.Contains("111111", items[1].GetProperty("text").GetString());

        var html = await client.GetStringAsync("/dev/outbox");
        Assert.Contains("+442079460018", html);
        Assert.True(html.IndexOf("222222", StringComparison.Ordinal) < html.IndexOf("111111", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Outbox_OutsideDevelopment_Is404()
    {
        await using var factory = new BackupifyPortal.Tests.Infrastructure.PortalAppFactory(environment: "Production");
        var client = factory.CreateDefaultClient(new Uri("https://localhost/")); // Production answers only over HTTPS
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/outbox.json")).StatusCode);
    }
}
