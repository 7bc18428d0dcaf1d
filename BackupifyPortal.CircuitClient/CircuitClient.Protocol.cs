using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackupifyPortal.CircuitClient;

/// <summary>The server-to-client half of the circuit: render batches, JS interop calls, errors.</summary>
public sealed partial class CircuitClient
{
    private void RegisterHandlers()
    {
        connection.On<long, byte[]>("JS.RenderBatch", async (batchId, data) =>
        {
            try
            {
                var batch = RenderBatchReader.Read(data);
                lock (gate) Tree.Apply(batch);
                Interlocked.Increment(ref renderBatches);
                await connection.SendAsync("OnRenderCompleted", batchId, null);
            }
            catch (Exception e)
            {
                await connection.SendAsync("OnRenderCompleted", batchId, e.Message);
                Fail($"render batch {batchId}: {e.Message}");
                return;
            }
            Signal();
        });
        connection.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", (handle, identifier, argsJson, resultType, targetInstanceId, callType) =>
        {
            // Off the receive loop: a JS call may need HTTP (the hand-off) and must not hold up later messages.
            JsCallLog.Enqueue(identifier);
            _ = Task.Run(() => AnswerJsCallAsync(handle, identifier, argsJson, resultType, targetInstanceId));
        });
        connection.On<string, bool, string?>("JS.EndInvokeDotNet", (callId, succeeded, resultJson) =>
        {
            if (!pendingDotNetCalls.TryRemove(callId, out var pending)) return;
            if (succeeded) pending.TrySetResult(resultJson is null ? null : JsonDocument.Parse(resultJson).RootElement.Clone());
            else pending.TrySetException(new CircuitClientException($"server method failed: {resultJson}"));
        });
        connection.On<string>("JS.Error", message => Fail($"JS.Error: {message}"));
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.Closed += exception =>
        {
            if (exception is not null) Fail($"connection closed: {exception.Message}");
            // A closed connection answers no pending event: fail them now instead of after EventTimeout.
            foreach (var callId in pendingDotNetCalls.Keys)
                if (pendingDotNetCalls.TryRemove(callId, out var pending)) pending.TrySetException(new CircuitClientException("connection closed before the event's handler finished"));
            return Task.CompletedTask;
        };
    }

    private async Task AnswerJsCallAsync(long handle, string identifier, string? argsJson, int resultType, long targetInstanceId)
    {
        JsonNode? result = null;
        var succeeded = true;
        try
        {
            var args = ParseArgs(argsJson);
            switch (identifier)
            {
                case "Blazor._internal.attachWebRendererInterop":
                    Interlocked.Exchange(ref rendererInteropObjectId, args[1]!["__dotNetObject"]!.GetValue<long>());
                    Signal();
                    break;
                case "Blazor._internal.navigationManager.navigateTo":
                    await NavigateAsync(args[0]!.GetValue<string>(), args[1]?["forceLoad"]?.GetValue<bool>() == true);
                    break;
                case "import":
                    result = new JsonObject { ["__jsObjectId"] = NextJsObjectId() };
                    break;
                // portal-auth.js: redeem(ticket) POSTs the ticket to /account/handoff; go(url) loads a page.
                case "redeem" when targetInstanceId != 0:
                    result = await RedeemTicketAsync(args[0]!.GetValue<string>());
                    break;
                case "go" when targetInstanceId != 0:
                    PageLoadRequested = new Uri(CurrentUri, args[0]!.GetValue<string>());
                    Signal();
                    break;
            }
            if (resultType == 1 && result is null) result = new JsonObject { ["__jsObjectId"] = NextJsObjectId() };
        }
        catch (Exception e)
        {
            succeeded = false;
            result = e.Message;
        }
        if (handle == 0) return;
        var reply = new JsonArray(handle, succeeded, result).ToJsonString();
        try { await connection.SendAsync("EndInvokeJSFromDotNet", handle, succeeded, reply); }
        catch (InvalidOperationException) { } // connection already gone
    }

    private async Task NavigateAsync(string uri, bool forceLoad)
    {
        var target = new Uri(CurrentUri, uri);
        if (forceLoad || !target.AbsoluteUri.StartsWith(BaseAddress.AbsoluteUri, StringComparison.Ordinal))
        {
            PageLoadRequested = target;
            Signal();
            return;
        }
        // Client-side navigation: the interactive router renders the new page once told where the browser is.
        CurrentUri = target;
        await connection.SendAsync("OnLocationChanged", target.AbsoluteUri, null, false);
    }

    private async Task<int> RedeemTicketAsync(string ticket)
    {
        using var body = new FormUrlEncodedContent([new("ticket", ticket)]);
        using var response = await Http.PostAsync("account/handoff", body);
        var status = (int)response.StatusCode;
        HandoffStatuses.Enqueue(status);
        return status;
    }
}
