using BackupifyPortal.Features.Phone;

namespace BackupifyPortal.Tests.Phone;

/// <summary>The Country code picker finds a country by the names and codes people type.</summary>
public class CountrySearchTests
{
    private static readonly PhoneNumberService Numbers = new(Microsoft.Extensions.Options.Options.Create(new PhoneOptions()), null!);

    [Theory]
    [InlineData("UK", "GB")]
    [InlineData("uk", "GB")]
    [InlineData("GB", "GB")]
    [InlineData("+44", "GB")]
    [InlineData("44", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Britain", "GB")]
    [InlineData("USA", "US")]
    [InlineData("+1", "US")]
    [InlineData("Holland", "NL")]
    [InlineData("Ireland", "IE")]
    [InlineData("Germ", "DE")]
    public void Search_CommonNameOrCode_PutsTheCountryFirst(string typed, string region) =>
        Assert.Equal(region, Numbers.Search(typed).First().Region);

    [Fact]
    public void Search_CallingCode_ListsEveryCountryThatSharesIt() =>
        Assert.Equal(["GB", "GG", "IM", "JE"], Numbers.Search("+44").Select(c => c.Region).Order());
}
