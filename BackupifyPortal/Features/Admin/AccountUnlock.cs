using BackupifyPortal.Features.Audit;
using BackupifyPortal.Features.Limits;

namespace BackupifyPortal.Features.Admin;

public enum UnlockOutcome { Done, NotAllowed, NothingToUnlock }

/// <summary>
/// Ends every wait of a person (wrong passwords, the cap of 100, wrong codes) and keeps their factors. Only an admin of the
/// person's organisation (support staff belong to the support organisation, so its admin owns them), never on themselves.
/// </summary>
public sealed class AccountUnlock(ConsoleActors actors, PasswordAttempts passwords, AttemptLimiter limiter, IAuditLog audit, ILogger<AccountUnlock> logger, Operations.CurrentClient client)
{
    /// <summary>Whether the console shows Unlock for this person; false for anyone outside the actor's scope.</summary>
    public async Task<bool> IsHeldAsync(string actorId, string subjectId, CancellationToken ct = default) =>
        await AdminOverAsync(actorId, subjectId, ct) is not null && await passwords.IsHeldAsync(subjectId, ct);

    /// <summary>Which of these people (rows of the admin console) the actor may unlock now.</summary>
    public async Task<IReadOnlySet<string>> HeldAmongAsync(string actorId, IEnumerable<string> subjectIds, CancellationToken ct = default)
    {
        var held = new HashSet<string>();
        foreach (var id in subjectIds)
            if (await IsHeldAsync(actorId, id, ct)) held.Add(id);
        return held;
    }

    public async Task<UnlockOutcome> UnlockAsync(string actorId, string subjectId, CancellationToken ct = default)
    {
        var actor = await AdminOverAsync(actorId, subjectId, ct);
        if (actor is null) return UnlockOutcome.NotAllowed;
        if (await limiter.ClearAccountAsync(subjectId, ct) == 0) return UnlockOutcome.NothingToUnlock;
        await audit.WriteAsync(AuditEventTypes.AccountUnlocked, subjectId, $"by {actor.Role}", actor.Id, client.Address, ct);
        logger.LogInformation("Account {SubjectId} unlocked by {ActorId}", subjectId, actor.Id);
        return UnlockOutcome.Done;
    }

    private async Task<ConsoleActor?> AdminOverAsync(string actorId, string subjectId, CancellationToken ct)
    {
        var actor = await actors.AuthorizeAsync(actorId, subjectId, ct);
        return actor is { Role: ConsoleRole.Admin } && actor.Id != subjectId ? actor : null;
    }
}
