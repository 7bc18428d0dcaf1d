using System.Text.RegularExpressions;
using BackupifyPortal.Features.Authenticator;
using BackupifyPortal.Features.Phone;
using OtpNet;

namespace BackupifyPortal.Tests.TwoFactor;

/// <summary>Measures what the generators really produce, bit by bit, rather than trusting a length.</summary>
public class CodeEntropyTests
{
    [Fact]
    public void RecoveryCode_Carries120RandomBits_EveryBitVaries()
    {
        var codes = Enumerable.Range(0, 4000).Select(_ => RecoveryCodeFormat.NewCode()).ToList();
        var raw = codes.Select(c => Base32Encoding.ToBytes(RecoveryCodeFormat.Normalize(c))).ToList();

        Assert.All(codes, c => Assert.Matches("^[a-z2-7]{4}(-[a-z2-7]{4}){5}$", c));
        Assert.All(raw, bytes => Assert.Equal(15, bytes.Length));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // A fixed or biased bit would sit far outside 50 % ± 5 % over 4,000 codes (the odds of a fair bit doing so are below 1e-9).
        for (var bit = 0; bit < 120; bit++)
        {
            var ones = raw.Count(bytes => (bytes[bit / 8] >> (7 - bit % 8) & 1) == 1);
            Assert.InRange(ones, 1800, 2200);
        }
    }

    [Fact]
    public void PhoneCode_IsSixDigitsOverTheWholeRange_AtLeast19Point9Bits()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => CodeHasher.NewCode()).ToList();

        Assert.All(codes, c => Assert.Matches(new Regex("^[0-9]{6}$"), c));
        var values = codes.Select(int.Parse).ToList();
        // Leading zeros and the top of the range both occur: the code spans 000000-999999, not a narrower slice.
        Assert.Contains(values, v => v < 10_000);
        Assert.Contains(values, v => v > 990_000);
        Assert.InRange(values.Distinct().Count(), 19_500, 20_000);
    }
}
