using Hl7.Fhir.Model;

namespace BoneCds.Rules.Cards;

/// <summary>Builds cards, suggestions and actions in one shape, so every card family looks and behaves alike.</summary>
public static class CardFactory
{
    /// <param name="key">Names the card within the hook (its uuid derives from it): its own rule, or a rule and a draft order.</param>
    /// <param name="ownRule">The card's own rule when it is not <paramref name="key"/> nor the first of <paramref name="ruleIds"/>.</param>
    public static CdsCard Card(CardContext ctx, string key, string indicator, string summary, string detail, GuidelineSource source,
        IReadOnlyList<string> ruleIds, IReadOnlyList<CardSuggestion>? suggestions = null, string? selection = null,
        string? ownRule = null)
    {
        var own = ownRule ?? (ruleIds.Contains(key) ? key : ruleIds[0]);
        var distinctRules = ruleIds.Prepend(own).Distinct().ToList();
        var ruleLine = $"\n\n_Rules: {string.Join(", ", distinctRules.Select(r => $"`{r}`"))}. Evaluated {ctx.Now:yyyy-MM-dd}._";
        var hasSuggestions = suggestions is { Count: > 0 };
        return new CdsCard
        {
            Uuid = StableUuid.For(ctx.HookInstance, key),
            Summary = CardText.Truncate(summary, 140),
            Indicator = indicator,
            Detail = detail.TrimEnd() + ruleLine,
            Source = new CardSource(source.Label, source.Url),
            Suggestions = hasSuggestions ? suggestions : null,
            SelectionBehavior = hasSuggestions ? selection ?? SelectionBehaviors.Any : null,
            // The CDS Hooks non-adherence reasons that fit this card (v3); what each does: Suppression/SuppressionPolicy.cs.
            OverrideReasons = indicator == Indicators.Info && suggestions is null ? null : Suppression.NonAdherenceReasons.OfferedFor(own),
            RuleId = own,
            RuleIds = distinctRules,
        };
    }

    public static CardSuggestion Suggestion(CardContext ctx, string key, string label, bool recommended, params CardAction[] actions) =>
        new()
    {
        Label = label,
        Uuid = StableUuid.For(ctx.HookInstance, "suggestion:" + key),
        IsRecommended = recommended,
        Actions = actions,
    };

    /// <summary>A vitamin D3 MedicationRequest for one of the <see cref="Regimens"/>.</summary>
    public static CardAction VitaminD3(CardContext ctx, Regimen regimen) => new()
    {
        Type = ActionTypes.Create,
        Description = regimen.Text,
        Resource = SuggestedResources.Supplement(ctx.PatientId, "Vitamin D3", SuggestedResources.Cholecalciferol, regimen.Text,
            regimen.DoseIu, "IU", 1, regimen.Period, regimen.Weeks),
    };

    /// <summary>A once-daily supplement MedicationRequest (calcium, magnesium, vitamin K2).</summary>
    public static CardAction DailySupplement(CardContext ctx, string name, string text, decimal dose, string unit) => new()
    {
        Type = ActionTypes.Create,
        Description = text,
        Resource = SuggestedResources.Supplement(ctx.PatientId, name, null, text, dose, unit, 1, Timing.UnitsOfTime.D),
    };

    public static CardAction VitaminDTest(CardContext ctx, int? inMonths, string reason) => new()
    {
        Type = ActionTypes.Create,
        Description = inMonths is null
            ? $"Order serum 25(OH)D (LOINC {LoincCatalog.VitaminDOrderCode})"
            : $"Order serum 25(OH)D (LOINC {LoincCatalog.VitaminDOrderCode}) in {inMonths} months",
        Resource = SuggestedResources.LabTest(ctx.PatientId, LoincCatalog.VitaminDOrderCode,
            "25-hydroxyvitamin D2+D3 [Mass/volume] in Serum or Plasma",
            inMonths is null ? null : ctx.Now.AddMonths(inMonths.Value), reason),
    };

    public static CardAction CalciumTest(CardContext ctx) => new()
    {
        Type = ActionTypes.Create,
        Description = $"Order serum calcium (LOINC {LoincCatalog.CalciumOrderCode})",
        Resource = SuggestedResources.LabTest(ctx.PatientId, LoincCatalog.CalciumOrderCode, "Calcium [Mass/volume] in Serum or Plasma",
            null,
            "Check calcium (vitamin D / calcium safety)"),
    };

    public static CardAction Delete(string reference, string description) =>
        new() { Type = ActionTypes.Delete, Description = description, ResourceId = reference };
}
