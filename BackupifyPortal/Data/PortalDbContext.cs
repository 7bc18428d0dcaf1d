using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BackupifyPortal.Data;

/// <summary>The portal's data on SQLite (the default); <see cref="PostgresPortalDbContext"/> is the same model on PostgreSQL with its own migrations.</summary>
public class PortalDbContext : IdentityDbContext<PortalUser>, IDataProtectionKeyContext
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options) : base(options) { }

    /// <summary>For the provider subclasses, which each keep their own migration set.</summary>
    protected PortalDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<PortalAccount> Accounts => Set<PortalAccount>();
    public DbSet<ProtectedService> ProtectedServices => Set<ProtectedService>();
    public DbSet<TwoFactorProfile> TwoFactorProfiles => Set<TwoFactorProfile>();
    public DbSet<UserFactor> Factors => Set<UserFactor>();
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();
    public DbSet<SignInTicket> SignInTickets => Set<SignInTicket>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<CodeDelivery> CodeDeliveries => Set<CodeDelivery>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<SetupLink> SetupLinks => Set<SetupLink>();
    public DbSet<SetupProgress> SetupProgress => Set<SetupProgress>();
    public DbSet<AttemptCounter> AttemptCounters => Set<AttemptCounter>();
    public DbSet<PasskeyCeremony> PasskeyCeremonies => Set<PasskeyCeremony>();
    public DbSet<TrustedBrowser> TrustedBrowsers => Set<TrustedBrowser>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Identity builds its tables by the schema version in the app's IdentityOptions (3: AspNetUserPasskeys). A context
    // made outside the app's DI (tools, tests) gets the same version, so every model matches the one migration.
    private static readonly IServiceProvider IdentityVersion3 = new ServiceCollection().AddOptions()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3).BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var core = optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>();
        if (core?.ApplicationServiceProvider is null) optionsBuilder.UseApplicationServiceProvider(IdentityVersion3);
    }

    // SQLite cannot compare DateTimeOffset text; as UTC ticks in a long, ordering and range queries work.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (!Database.IsSqlite()) return;
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<PortalUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(100);
            u.Property(x => x.TimeZoneId).HasMaxLength(64);
            u.Property(x => x.Locale).HasMaxLength(35);
            u.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId);
            u.HasOne(x => x.TwoFactor).WithOne().HasForeignKey<TwoFactorProfile>(x => x.UserId);
        });
        builder.Entity<Organization>(o => o.Property(x => x.Name).HasMaxLength(200));
        builder.Entity<PortalAccount>(a =>
        {
            a.Property(x => x.Name).HasMaxLength(200);
            a.HasOne(x => x.Owner).WithMany(x => x.Accounts).HasForeignKey(x => x.OwnerId);
            a.HasMany(x => x.Services).WithOne().HasForeignKey(x => x.AccountId);
        });
        builder.Entity<TwoFactorProfile>(t =>
        {
            t.HasKey(x => x.UserId);
        });
        builder.Entity<UserFactor>(f =>
        {
            f.HasOne<PortalUser>().WithMany(u => u.Factors).HasForeignKey(x => x.UserId);
            f.Property(x => x.Name).HasMaxLength(64);
            f.Property(x => x.PhoneE164).HasMaxLength(20);
            f.HasIndex(x => new { x.UserId, x.Kind, x.Name }).IsUnique(); // names are unique per person and kind
        });
        builder.Entity<SignInTicket>().HasIndex(x => x.TokenHash).IsUnique();
        builder.Entity<SignInAttempt>().HasIndex(x => x.UserId);
        builder.Entity<OneTimeCode>().HasIndex(x => new { x.UserId, x.Purpose, x.BindingId });
        builder.Entity<CodeDelivery>().HasIndex(x => x.SentAt);
        builder.Entity<CodeDelivery>().HasIndex(x => new { x.UserId, x.SentAt });
        builder.Entity<CodeDelivery>().HasIndex(x => new { x.PhoneHash, x.SentAt });
        builder.Entity<CodeDelivery>(d =>
        {
            d.Property(x => x.ProviderSid).HasMaxLength(64);
            d.Property(x => x.StatusErrorCode).HasMaxLength(16);
            d.HasIndex(x => x.ProviderSid); // a status callback finds its message by the provider's id
        });
        builder.Entity<OutboxMessage>().HasIndex(x => x.SentAt);
        builder.Entity<RecoveryCode>().HasIndex(x => x.UserId);
        builder.Entity<AuditEvent>().HasIndex(x => new { x.UserId, x.At });
        builder.Entity<AuditEvent>().HasIndex(x => new { x.IpAddress, x.Type, x.At });
        builder.Entity<AuthSession>(a =>
        {
            a.Property(x => x.Id).HasMaxLength(64);
            a.Property(x => x.UserAgent).HasMaxLength(512);
            a.HasIndex(x => x.UserId);
        });
        builder.Entity<SetupLink>(l =>
        {
            l.HasIndex(x => x.TokenHash).IsUnique();
            l.HasIndex(x => x.UserId);
            l.Property(x => x.TokenHash).HasMaxLength(64);
        });
        builder.Entity<SetupProgress>(p =>
        {
            p.HasKey(x => x.UserId);
            p.Property(x => x.Method).HasMaxLength(16);
            p.Property(x => x.CurrentStep).HasMaxLength(Features.Support.SetupProgressNotifier.MaxStepLength);
            p.Property(x => x.Outcome).HasMaxLength(Features.Support.SetupProgressNotifier.MaxStepLength);
        });
        builder.Entity<AttemptCounter>(c =>
        {
            c.HasKey(x => new { x.Kind, x.Key });
            c.Property(x => x.Kind).HasMaxLength(32);
            c.Property(x => x.Key).HasMaxLength(200);
            c.HasIndex(x => x.Key); // an admin unlock finds every counter of one person by key
        });
        builder.Entity<PasskeyCeremony>(c =>
        {
            c.Property(x => x.Purpose).HasMaxLength(16);
            c.Property(x => x.BindingHash).HasMaxLength(64);
            c.HasIndex(x => x.ExpiresAt);
        });
        builder.Entity<TrustedBrowser>(b =>
        {
            b.Property(x => x.Browser).HasMaxLength(80);
            b.Property(x => x.Network).HasMaxLength(64);
            b.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => x.UserId);
        });
    }
}
