using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackupifyPortal.CircuitClient;

/// <summary>The client-to-server half: finding elements like a person would and dispatching browser events.</summary>
public sealed partial class CircuitClient
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The input or textarea labelled <paramref name="label"/> (label[for], the label's field group, or aria-label).</summary>
    public ElementNode? FindInput(string label) => Query(tree =>
    {
        var elements = tree.Elements().ToList();
        foreach (var candidate in elements.Where(e => e.Tag == "label" && Normalize(e.TextContent()) == label))
        {
            if (candidate.Attribute("for") is { } id && elements.FirstOrDefault(e => IsField(e) && e.Attribute("id") == id) is { } byId) return byId;
            foreach (var group in candidate.Ancestors())
                if (group.Descendants().OfType<ElementNode>().FirstOrDefault(IsField) is { } near) return near;
        }
        return elements.FirstOrDefault(e => IsField(e) && e.Attribute("aria-label") == label);
    });

    public ElementNode? FindButton(string text) =>
        Query(tree => tree.Elements().FirstOrDefault(e => e.Tag == "button" && Normalize(e.TextContent()) == text));

    /// <summary>Types <paramref name="value"/> into the field labelled <paramref name="label"/>: an input event, then change (as on blur).</summary>
    public async Task FillAsync(string label, string value, CancellationToken ct = default)
    {
        var input = FindInput(label) ?? throw new CircuitClientException($"No field labelled '{label}' on {CurrentUri}: {Truncate(Text())}");
        lock (gate) input.Attributes["value"] = value;
        var args = new JsonObject { ["value"] = value };
        var field = new JsonObject { ["componentId"] = input.OwnerComponentId, ["fieldValue"] = value };
        if (input.Handlers.TryGetValue("input", out var onInput)) await DispatchAsync(onInput, "input", args, field, ct);
        if (input.Handlers.TryGetValue("change", out var onChange)) await DispatchAsync(onChange, "change", args, field, ct);
    }

    /// <summary>Clicks the button showing <paramref name="text"/>; a submit button also submits its form, as a browser does.</summary>
    public async Task ClickAsync(string text, CancellationToken ct = default)
    {
        var button = FindButton(text) ?? throw new CircuitClientException($"No button '{text}' on {CurrentUri}: {Truncate(Text())}");
        if (button.Attributes.ContainsKey("disabled")) throw new CircuitClientException($"Button '{text}' is disabled");
        if (button.Handlers.TryGetValue("click", out var onClick)) await DispatchAsync(onClick, "click", MouseClick(), null, ct);
        var isSubmit = (button.Attribute("type") ?? "submit").Equals("submit", StringComparison.OrdinalIgnoreCase);
        var form = Query(_ => button.Ancestors().FirstOrDefault(a => a.Tag == "form"));
        if (isSubmit && form is not null && form.Handlers.TryGetValue("submit", out var onSubmit))
            await DispatchAsync(onSubmit, "submit", new JsonObject(), null, ct);
    }

    /// <summary>Sends one browser event the way blazor.web.js does (the renderer's DispatchEventAsync) and waits for its handler to finish.</summary>
    public async Task DispatchAsync(ulong eventHandlerId, string eventName, JsonObject eventArgs, JsonObject? fieldInfo, CancellationToken ct = default)
    {
        var descriptor = new JsonObject { ["eventHandlerId"] = eventHandlerId, ["eventName"] = eventName, ["eventFieldInfo"] = fieldInfo };
        var callId = NextCallId().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingDotNetCalls[callId] = done;
        var args = new JsonArray(descriptor, eventArgs).ToJsonString();
        await connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", Interlocked.Read(ref rendererInteropObjectId), args, ct);
        try { await done.Task.WaitAsync(EventTimeout, ct); }
        catch (TimeoutException)
        {
            pendingDotNetCalls.TryRemove(callId, out _);
            throw new TimeoutException($"'{eventName}' handler did not finish in {EventTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Loads the page the app navigated to with a full load; answers its status (redirects not followed).</summary>
    public async Task<HttpResponseMessage> LoadRequestedPageAsync(CancellationToken ct = default)
    {
        var target = PageLoadRequested ?? throw new CircuitClientException("No page load was requested");
        var response = await Http.GetAsync(target, ct);
        // A browser follows the portal's own redirects ("/" sends a person to their home): so does this client, a few hops at most.
        for (var hop = 0; hop < 5 && (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location; hop++)
        {
            var next = new Uri(response.RequestMessage!.RequestUri!, location);
            if (next.Authority != target.Authority) break;
            response.Dispose();
            response = await Http.GetAsync(next, ct);
        }
        return response;
    }

    private static JsonObject MouseClick() => new()
    {
        ["detail"] = 1, ["screenX"] = 0, ["screenY"] = 0, ["clientX"] = 0, ["clientY"] = 0, ["offsetX"] = 0, ["offsetY"] = 0,
        ["pageX"] = 0, ["pageY"] = 0, ["movementX"] = 0, ["movementY"] = 0, ["button"] = 0, ["buttons"] = 0,
        ["ctrlKey"] = false, ["shiftKey"] = false, ["altKey"] = false, ["metaKey"] = false, ["type"] = "click",
    };

    private static bool IsField(ElementNode e) => e.Tag is "input" or "textarea";

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
