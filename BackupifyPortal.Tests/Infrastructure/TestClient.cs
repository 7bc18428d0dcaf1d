using BackupifyPortal.Features.Operations;

namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>
/// Makes the calling test act as a request or circuit event from one client address, as the pipeline and
/// ClientCircuitHandler do for the running app (the services read it from <see cref="CurrentClient"/>).
/// A plain method on purpose: an async helper would drop the value when it returns.
/// </summary>
public static class TestClient
{
    public static ClientContext Enter(string? address)
    {
        var client = new ClientContext();
        client.Set(address);
        CurrentClient.Enter(client);
        return client;
    }
}
