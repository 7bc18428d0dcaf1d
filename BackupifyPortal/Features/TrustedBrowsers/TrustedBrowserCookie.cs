using BackupifyPortal.Features.Operations;
using System.Security.Cryptography;
using BackupifyPortal.Data;
using Microsoft.AspNetCore.DataProtection;

namespace BackupifyPortal.Features.TrustedBrowsers;

/// <summary>
/// The remember cookie: HttpOnly, Lax, <c>__Host-</c> and Secure outside Development, sealed with Data Protection. It names a
/// <see cref="TrustedBrowser"/> row and its person, nothing else; every answer here is checked against that row, so a
/// forgotten browser's cookie is worth nothing. Only plain HTTP requests read it (Log In's prerender, the hand-off).
/// </summary>
public sealed class TrustedBrowserCookie(IDataProtectionProvider protection, IHostEnvironment environment, RememberedBrowsers browsers)
{
    private readonly IDataProtector protector = protection.CreateProtector("BackupifyPortal.TrustedBrowser.v1");

    private string Name => environment.IsDevelopment() ? "bp.2fa-remember" : "__Host-bp.2fa-remember";

    /// <summary>The row this request's cookie names, as sealed; not yet checked against the database.</summary>
    public TrustedBrowserRef? Read(HttpContext context)
    {
        var value = context.Request.Cookies[Name];
        if (string.IsNullOrEmpty(value)) return null;
        string opened;
        try { opened = protector.Unprotect(value); }
        catch (CryptographicException) { return null; } // tampered, hand-made, or from another key ring
        var parts = opened.Split('|', 2);
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) ? new TrustedBrowserRef(id, parts[1]) : null;
    }

    /// <summary>The trusted browser this request comes from, while its row still trusts it (Log In's prerender asks).</summary>
    public async Task<TrustedBrowserRef?> CurrentAsync(HttpContext context)
    {
        var named = Read(context);
        return named is not null && await browsers.IsTrustedAsync(named.Id, named.UserId, context.RequestAborted) ? named : null;
    }

    /// <summary>The hand-off of a remembered-browser ticket: true, and the use recorded, only while the row trusts this browser for the person.</summary>
    public async Task<bool> UseAsync(HttpContext context, string userId) =>
        Read(context) is { } named && named.UserId == userId && await browsers.UseAsync(named.Id, userId, context.RequestAborted);

    /// <summary>The hand-off of a ticket whose sign-in passed the second factor with "Remember this browser" ticked.</summary>
    public async Task RememberAsync(HttpContext context, string userId)
    {
        var replacing = Read(context) is { } old && old.UserId == userId ? old.Id : (Guid?)null;
        var row = await browsers.RememberAsync(userId, context.Request.Headers.UserAgent.ToString(),
            replacing, context.RequestAborted);
        context.Response.Cookies.Append(Name, protector.Protect($"{row.Id:N}|{userId}"), new CookieOptions
        {
            HttpOnly = true,
            Secure = !environment.IsDevelopment() || context.Request.IsHttps,
            SameSite = SameSiteMode.Lax, // a link from an email to Log In must still carry it
            Path = "/",
            IsEssential = true,
            Expires = row.ExpiresAt,
        });
    }
}
