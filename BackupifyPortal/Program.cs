using BackupifyPortal;
using BackupifyPortal.Components;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Operations;

var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));
builder.AddPortalServices();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UsePortalPipeline();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
