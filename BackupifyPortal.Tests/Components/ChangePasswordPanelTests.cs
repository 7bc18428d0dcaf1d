using BackupifyPortal.Features.Operations;
using BackupifyPortal.Components.Settings;
using BackupifyPortal.Components.Shared;
using BackupifyPortal.Data;
using BackupifyPortal.Features.Passwords;
using BackupifyPortal.Features.SignIn;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackupifyPortal.Tests.Components;

/// <summary>The Change password panel: each message next to its field, nothing typed lost on an error.</summary>
public class ChangePasswordPanelTests : PortalComponentTest
{
    private readonly ScriptedPasswordChange passwords = new();

    public ChangePasswordPanelTests()
    {
        Services.AddSingleton<ISignInTickets, UnusedTickets>();
        Services.AddSingleton<IPasswordChange>(passwords);
        AddBunitPersistentComponentState();
    }

    [Fact]
    public async Task Fields_ArePasswordInputs_WithAutocompleteHints_AndShowHideButtons()
    {
        var cut = await RenderPanelAsync();

        Assert.Equal("current-password", Input(cut, "Current password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", Input(cut, "New password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", Input(cut, "Confirm new password").GetAttribute("autocomplete"));
        Assert.All(new[] { "Current password", "New password", "Confirm new password" }, label => Assert.Equal("password", Input(cut, label).GetAttribute("type")));
        Assert.Null(Input(cut, "New password").GetAttribute("onpaste"));

        cut.Find("button[aria-label='Show new password']").Click();

        Assert.Equal("text", Input(cut, "New password").GetAttribute("type"));
        Assert.NotNull(cut.Find("button[aria-label='Hide new password']"));
    }

    [Fact]
    public async Task Refusal_ShowsEachMessageNextToItsField_AndKeepsWhatWasTyped()
    {
        passwords.Next = new PasswordChangeResult(
            CurrentError: PasswordChange.WrongCurrentMessage,
            NewError: PasswordPolicy.TooShortMessage,
            ConfirmError: PasswordChange.MismatchMessage);
        var cut = await RenderPanelAsync();
        Input(cut, "Current password").Input("old secret");
        Input(cut, "New password").Input("too short");
        Input(cut, "Confirm new password").Input("too shorT");

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Change password").Click();

        cut.WaitForAssertion(() => Assert.Contains(PasswordChange.WrongCurrentMessage, Field(cut, "Current password").TextContent));
        Assert.Contains("at least 15 characters", Field(cut, "New password").TextContent);
        Assert.Contains(PasswordChange.MismatchMessage, Field(cut, "Confirm new password").TextContent);
        Assert.DoesNotContain(PasswordChange.MismatchMessage, Field(cut, "New password").TextContent);
        Assert.Equal("old secret", Input(cut, "Current password").GetAttribute("value"));
        Assert.Equal("too short", Input(cut, "New password").GetAttribute("value"));
        Assert.Equal("too shorT", Input(cut, "Confirm new password").GetAttribute("value"));
        var sent = Assert.Single(passwords.Requests);
        Assert.Equal(("old secret", "too short", "too shorT"), (sent.CurrentPassword, sent.NewPassword, sent.ConfirmPassword));
    }

    [Fact]
    public async Task Success_ClearsTheFields_AndSaysOtherBrowsersWereSignedOut()
    {
        var cut = await RenderPanelAsync();
        Input(cut, "Current password").Input("old secret");
        Input(cut, "New password").Input("amber violet tunnel cobbler");
        Input(cut, "Confirm new password").Input("amber violet tunnel cobbler");

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Change password").Click();

        cut.WaitForAssertion(() => Assert.Contains("Your password was changed", cut.Find("[role=status]").TextContent));
        Assert.True(string.IsNullOrEmpty(Input(cut, "New password").GetAttribute("value")));
    }

    private async Task<IRenderedComponent<ChangePasswordPanel>> RenderPanelAsync()
    {
        var (user, _) = await SignInPersonAsync("Pat Person", AccountKind.Backupify2);
        RenderProviders();
        return Render<ChangePasswordPanel>(p => p.AddCascadingValue(user));
    }

    /// <summary>The MudTextField around the field labelled <paramref name="label"/>: the input, its helper and its error.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<ChangePasswordPanel> cut, string label) =>
        cut.FindAll("label").First(l => l.TextContent.Trim() == label).Closest(".mud-input-control")
        ?? throw new InvalidOperationException($"No field labelled {label}");

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<ChangePasswordPanel> cut, string label) =>
        Field(cut, label).QuerySelector("input") ?? throw new InvalidOperationException($"No input labelled {label}");

    private sealed class ScriptedPasswordChange : IPasswordChange
    {
        public PasswordChangeResult Next { get; set; } = PasswordChangeResult.Changed;
        public List<PasswordChangeRequest> Requests { get; } = [];

        public Task<PasswordChangeResult> ChangeAsync(PasswordChangeRequest request, CancellationToken ct = default)
        {
            Requests.Add(request);
            return Task.FromResult(Next);
        }
    }

    private sealed class UnusedTickets : ISignInTickets
    {
        public Task<string> IssueAsync(string userId, string bindingHash, string method, bool rememberBrowser, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<SignInTicket?> RedeemAsync(string ticket, string? presentedBindingHash, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
