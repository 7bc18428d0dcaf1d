using System.Text.RegularExpressions;

namespace BackupifyPortal.Tests.Foundation;

/// <summary>
/// Issue 14: components only render and call a service; no rule lives in a component. A component that reaches the
/// database, Identity's managers, the audit log, the stamp, the limiter or the mail itself has taken a rule from its
/// feature's service, so this scan of every file under Components/ fails.
/// </summary>
public sealed partial class ComponentRulesTests
{
    /// <summary>What only a feature's service may touch, and why.</summary>
    private static readonly Dictionary<string, string> ServiceOnly = new()
    {
        ["PortalDbContext"] = "state is read and written by a feature's service",
        ["DbContext"] = "state is read and written by a feature's service",
        ["IDbContextFactory"] = "state is read and written by a feature's service",
        ["UserManager"] = "password, lockout and stamp rules live in Features/SignIn and Features/Passwords",
        ["SignInManager"] = "sign-in is the server-side state machine (PasswordSignIn, SecondFactorSignIn)",
        ["IAuditLog"] = "every audit event is written by the service that made the change (FactorChanges for factors)",
        ["AuditLog"] = "every audit event is written by the service that made the change (FactorChanges for factors)",
        ["AuditEventTypes"] = "a component that names an audit type is writing or deciding on one; screens use AuditEventDescriptions",
        ["SecurityStamps"] = "the stamp rotates once, inside FactorChanges or the password change",
        ["AttemptLimiter"] = "limits are counted by the services that own them",
        ["IEmailSender"] = "notices are mailed by the service that made the change",
        ["SecurityNotices"] = "notices are mailed by the service that made the change",
        ["ICodeSender"] = "codes are sent by PhoneCodeService, within its caps",
        ["IPasswordHasher"] = "passwords are checked by the sign-in and password services, which count failures",
    };

    /// <summary>Files allowed one of the names above, each with its reason. Empty today: keep it short.</summary>
    private static readonly Dictionary<string, string> Exceptions = new();

    [Fact]
    public void NoComponent_ReachesTheDatabaseIdentityTheAuditLogOrTheMailItself()
    {
        var offenders = Scan(ComponentsFolder()).ToList();

        Assert.True(offenders.Count == 0, "Components that take a rule from a service:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScan_FindsAnInjectedDbContext_AnInjectAttribute_AndAnAuditWrite()
    {
        var folder = Directory.CreateTempSubdirectory("component-rules-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Bad.razor"), "@inject PortalDbContext Db\n<p>hi</p>\n@code { }");
            File.WriteAllText(Path.Combine(folder.FullName, "Worse.razor"),
                "@code {\n    [Inject] private Microsoft.AspNetCore.Identity.UserManager<PortalUser> Users { get; set; } = default!;\n}");
            File.WriteAllText(Path.Combine(folder.FullName, "Writer.razor.cs"),
                "partial class Writer { async Task X() => await Audit.WriteAsync(AuditEventTypes.PhoneVerified, id, null); }");
            File.WriteAllText(Path.Combine(folder.FullName, "Fine.razor"), "@inject FreshProof Fresh\n<p>AuditEventDescriptions.Describe(type)</p>");

            var offenders = Scan(folder.FullName).ToList();

            Assert.Contains(offenders, o => o.StartsWith("Bad.razor") && o.Contains("PortalDbContext"));
            Assert.Contains(offenders, o => o.StartsWith("Worse.razor") && o.Contains("UserManager"));
            Assert.Contains(offenders, o => o.StartsWith("Writer.razor.cs") && o.Contains("AuditEventTypes"));
            Assert.DoesNotContain(offenders, o => o.StartsWith("Fine.razor"));
        }
        finally { folder.Delete(recursive: true); }
    }

    private static IEnumerable<string> Scan(string folder) =>
        from path in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
        where path.EndsWith(".razor") || path.EndsWith(".cs")
        let name = Path.GetRelativePath(folder, path)
        where !Exceptions.ContainsKey(name.Replace('\\', '/'))
        from match in ServiceOnlyName().Matches(File.ReadAllText(path))
        let type = match.Groups["type"].Value
        where ServiceOnly.ContainsKey(type)
        select $"{name}: {type} ({ServiceOnly[type]})";

    private static string ComponentsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupifyPortal.sln"))) return Path.Combine(dir.FullName, "BackupifyPortal", "Components");
        throw new InvalidOperationException("BackupifyPortal.sln not found above " + AppContext.BaseDirectory);
    }

    // A whole word, optionally namespace-qualified; generic arguments and members after it do not matter.
    [GeneratedRegex(@"(?<![\w])(?:[\w]+\.)*(?<type>PortalDbContext|DbContext|IDbContextFactory|UserManager|SignInManager|IAuditLog|AuditLog|AuditEventTypes|SecurityStamps|AttemptLimiter|IEmailSender|SecurityNotices|ICodeSender|IPasswordHasher)\b")]
    private static partial Regex ServiceOnlyName();
}
