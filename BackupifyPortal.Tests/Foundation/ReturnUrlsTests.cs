using BackupifyPortal.Features.SignIn;

namespace BackupifyPortal.Tests.Foundation;

public class ReturnUrlsTests
{
    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://evil.example/backupify/x/status")]
    [InlineData("http:/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/path")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\nSet-Cookie: x=y")]
    [InlineData("/accounts\0")]
    [InlineData("evil.example")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void LocalOrNull_UnsafeOrForeignUrl_IsIgnored(string? url) => Assert.Null(ReturnUrls.LocalOrNull(url));

    [Fact]
    public void LocalOrNull_LoginPageItself_IsIgnoredSoSignInCannotLoop() =>
        Assert.Null(ReturnUrls.LocalOrNull("/login?returnUrl=%2Flogin"));

    [Fact]
    public void LocalOrNull_VeryLongUrl_IsIgnored() => Assert.Null(ReturnUrls.LocalOrNull("/" + new string('a', 5000)));

    [Theory]
    [InlineData("/backupify/x/status")]
    [InlineData("/accounts")]
    [InlineData("/partner/6f1f7c2e-0d7b-4c55-9a57-4a1b8f000001/settings?tab=security")]
    [InlineData("/")]
    public void LocalOrNull_LocalPath_IsKept(string url) => Assert.Equal(url, ReturnUrls.LocalOrNull(url));
}
