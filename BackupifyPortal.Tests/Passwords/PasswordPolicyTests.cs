using BackupifyPortal.Features.Passwords;

namespace BackupifyPortal.Tests.Passwords;

/// <summary>NIST 800-63B-4 / ASVS 5.0 V6.2 rules for a new password, as the person sees them.</summary>
public class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(new CommonPasswords());
    private static readonly PasswordContext Dana = new("dana.direct@demo.test", "Dana Direct");

    [Fact]
    public void Blocklist_IsEmbedded_WithAtLeastTheThousandMostCommonPasswords()
    {
        var common = new CommonPasswords();
        Assert.True(common.Count >= 1000, $"only {common.Count} entries");
        Assert.True(common.Contains("123456"));
        Assert.True(common.Contains("correct horse battery staple"));
    }

    [Fact]
    public void FourteenCharacters_IsRefused_SayingFifteenIsTheNistMinimum()
    {
        var message = Policy.Check("mauve-kettle-o", Dana);
        Assert.Equal(PasswordPolicy.TooShortMessage, message);
        Assert.Contains("15", message);
        Assert.Contains("NIST", message);
    }

    [Fact]
    public void FifteenCharacters_IsAccepted() => Assert.Null(Policy.Check("mauve-kettle-ox", Dana));

    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    public void LongPasswords_UpTo256_AreAccepted(int length) => Assert.Null(Policy.Check(Filler(length), Dana));

    [Fact]
    public void TwoHundredFiftySevenCharacters_IsRefused() => Assert.Equal(PasswordPolicy.TooLongMessage, Policy.Check(Filler(257), Dana));

    [Fact]
    public void Length_CountsCodePoints_SoEmojiAreOneCharacterEach() =>
        Assert.Null(Policy.Check(string.Concat(Enumerable.Repeat("🦊", 15)), Dana));

    [Theory]
    [InlineData("passwordpassword")]
    [InlineData("QwertyuiopAsdfgh")]
    [InlineData("correct horse battery staple")]
    [InlineData("iloveyouiloveyou2026!")]
    public void BlocklistedPassword_IsRefused(string password) => Assert.Equal(PasswordPolicy.CommonMessage, Policy.Check(password, Dana));

    [Theory]
    [InlineData("my BACKUPIFY account key", "backupify")]
    [InlineData("datto-rocks-every-day", "datto")]
    [InlineData("open the Portal door now", "portal")]
    [InlineData("violet danadirect tunnel", "danadirect")]
    [InlineData("violet tunnel for DANA ok", "dana")]
    [InlineData("violet tunnel Direct ocean", "direct")]
    public void ContextWord_IsRefused_NamingTheWord(string password, string word)
    {
        var message = Policy.Check(password, Dana);
        Assert.NotNull(message);
        Assert.Contains($"\"{word}\"", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CompositionFreePassphrase_IsAccepted() => Assert.Null(Policy.Check("violet tunnel cobbler ocean", Dana));

    [Fact]
    public void Spaces_AreKeptExactly_NotTrimmed()
    {
        // Thirteen characters plus two spaces: trimming would make it too short, so acceptance proves nothing was trimmed.
        Assert.Null(Policy.Check(" violet tunnel ", Dana));
        Assert.Equal(PasswordPolicy.TooShortMessage, Policy.Check("violet tunnel", Dana));
    }

    [Fact]
    public void Empty_AsksForANewPassword() => Assert.Equal("Enter a new password.", Policy.Check("", Dana));

    /// <summary>Unrelated words, cut to <paramref name="length"/> characters.</summary>
    private static string Filler(int length) =>
        string.Concat(Enumerable.Repeat("amber violet tunnel cobbler ", 20))[..length];
}
