using System.Collections.Concurrent;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Authenticator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace BackupifyPortal.Bench;

/// <summary>One test person with an authenticator; <see cref="LastStep"/> is the last TOTP step the app accepted from them.</summary>
internal sealed class BenchPerson(string email, Totp totp, long lastStep)
{
    public string Email { get; } = email;
    public long LastStep { get; set; } = lastStep;

    public string CodeNow(out long step)
    {
        var now = DateTime.UtcNow;
        step = new DateTimeOffset(now).ToUnixTimeSeconds() / 30;
        return totp.ComputeTotp(now);
    }
}

/// <summary>What the portal process hands the bench about a person it created: the authenticator key and the step already used.</summary>
public sealed record BenchPersonSeed(string Email, string SetupKey, long LastStep);

/// <summary>
/// People taken in least-recently-used order: the app accepts one code per person per 30-second step (replay
/// protection), so a person is handed out again only once the step has moved on.
/// </summary>
internal sealed class SignInPeople
{
    public const string Password = "Bench-Pass-2026";
    private readonly ConcurrentQueue<BenchPerson> queue = new();

    public int Count => queue.Count;

    /// <summary>Runs inside the portal process: creates people with a confirmed authenticator through the app's own enrolment.</summary>
    public static async Task<List<BenchPersonSeed>> SeedAsync(IServiceProvider services, int count)
    {
        var seeds = new List<BenchPersonSeed>(count);
        var hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), Password); // one hash for all: creating people is not what is measured
        var enrollment = services.GetRequiredService<IAuthenticatorEnrollment>();
        for (var i = 0; i < count; i++)
        {
            var email = $"bench-{Guid.NewGuid():N}@demo.test";
            string userId;
            await using (var scope = services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                var user = new PortalUser { UserName = email, Email = email, DisplayName = $"Bench {i}", EmailConfirmed = true, PasswordHash = hash };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                userId = user.Id;
            }
            var setup = await enrollment.BeginAsync(userId, "Authy");
            var person = ToPerson(new BenchPersonSeed(email, setup.SetupKey, 0));
            var session = await BenchSessions.FreshAsync(services, userId);
            await enrollment.ConfirmAsync(userId, session, person.CodeNow(out var step));
            seeds.Add(new BenchPersonSeed(email, setup.SetupKey, step + 1)); // the confirmation may have claimed the next step if it crossed a boundary
        }
        return seeds;
    }

    public static SignInPeople From(IEnumerable<BenchPersonSeed> seeds)
    {
        var people = new SignInPeople();
        foreach (var seed in seeds) people.queue.Enqueue(ToPerson(seed));
        return people;
    }

    private static BenchPerson ToPerson(BenchPersonSeed seed) =>
        new(seed.Email, new Totp(Base32Encoding.ToBytes(seed.SetupKey.Replace(" ", ""))), seed.LastStep);

    public async Task<BenchPerson> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            if (queue.TryDequeue(out var person))
            {
                while (CurrentStep() <= person.LastStep) await Task.Delay(200, ct);
                return person;
            }
            await Task.Delay(50, ct);
        }
    }

    public void Return(BenchPerson person) => queue.Enqueue(person);

    private static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
}
