using System.Text.Json.Serialization;

namespace BoneCds.Api.Feedback;

// CDS Hooks 2.0 §Feedback request body.
public sealed record FeedbackRequest([property: JsonPropertyName("feedback")] IReadOnlyList<FeedbackItem>? Feedback);

public sealed record FeedbackItem(
    [property: JsonPropertyName("card")] string? Card,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("acceptedSuggestions")] IReadOnlyList<AcceptedSuggestion>? AcceptedSuggestions,
    [property: JsonPropertyName("overrideReason")] OverrideReasonDto? OverrideReason,
    [property: JsonPropertyName("outcomeTimestamp")] string? OutcomeTimestamp);

public sealed record AcceptedSuggestion([property: JsonPropertyName("id")] string? Id);

public sealed record OverrideReasonDto(
    [property: JsonPropertyName("reason")] CodingDto? Reason,
    [property: JsonPropertyName("userComment")] string? UserComment);

public sealed record CodingDto(
    [property: JsonPropertyName("system")] string? System,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("display")] string? Display);

/// <summary>One validated feedback entry as stored. No patient identifiers: the spec sends none, and none are added.</summary>
public sealed record FeedbackRecord(
    string CardUuid, string ServiceId, string Outcome, IReadOnlyList<string> AcceptedSuggestions,
    string? OverrideSystem, string? OverrideCode, string? OverrideDisplay, string? UserComment,
    DateTimeOffset OutcomeTimestamp, DateTimeOffset ReceivedAt, string ClientId = "");

/// <summary>A card as issued: the join from a card uuid to its own rule and the rules behind it.</summary>
public sealed record IssuedCard(string CardUuid, string ServiceId, IReadOnlyList<string> RuleIds, DateTimeOffset IssuedAt, string ClientId =
    "")
{
    /// <summary>The card's own rule (v3): feedback counts under it alone; empty for cards recorded before v3.</summary>
    public string RuleId { get; init; } = "";

    /// <summary>Keyed pseudonyms (Suppression/PatientKeyring.cs): the patient, the clinician (userId) and the evidence.</summary>
    public string PatientKey { get; init; } = "";
    public string ClinicianKey { get; init; } = "";
    public string EvidenceKey { get; init; } = "";

    /// <summary>What an override may do: <see cref="NeverSuppressed"/>, "" (no key), or the cap in days ("0": none).</summary>
    public string SuppressionCap { get; init; } = "";

    /// <summary>The card's indicator as issued (info, warning, critical); "" for cards recorded before v3.</summary>
    public string Indicator { get; init; } = "";

    public const string NeverSuppressed = "never";
}

/// <summary>A remembered override: the card of this rule is not shown for this patient (and clinician, if set) until EndsAt.</summary>
public sealed record SuppressionRecord(string PatientKey, string RuleId, string ClinicianKey, DateTimeOffset EndsAt, string EvidenceKey,
    string ReasonCode, bool Declined, DateTimeOffset CreatedAt);

public sealed record OverrideReasonCount(string? System, string? Code, string? Display, int Count);

/// <summary>The feedback on the cards whose own rule is <c>RuleId</c>.</summary>
public sealed record RuleFeedbackSummary(string RuleId, int Accepted, int Overridden, IReadOnlyList<OverrideReasonCount> OverrideReasons)
{
    /// <summary>Other rules those cards listed (not counted).</summary>
    public IReadOnlyList<string> ContributingRules { get; init; } = [];

    /// <summary>Shares of the feedback on this rule's cards (0 to 1, three decimals), for the site's CDS committee.</summary>
    public double AcceptanceRate => Rate(Accepted);
    public double OverrideRate => Rate(Overridden);

    private double Rate(int count) => Accepted + Overridden == 0 ? 0 : Math.Round((double)count / (Accepted + Overridden), 3);
}

public sealed record FeedbackSummary(IReadOnlyList<RuleFeedbackSummary> Rules, int FeedbackForUnknownCards, int TotalFeedback);
