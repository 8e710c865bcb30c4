using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace BoneCds.Api.Tests;

/// <summary>
/// Response assertions shared by the HTTP tests. They fail naming the missing card, rule or JSON path, never with a
/// NullReferenceException. Rule ids are written as literals in these tests on purpose: they pin the wire contract.
/// </summary>
public static class CdsResponseAssertions
{
    /// <summary>The cards of a CDS Hooks response.</summary>
    public static List<JsonNode> Cards(this JsonNode response) => response.At("cards").AsArray().Select(c => c!).ToList();

    /// <summary>Rule ids a card carries in its CDS Hooks extension.</summary>
    public static IReadOnlyList<string> RuleIds(this JsonNode card) =>
        card["extension"]?["org.bonecds.ruleIds"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];

    public static bool HasRule(this JsonNode card, string rule) => card.RuleIds().Contains(rule);

    /// <summary>The card's own rule (v3 "One rule per card").</summary>
    public static string? OwnRule(this JsonNode card) => card["extension"]?["org.bonecds.ruleId"]?.GetValue<string>();

    /// <summary>The one card owning the rule, else the one card listing it; fails listing the cards there were.</summary>
    public static JsonNode Card(this IEnumerable<JsonNode> cards, string rule)
    {
        var list = cards.ToList();
        var owning = list.Where(c => c.OwnRule() == rule).ToList();
        var matching = owning.Count > 0 ? owning : list.Where(c => c.HasRule(rule)).ToList();
        if (matching.Count == 1) return matching[0];
        throw new XunitException($"Expected one card with rule {rule}, found {matching.Count}. Cards: "
            + string.Join("; ", list.Select(c => $"[{string.Join(",", c.RuleIds())}] {c["summary"]}")));
    }

    /// <summary>The node at a path of property names and array indexes; fails naming the first step that is missing.</summary>
    public static JsonNode At(this JsonNode node, params object[] path)
    {
        var current = node;
        var walked = "$";
        foreach (var step in path)
        {
            JsonNode? next = step switch
            {
                int index when current is JsonArray array => index < array.Count ? array[index] : null,
                string name when current is JsonObject obj => obj[name],
                _ => null,
            };
            walked += step is int i ? $"[{i}]" : $".{step}";
            current = next ?? throw new XunitException($"JSON path {walked} is missing in: {Truncate(node.ToJsonString())}");
        }
        return current;
    }

    public static string Text(this JsonNode node, params object[] path) => node.At(path).GetValue<string>();

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "...";
}
