using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LatentDash.LoadBench.Protocol;

/// <summary>What blazor.web.js reads from a prerendered page to start its circuit: the interactive server components'
/// start markers (<c>&lt;!--Blazor:{"type":"server",…,"descriptor":"…"}--&gt;</c>, in sequence order) and the persisted
/// component state, if the page carries any.</summary>
internal sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> ServerMarkers, string ApplicationState)
{
    public static async Task<PrerenderedPage> GetAsync(HttpClient http, Uri address, CancellationToken cancellation)
    {
        var html = await http.GetStringAsync(address, cancellation);
        var markers = new List<JsonObject>();
        foreach (Match match in Marker().Matches(html))
        {
            // End markers carry only the prerenderId; webassembly and auto components are not the circuit's.
            if (JsonNode.Parse(match.Groups[1].Value) is JsonObject marker &&
                marker["type"]?.GetValue<string>() == "server" && marker["descriptor"] is not null)
            {
                markers.Add(marker);
            }
        }

        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{address} holds no interactive server component marker");
        }

        var state = State().Match(html);
        return new PrerenderedPage([.. markers.OrderBy(m => m["sequence"]!.GetValue<int>())], state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>The first UpdateRootComponents batch blazor.web.js sends: one "add" per marker, numbered from 1 as its
    /// root component manager numbers them, each marker with the uniqueId the page's discovery gave it.</summary>
    public string AddOperations()
    {
        var operations = new JsonArray();
        for (var i = 0; i < ServerMarkers.Count; i++)
        {
            var marker = (JsonObject)ServerMarkers[i].DeepClone();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }

        return new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)-->")]
    private static partial Regex State();
}
