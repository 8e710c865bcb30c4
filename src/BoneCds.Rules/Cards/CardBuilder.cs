namespace BoneCds.Rules.Cards;

/// <summary>
/// Turns an assessment (and any draft orders) into CDS Hooks cards per clinical-rules.md "Recommendations": each card
/// family adds its cards, then order-time calls keep only what belongs beside the order checks.
/// </summary>
public sealed class CardBuilder(RuleThresholds thresholds)
{
    public IReadOnlyList<CdsCard> Build(BoneHealthAssessment assessment, RequestKind kind, string hookInstance,
        IReadOnlyList<DraftOrder> drafts)
    {
        // v3.1: no recommendations and no order checks for a patient recorded as deceased (the assessment says so).
        if (assessment.Input.Patient.Deceased) return [];
        var ctx = new CardContext(assessment, thresholds, hookInstance, kind) { Drafts = kind.IsOrderTime() ? drafts : [] };
        var assessmentCards = new List<CdsCard>();
        VitaminDCards.Add(ctx, assessmentCards);
        MineralCards.Add(ctx, assessmentCards);
        BoneDensityCards.Add(ctx, assessmentCards);
        CourseCards.Add(ctx, assessmentCards);
        SupplementCards.Add(ctx, assessmentCards);
        InputProblemCards.AddRejected(ctx, assessmentCards);
        if (!kind.IsOrderTime()) return SortByUrgency(assessmentCards);

        var orderCards = OrderCheckCards.Build(ctx, drafts.Where(d => d.Selected));
        return SortByUrgency(orderCards.Concat(assessmentCards.Where(card => ShownBesideOrderChecks(card, orderCards))));
    }

    /// <summary>At order time only warnings/criticals from the chart review are shown, and none that an order check already says.</summary>
    private static bool ShownBesideOrderChecks(CdsCard card, List<CdsCard> orderCards) =>
        card.Indicator != Indicators.Info
        && !(card.RuleIds.Contains(RuleIds.SafetyK2Vka) && orderCards.Any(o => o.RuleIds.Contains(RuleIds.OrderK2Vka)));

    private static List<CdsCard> SortByUrgency(IEnumerable<CdsCard> cards) => cards.OrderBy(c => Indicators.Rank(c.Indicator)).ToList();
}
