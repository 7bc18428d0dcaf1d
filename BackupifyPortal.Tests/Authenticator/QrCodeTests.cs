using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;
using BackupifyPortal.Features.Authenticator;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace BackupifyPortal.Tests.Authenticator;

/// <summary>Reads the very SVG the dialog shows, as a phone's camera would, and checks the otpauth URI in it.</summary>
public sealed partial class QrCodeTests
{
    [GeneratedRegex("""viewBox="0 0 (\d+) (\d+)"|M(\d+) (\d+)h(\d+)v1h-\d+z""")]
    private static partial Regex SvgShapes();

    /// <summary>Rasterises QRCoder's SVG (one "M x y h w v1 h-w z" run per dark row segment) and decodes it with ZXing.</summary>
    public static string Decode(string svg)
    {
        const int scale = 4;
        int size = 0;
        var runs = new List<(int X, int Y, int W)>();
        foreach (Match m in SvgShapes().Matches(svg))
        {
            if (m.Groups[1].Success) size = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            else runs.Add((int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value), int.Parse(m.Groups[5].Value)));
        }
        Assert.True(size > 0 && runs.Count > 0, "the SVG has no QR modules this test can read");
        // A white margin around the drawing, as on screen; PURE_BARCODE reads a perfect, unrotated code.
        const int margin = 4;
        var side = (size + 2 * margin) * scale;
        var pixels = Enumerable.Repeat((byte)255, side * side).ToArray();
        foreach (var (x, y, w) in runs)
            for (var py = (y + margin) * scale; py < (y + margin + 1) * scale; py++)
                for (var px = (x + margin) * scale; px < (x + margin + w) * scale; px++)
                    pixels[py * side + px] = 0;
        var source = new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<ZXing.DecodeHintType, object> { [ZXing.DecodeHintType.PURE_BARCODE] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.NotNull(result);
        return result.Text;
    }

    [Fact]
    public async Task QrCode_DecodedFromSvg_IsTheOtpAuthUriWithEveryField()
    {
        await using var host = await AuthenticatorTestHost.StartAsync();
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Google Authenticator");

        var text = Decode(setup.QrSvg);

        Assert.Equal(setup.OtpAuthUri, text);
        var uri = new Uri(text);
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal($"/Backupify:{host.Email}", Uri.UnescapeDataString(uri.AbsolutePath));
        var query = HttpUtility.ParseQueryString(uri.Query);
        Assert.Equal(setup.SetupKey, query["secret"]);
        Assert.Equal(20, RfcTotp.FromBase32(query["secret"]!).Length);
        Assert.Equal("Backupify", query["issuer"]);
        Assert.Equal("SHA1", query["algorithm"]);
        Assert.Equal("6", query["digits"]);
        Assert.Equal("30", query["period"]);

        // The key read from the picture works: a phone that scanned it can finish setup.
        var code = RfcTotp.CodeAt(query["secret"]!, host.Clock.GetUtcNow());
        Assert.True((await host.Enrollment.ConfirmAsync(host.UserId, await host.SessionAsync(), code)).Check.Succeeded);
    }

    [Fact]
    public async Task QrCode_IssuerFromConfiguration_IsEncodedInLabelAndQuery()
    {
        await using var host = await AuthenticatorTestHost.StartAsync(new() { ["Authenticator:Issuer"] = "Acme & Co" });
        var setup = await host.Enrollment.BeginAsync(host.UserId, "Authy");

        var uri = new Uri(Decode(setup.QrSvg));

        Assert.Equal($"/Acme & Co:{host.Email}", Uri.UnescapeDataString(uri.AbsolutePath));
        Assert.Equal("Acme & Co", HttpUtility.ParseQueryString(uri.Query)["issuer"]);
    }

    [Fact]
    public void QrCode_ManyRandomSecretsAndEmails_EveryRenderedCodeDecodesBack()
    {
        for (var i = 0; i < 60; i++)
        {
            var secret = OtpNet.Base32Encoding.ToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            var uri = $"otpauth://totp/Backupify:{Uri.EscapeDataString($"person{i}.{new string('x', i % 17)}@demo.test")}?secret={secret}&issuer=Backupify&algorithm=SHA1&digits=6&period=30";
            Assert.Equal(uri, Decode(QrCodeSvg.Render(uri)));
        }
    }

    [Fact]
    public void QrCode_Svg_IsInlineImageNamedQrCode()
    {
        var svg = QrCodeSvg.Render("otpauth://totp/Backupify:a%40b.test?secret=AAAA");
        Assert.StartsWith("<svg ", svg);
        Assert.Contains("role=\"img\"", svg);
        Assert.Contains("aria-label=\"QR code\"", svg);
        Assert.DoesNotContain("<image", svg);
        Assert.DoesNotContain("href", svg);
    }
}
