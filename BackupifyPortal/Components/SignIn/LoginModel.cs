using System.ComponentModel.DataAnnotations;

namespace BackupifyPortal.Components.SignIn;

public sealed class LoginModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [MaxLength(256, ErrorMessage = "That email address is too long.")]
    // No spaces, control, zero-width or bidi characters inside: they would never match an account and only confuse.
    [RegularExpression(@"^[^\p{C}\s]+$", ErrorMessage = "Enter an email address like name@example.com.")]
    public string Email { get => email; set => email = value?.Trim() ?? ""; }

    private string email = "";

    [Required(ErrorMessage = "Enter your password.")]
    [MaxLength(512, ErrorMessage = "That password is too long.")]
    public string Password { get; set; } = "";
}
