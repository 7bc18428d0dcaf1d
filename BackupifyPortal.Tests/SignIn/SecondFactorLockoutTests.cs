using BackupifyPortal.Data;
using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;
using BackupifyPortal.Features.TwoFactor;
using BackupifyPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackupifyPortal.Tests.SignIn;

public class SecondFactorLockoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private SqliteTestDatabase db = default!;
    private SecondFactorLockout lockout = default!;

    public async Task InitializeAsync()
    {
        db = await SqliteTestDatabase.CreateAsync();
        await db.AddUserAsync("u1");
        lockout = new SecondFactorLockout(new AttemptLimiter(db, clock), db, clock, Options.Create(new TwoFactorOptions()), new AuditLog(db, clock, NullLogger<AuditLog>.Instance));
    }

    public Task DisposeAsync() => db.DisposeAsync().AsTask();

    [Fact]
    public async Task Lockout_FiveWrongCodes_LocksForFiveMinutesThenLetsTryAgain()
    {
        for (var i = 0; i < 4; i++) Assert.False((await lockout.RegisterFailureAsync("u1")).IsLocked(clock.GetUtcNow()));
        var fifth = await lockout.RegisterFailureAsync("u1");

        Assert.True(fifth.IsLocked(clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromMinutes(5), fifth.Remaining(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.False((await lockout.GetAsync("u1")).IsLocked(clock.GetUtcNow()));
    }

    [Fact]
    public async Task Lockout_HundredConsecutiveFailures_HardLocksUntilRecovery()
    {
        for (var i = 0; i < 100; i++)
        {
            await lockout.RegisterFailureAsync("u1");
            clock.Advance(TimeSpan.FromMinutes(6));
        }

        var status = await lockout.GetAsync("u1");
        Assert.True(status.HardLocked);
        Assert.True(status.IsLocked(clock.GetUtcNow() + TimeSpan.FromDays(30)));
        await using var context = db.CreateDbContext();
        Assert.True(await context.AuditEvents.AnyAsync(e => e.UserId == "u1" && e.Type == AuditEventTypes.SecondFactorHardLocked));
    }

    [Fact]
    public async Task Lockout_TenParallelWrongCodes_EachGetsItsOwnCount_AndTheFifthAndTenthLock_NoneSkipped()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => lockout.RegisterFailureAsync("u1"))));

        Assert.Equal(Enumerable.Range(1, 10), statuses.Select(s => s.ConsecutiveFailures).Order());
        // The 5th locks (for 5 minutes), so it and every later count are locked; none before it.
        Assert.All(statuses, s => Assert.Equal(s.ConsecutiveFailures >= 5, s.IsLocked(clock.GetUtcNow())));
        Assert.True((await lockout.GetAsync("u1")).IsLocked(clock.GetUtcNow()));
        await using var context = db.CreateDbContext();
        Assert.Equal(2, await context.AuditEvents.CountAsync(e => e.UserId == "u1" && e.Type == AuditEventTypes.SecondFactorLocked));
    }

    [Fact]
    public async Task Lockout_SuccessAfterFailures_ResetsTheCount()
    {
        await lockout.RegisterFailureAsync("u1");
        await lockout.RegisterFailureAsync("u1");
        await lockout.RegisterSuccessAsync("u1");

        Assert.Equal(0, (await lockout.GetAsync("u1")).ConsecutiveFailures);
    }
    [Fact]
    public async Task Lockout_TheSecurityLogSaysUntilWhen_AndAfterHowManyFailuresItHardLocked_NothingMoreAfterThat()
    {
        for (var i = 0; i < 4; i++) await lockout.RegisterFailureAsync("u1");
        var fifth = await lockout.RegisterFailureAsync("u1");
        for (var i = 5; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(6));
            await lockout.RegisterFailureAsync("u1");
        }
        var hard = await lockout.GetAsync("u1");
        for (var i = 0; i < 10; i++) await lockout.RegisterFailureAsync("u1");

        await using var context = db.CreateDbContext();
        var rows = await context.AuditEvents.Where(e => e.UserId == "u1").OrderBy(e => e.Id).Select(e => new { e.Type, e.Detail }).ToListAsync();
        Assert.Equal(20, rows.Count);
        Assert.Equal(new { Type = AuditEventTypes.SecondFactorLocked, Detail = (string?)$"until {fifth.LockedUntil:O}" }, rows[0]);
        Assert.All(rows.Take(19), r => Assert.Equal(AuditEventTypes.SecondFactorLocked, r.Type));
        Assert.Equal(new { Type = AuditEventTypes.SecondFactorHardLocked, Detail = (string?)"after 100 failures" }, rows[^1]);
        Assert.True(hard.HardLocked);
        Assert.Null(hard.LockedUntil);
        Assert.Equal(100, hard.ConsecutiveFailures);
    }

    [Fact]
    public async Task Lockout_ARightCode_IsWhatTheAdminSeesAsLastUsed()
    {
        await using (var context = db.CreateDbContext())
        {
            context.TwoFactorProfiles.Add(new TwoFactorProfile { UserId = "u1" });
            await context.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromMinutes(3));

        await lockout.RegisterSuccessAsync("u1");

        await using var read = db.CreateDbContext();
        Assert.Equal(clock.GetUtcNow(), (await read.TwoFactorProfiles.SingleAsync(p => p.UserId == "u1")).LastSecondFactorAt);
    }
}
