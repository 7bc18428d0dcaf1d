using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackupifyPortal.Data;

/// <summary>The demo people of UI-CONTRACT.md with their accounts and backups. Safe to run on every start.</summary>
public sealed class DemoSeeder(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo-Pass-2026";
    public static readonly Guid DemoOrganizationId = Guid.Parse("6f1f7c2e-0d7b-4c55-9a57-4a1b8f000001");
    /// <summary>Backupify's own staff: support people belong here, and its admin owns their accounts (unlock, reset).</summary>
    public static readonly Guid SupportOrganizationId = Guid.Parse("6f1f7c2e-0d7b-4c55-9a57-4a1b8f000002");
    public const string SupportOwnerEmail = "support-admin@demo.test";

    private sealed record DemoPerson(string Email, string Name, string Role, params (AccountKind Kind, string Name)[] Accounts);

    private static readonly DemoPerson[] People =
    [
        new("partner@demo.test", "Pat Partner", "", (AccountKind.PartnerPortal, "Northwind MSP"), (AccountKind.Backupify2, "northwind.example")),
        new("partner-classic@demo.test", "Casey Classic", "", (AccountKind.PartnerPortal, "Contoso IT Services"), (AccountKind.BackupifyClassic, "contoso.example")),
        new("direct@demo.test", "Dana Direct", "", (AccountKind.Backupify2, "fabrikam.example")),
        new("direct-classic@demo.test", "Drew Direct", "", (AccountKind.BackupifyClassic, "tailspin.example")),
        new("admin@demo.test", "Alex Admin", "Admin", (AccountKind.PartnerPortal, "Northwind MSP")),
        new("support@demo.test", "Sam Support", "Support"),
        new(SupportOwnerEmail, "Sky Support Lead", "Admin"),
    ];

    public async Task SeedAsync()
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == DemoOrganizationId))
        {
            db.Organizations.Add(new Organization { Id = DemoOrganizationId, Name = "Northwind MSP" });
            await db.SaveChangesAsync();
        }
        if (!await db.Organizations.AnyAsync(o => o.Id == SupportOrganizationId))
        {
            db.Organizations.Add(new Organization { Id = SupportOrganizationId, Name = "Backupify Support" });
            await db.SaveChangesAsync();
        }
        foreach (var person in People)
        {
            if (await users.FindByEmailAsync(person.Email) is not null) continue;
            var user = new PortalUser
            {
                UserName = person.Email,
                Email = person.Email,
                EmailConfirmed = true,
                DisplayName = person.Name,
                OrganizationId = person.Role == "Support" || person.Email == SupportOwnerEmail ? SupportOrganizationId : DemoOrganizationId,
                TimeZoneId = "America/New_York",
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException($"Demo user {person.Email}: {created.Errors.First().Description}");
            if (person.Role != "") await users.AddClaimAsync(user, new System.Security.Claims.Claim("portal_role", person.Role));
            foreach (var (kind, name) in person.Accounts)
                db.Accounts.Add(NewAccount(user.Id, kind, name));
            await db.SaveChangesAsync();
            logger.LogInformation("Seeded demo person {Email}", person.Email);
        }
    }

    private PortalAccount NewAccount(string ownerId, AccountKind kind, string name)
    {
        var account = new PortalAccount { Id = Guid.NewGuid(), OwnerId = ownerId, Kind = kind, Name = name };
        if (kind != AccountKind.PartnerPortal) account.Services.AddRange(DemoServices(name));
        return account;
    }

    private IEnumerable<ProtectedService> DemoServices(string domain)
    {
        var now = clock.GetUtcNow();
        string[] people = ["alice", "bob", "carol", "dmitri", "esther", "farah", "gustavo", "hana"];
        for (var i = 0; i < people.Length; i++)
        {
            var google = i % 2 == 0;
            yield return new ProtectedService
            {
                Id = Guid.NewGuid(),
                Platform = google ? "Google Workspace" : "Microsoft 365",
                Kind = google ? (i % 4 == 0 ? "User" : "Drive") : (i % 4 == 1 ? "Mailbox" : "OneDrive"),
                Name = $"{people[i]}@{domain}",
                LastBackupAt = now.AddHours(-(i * 3 + 1)),
                State = i == 5 ? BackupState.Failed : i == 3 ? BackupState.Warning : i == 7 ? BackupState.InProgress : BackupState.Succeeded,
                ItemsProtected = 1200 + i * 3571,
            };
        }
        yield return new ProtectedService { Id = Guid.NewGuid(), Platform = "Google Workspace", Kind = "Shared Drive", Name = "Finance", LastBackupAt = now.AddHours(-2), State = BackupState.Succeeded, ItemsProtected = 48211 };
        yield return new ProtectedService { Id = Guid.NewGuid(), Platform = "Microsoft 365", Kind = "SharePoint Site", Name = "Intranet", LastBackupAt = now.AddHours(-26), State = BackupState.Warning, ItemsProtected = 9120 };
    }
}
