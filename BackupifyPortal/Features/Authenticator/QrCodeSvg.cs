using QRCoder;

namespace BackupifyPortal.Features.Authenticator;

/// <summary>Draws a QR code as inline SVG markup: rendered on the server, so no image request leaks the secret.</summary>
public static class QrCodeSvg
{
    public const string AccessibleName = "QR code";

    public static string Render(string text, int pixelsPerModule = 5)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(pixelsPerModule);
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{AccessibleName}\" focusable=\"false\" ", StringComparison.Ordinal);
    }
}
