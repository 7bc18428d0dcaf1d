using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BackupifyPortal.Tests.Security.BadInput;

/// <summary>What a person must (and must not) see after a hostile value went into a field.</summary>
public static class BadInputAssert
{
    /// <summary>No exception reached the renderer (it would show Blazor's error UI and end the circuit).</summary>
    public static void NoUnhandledException(BunitContext context)
    {
        var task = context.Renderer.UnhandledException;
        Assert.False(task.IsCompleted, task.IsCompleted ? $"Unhandled exception: {task.Result}" : "");
    }

    /// <summary>The markup values were shown as text (the DOM holds no script element, event-handler attribute or injected img).</summary>
    public static void RenderedAsText<T>(IRenderedComponent<T> cut) where T : IComponent
    {
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("[onerror]"));
        Assert.Empty(cut.FindAll("img[src=x]"));
    }

    /// <summary>The input labelled <paramref name="label"/>, found the way a screen reader would.</summary>
    public static IElement Field<T>(IRenderedComponent<T> cut, string label) where T : IComponent
    {
        var id = cut.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.Find($"#{id}");
    }

    /// <summary>The error text MudBlazor shows under the field, or null.</summary>
    public static string? MessageUnder<T>(IRenderedComponent<T> cut, string label) where T : IComponent
    {
        var control = Field(cut, label).Closest(".mud-input-control");
        var text = control?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Asserts a clear message sits under the field and returns it.</summary>
    public static string HasMessageUnder<T>(IRenderedComponent<T> cut, string label) where T : IComponent
    {
        var message = MessageUnder(cut, label);
        Assert.False(message is null, $"No validation message under '{label}'. Markup: {Shorten(cut.Markup)}");
        return message!;
    }

    /// <summary>The page's alerts (MudAlert) as the person reads them.</summary>
    public static IReadOnlyList<string> Alerts<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.FindAll(".mud-alert").Select(a => a.TextContent.Trim()).ToList();

    public static IElement Button<T>(IRenderedComponent<T> cut, string name) where T : IComponent =>
        cut.FindAll("button").Last(b => b.TextContent.Trim() == name);

    private static string Shorten(string markup) => markup.Length > 3000 ? markup[..3000] + "…" : markup;
}
