using BackupifyPortal.Features.Operations;
using System.Security.Claims;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Admin;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Email;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;
using BackupifyPortal.Tests.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Consoles;

/// <summary>bUnit over the app's wiring (console services included) on the real SQLite file of PortalComponentTest.</summary>
public abstract class ConsoleComponentTest : PortalComponentTest
{
    protected ConsoleComponentTest() => AddBunitPersistentComponentState();

    /// <summary>Adds a person straight to the database (with normalized email and optional console role).</summary>
    protected async Task<PortalUser> AddPersonAsync(string email, Guid? org, string? role = null, UserFactor? twoFactor = null)
    {
        var user = new PortalUser
        {
            Id = Guid.NewGuid().ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(),
            Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = email.Split('@')[0], OrganizationId = org,
        };
        await using var db = Database.CreateDbContext();
        if (org is { } id && !db.Organizations.Any(o => o.Id == id)) db.Organizations.Add(new Organization { Id = id, Name = "Northwind MSP" });
        db.Users.Add(user);
        if (role is not null) db.UserClaims.Add(new IdentityUserClaim<string> { UserId = user.Id, ClaimType = ConsolePolicies.RoleClaim, ClaimValue = role });
        if (twoFactor is not null) { twoFactor.UserId = user.Id; db.Factors.Add(twoFactor); }
        await db.SaveChangesAsync();
        return user;
    }

    protected void SignIn(PortalUser user) =>
        Auth.SetAuthorized(user.Email!).SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ConsolePolicies.RoleClaim, "x"),
            new Claim(DatabaseTicketStore.SessionIdClaim, CreateSession(user.Id)));
}
