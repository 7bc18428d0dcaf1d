namespace BackupifyPortal.Tests.Infrastructure;

/// <summary>Class fixture: the app in Development (demo people seeded) on its own temporary file, with a clock the test moves.</summary>
public sealed class FakeClockPortalApp() : PortalAppFactory(clock: NewClock());

/// <summary>Class fixture: the app in Development on its own temporary file, with the real clock.</summary>
public sealed class DemoPortalApp() : PortalAppFactory;

/// <summary>Class fixture: the app in Production (demo people seeded through Demo:Seed, as a staging site would).</summary>
/// Its HTTPS port is 443, as a deployment behind the standard port would configure (HTTPS_PORT).
public sealed class ProductionPortalApp() : PortalAppFactory(environment: "Production", settings: new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["https_port"] = "443" });
