using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards.Contract;

// CDS Hooks 2.0 response shapes (https://cds-hooks.hl7.org/2.0/#cds-service-response).
// Property names serialise camelCase; FHIR resources serialise through the Firely converters.

public sealed record CdsCard
{
    public required string Uuid { get; init; }
    /// <summary>At most 140 characters (spec).</summary>
    public required string Summary { get; init; }
    public string? Detail { get; init; }
    /// <summary>info | warning | critical</summary>
    public required string Indicator { get; init; }
    public required CardSource Source { get; init; }
    public IReadOnlyList<CardSuggestion>? Suggestions { get; init; }
    /// <summary>at-most-one | any; required by the spec when suggestions are present.</summary>
    public string? SelectionBehavior { get; init; }
    public IReadOnlyList<CardCoding>? OverrideReasons { get; init; }
    public IReadOnlyList<CardLink>? Links { get; init; }
    /// <summary>
    /// The card's own rule (v3 "One rule per card"): the rule that names it, under which feedback on it is counted (and, later,
    /// remembered). Serialised inside the card's CDS Hooks <c>extension</c> object.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string RuleId { get; init; } = "";

    /// <summary>Every rule behind this card, its own first, then the contributing ones (listed, never counted).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>
    /// CDS Hooks 2.0 extension point, with globally unique reverse-domain names (the specification's advice), so strict clients
    /// see only spec fields: <c>{"org.bonecds.ruleId": "...", "org.bonecds.ruleIds": [...]}</c>. Kept stable once published.
    /// </summary>
    public CardExtension Extension => new(RuleId, RuleIds);
}

public sealed record CardExtension(
    [property: System.Text.Json.Serialization.JsonPropertyName("org.bonecds.ruleId")] string RuleId,
    [property: System.Text.Json.Serialization.JsonPropertyName("org.bonecds.ruleIds")] IReadOnlyList<string> RuleIds);

public sealed record CardSource(string Label, string? Url);

public sealed record CardSuggestion
{
    public required string Label { get; init; }
    public required string Uuid { get; init; }
    public bool? IsRecommended { get; init; }
    public required IReadOnlyList<CardAction> Actions { get; init; }
}

public sealed record CardAction
{
    /// <summary>create | update | delete</summary>
    public required string Type { get; init; }
    public required string Description { get; init; }
    public Resource? Resource { get; init; }
    /// <summary>For delete actions: the relative reference of the resource to remove (CDS Hooks 2.0).</summary>
    public string? ResourceId { get; init; }
}

public sealed record CardCoding(string System, string Code, string Display);

public sealed record CardLink(string Label, string Url, string Type)
{
    /// <summary>For a "smart" link: an opaque hint the EHR passes to the app at launch (here the card's rule id, never PHI).</summary>
    public string? AppContext { get; init; }
}

public static class Indicators
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static int Rank(string indicator) => indicator switch { Critical => 0, Warning => 1, _ => 2 };
}

/// <summary>CDS Hooks 2.0 card.selectionBehavior values.</summary>
public static class SelectionBehaviors
{
    public const string AtMostOne = "at-most-one";
    public const string Any = "any";
}

/// <summary>CDS Hooks 2.0 suggestion action types.</summary>
public static class ActionTypes
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}
