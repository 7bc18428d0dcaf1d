using BackupifyPortal.Features.SignIn;
using BackupifyPortal.Features.Support;

namespace BackupifyPortal.Features.Events;

/// <summary>
/// Every event that may cross instances, by its stored name. A row is only ever read back as one of these types
/// (never a type named by the database), and a name an older instance does not know is skipped. Names have no dots,
/// so they never read as audit event types.
/// </summary>
public static class PortalEventTypes
{
    private static readonly Dictionary<string, Type> ByName = new()
    {
        ["setup-step-shown"] = typeof(SetupStepShown),
        ["person-sessions-ended"] = typeof(PersonSessionsEnded),
        ["person-stamp-rotated"] = typeof(PersonStampRotated),
        ["setup-ended"] = typeof(SetupEnded),
        ["code-delivery-changed"] = typeof(Phone.CodeDeliveryChanged),
    };

    private static readonly Dictionary<Type, string> ByType = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<Type> All => ByName.Values;

    public static string NameOf(Type type) =>
        ByType.TryGetValue(type, out var name) ? name : throw new InvalidOperationException($"{type.Name} is not in {nameof(PortalEventTypes)}: add it there to publish it.");

    public static Type? TypeOf(string name) => ByName.GetValueOrDefault(name);
}
