using System.ComponentModel.DataAnnotations;

namespace BackupifyPortal.Components.SignIn;

public sealed class LoginModel
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [MaxLength(256, ErrorMessage = "That email address is too long.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [MaxLength(512, ErrorMessage = "That password is too long.")]
    public string Password { get; set; } = "";
}
