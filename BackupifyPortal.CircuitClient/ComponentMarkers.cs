using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BackupifyPortal.CircuitClient;

/// <summary>What a prerendered page hands to the circuit: its server component markers and the persisted state.</summary>
public sealed partial record ComponentMarkers(IReadOnlyList<JsonObject> ServerComponents, string ApplicationState)
{
    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerComment();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StateComment();

    public static ComponentMarkers Parse(string html)
    {
        var components = new List<JsonObject>();
        foreach (Match match in MarkerComment().Matches(html))
        {
            // End markers carry only the prerenderId; start markers carry the descriptor.
            if (JsonNode.Parse(match.Groups[1].Value) is JsonObject marker && marker["type"]?.GetValue<string>() == "server")
                components.Add(marker);
        }
        components.Sort((a, b) => (a["sequence"]?.GetValue<int>() ?? 0).CompareTo(b["sequence"]?.GetValue<int>() ?? 0));
        var state = StateComment().Match(html);
        return new ComponentMarkers(components, state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>The JSON blazor.web.js sends to UpdateRootComponents: one "add" operation per marker.</summary>
    public string AddOperationsJson(long batchId)
    {
        var operations = new JsonArray();
        var ssrComponentId = 1;
        foreach (var marker in ServerComponents)
        {
            var copy = (JsonObject)marker.DeepClone();
            copy["uniqueId"] ??= ssrComponentId;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = ssrComponentId++, ["marker"] = copy });
        }
        return new JsonObject { ["batchId"] = batchId, ["operations"] = operations }.ToJsonString(JsonSerializerOptions.Web);
    }
}
