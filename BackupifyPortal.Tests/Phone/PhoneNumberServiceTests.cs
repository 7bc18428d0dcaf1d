using BackupifyPortal.Data;
using BackupifyPortal.Features.Phone;
using Microsoft.Extensions.Options;

namespace BackupifyPortal.Tests.Phone;

public sealed class PhoneNumberServiceTests
{
    private readonly PhoneNumberService numbers = new(Options.Create(new PhoneOptions()), new NoLineTypeLookup());

    [Fact]
    public void Countries_ListEveryRegionWithCallingCodeAndName()
    {
        Assert.True(numbers.Countries.Count > 200);
        Assert.Contains(numbers.Countries, c => c is { Region: "GB", CallingCode: 44, Name: "United Kingdom" });
        Assert.Contains(numbers.Countries, c => c is { Region: "US", CallingCode: 1 });
    }

    [Theory]
    [InlineData("+44", "GB")]
    [InlineData("44", "GB")]
    [InlineData("germ", "DE")]
    [InlineData("nz", "NZ")]
    public void Search_ByNameRegionOrCallingCode_FindsCountry(string text, string region) =>
        Assert.Contains(numbers.Search(text), c => c.Region == region);

    [Theory]
    [InlineData("en-US", "US")]
    [InlineData("en-GB", "GB")]
    [InlineData("de-DE", "DE")]
    [InlineData("fr", "FR")]
    [InlineData("not a locale", "US")]
    [InlineData(null, "US")]
    public void DefaultRegion_FromLocale(string? locale, string region) => Assert.Equal(region, numbers.DefaultRegion(locale));

    [Fact]
    public async Task Parse_UkMobile_IsE164BySms()
    {
        var result = await numbers.ParseAsync("GB", "07400 123456", isLandline: false);
        Assert.Equal(new ParsedPhone("+447400123456", "GB", DeliveryChannel.Sms, true), result.Phone);
    }

    [Fact]
    public async Task Parse_UkLandline_IsByVoice()
    {
        var result = await numbers.ParseAsync("GB", "020 7946 0018", isLandline: false);
        Assert.Equal(DeliveryChannel.Voice, result.Phone!.Channel);
    }

    [Fact]
    public async Task Parse_UsNumberThatCouldBeEither_IsSmsWithCallOffered()
    {
        var result = await numbers.ParseAsync("US", "(650) 253-0000", isLandline: false);
        Assert.Equal("+16502530000", result.Phone!.E164);
        Assert.Equal(DeliveryChannel.Sms, result.Phone.Channel);
        Assert.False(result.Phone.ChannelCertain);
    }

    [Fact]
    public async Task Parse_TickedLandline_IsByVoice()
    {
        var result = await numbers.ParseAsync("US", "650 253 0000", isLandline: true);
        Assert.Equal(DeliveryChannel.Voice, result.Phone!.Channel);
    }

    [Fact]
    public async Task Parse_InternationalFormat_WinsOverPickedCountry()
    {
        var result = await numbers.ParseAsync("US", "+44 7400 123456", isLandline: false);
        Assert.Equal("+447400123456", result.Phone!.E164);
    }

    [Theory]
    [InlineData("GB", "12345", "valid phone number for United Kingdom")]
    [InlineData("GB", "hello", "doesn't look like a phone number")]
    [InlineData("GB", "", "Enter your phone number")]
    [InlineData("RU", "+7 495 123-45-67", "can't send codes to numbers in Russia")]
    [InlineData("GB", "0909 879 0000", "can't receive codes")]
    [InlineData("ZZ", "07400 123456", "Choose a country code")]
    public async Task Parse_BadNumber_ExplainsWhy(string region, string input, string message)
    {
        var result = await numbers.ParseAsync(region, input, isLandline: false);
        Assert.Null(result.Phone);
        Assert.Contains(message, result.Error);
    }
}
