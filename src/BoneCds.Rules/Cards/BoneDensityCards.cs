using static BoneCds.Rules.Cards.CardFactory;
using static BoneCds.Rules.Cards.CardText;

namespace BoneCds.Rules.Cards;

/// <summary>
/// Bone density and fracture risk: the Z-score card, the high-risk card (treatment for the untreated, a review for the
/// treated, v2), the forearm-only and diagnosis-only cards, and the stale-DXA card.
/// </summary>
public static class BoneDensityCards
{
    public static void Add(CardContext ctx, List<CdsCard> cards)
    {
        var density = ctx.Assessment.BoneDensity;
        if (density.Category == BoneDensityCategory.BelowExpectedRangeForAge)
        {
            cards.Add(BelowExpectedForAgeCard(ctx));
            return;
        }
        var before = cards.Count;
        var therapy = ctx.Assessment.AntiOsteoporosisTherapy;
        // At order time an anti-osteoporosis draft is the clinician starting treatment: no "consider therapy" beside it. Every
        // draft in draftOrders counts, not only the selected ones (v3).
        var startingTherapy = ctx.Drafts.Any(d => d.Is(MedicationClass.AntiOsteoporosis));
        if (therapy.Count > 0) cards.Add(OnTherapyCard(ctx, therapy));
        else if (ctx.Assessment.Risk.Level == RiskLevel.High && !startingTherapy) cards.Add(HighRiskCard(ctx));
        if (density.FromForearm && ctx.Assessment.Risk.Level != RiskLevel.High && density.IsLowOrOsteoporotic)
            cards.Add(ForearmOnlyCard(ctx));
        if (density.Category == BoneDensityCategory.NotAssessed && ctx.Input.OsteoporosisDiagnoses.Count > 0 && cards.Count == before)
            cards.Add(DiagnosisOnlyCard(ctx));
        if (density.IsLowOrOsteoporotic && density.DrivingMeasurement!.IsStale) cards.Add(StaleDxaCard(ctx));
        if (density.Category == BoneDensityCategory.NotAssessed && FraxWithoutDxaCard(ctx) is { } frax) cards.Add(frax);
        // v3: a DXA on record is never left unnamed. With no bone card and no nutrition card to carry it (a normal T-score with a
        // low Z-score, scores of the unused kind only), an info card of its own.
        if (cards.Count == before && !ctx.Assessment.HasLowBoneMassOrOsteoporosis && DxaOnlyCard(ctx) is { } dxaCard) cards.Add(dxaCard);
    }

    /// <summary>
    /// v3.1: a FRAX result with no DXA on record is named ("FRAX major osteoporotic 8.4% on DATE; no DXA on record"), and at the
    /// treatment thresholds a DXA is suggested (FRAX alone does not categorise bone density).
    /// </summary>
    private static CdsCard? FraxWithoutDxaCard(CardContext ctx)
    {
        var t = ctx.Thresholds;
        var frax = new[] { (ctx.Input.Get(Analyte.FraxMajorOsteoporotic), "major osteoporotic", t.FraxMajorPercent),
            (ctx.Input.Get(Analyte.FraxHip), "hip", t.FraxHipPercent) }
            .Where(f => f.Item1 is { IsStale: false }).Select(f => (M: f.Item1!, Name: f.Item2, Threshold: f.Item3)).ToList();
        if (frax.Count == 0) return null;
        var named = string.Join("; ", frax.Select(f => $"FRAX {f.Name} {f.M.Canonical} on {f.M.EffectiveAt:yyyy-MM-dd}"));
        var atThreshold = frax.Where(f => f.M.IsAtLeast(Threshold.Of(f.Threshold))).ToList();
        var advice = atThreshold.Count > 0
            ? $"At the treatment threshold ({string.Join(", ", atThreshold.Select(f => $"{f.Name} >= {f.Threshold}%"))}): **order a DXA of "
              + "the hip and spine** to stage bone density and monitor treatment."
            : "Below the treatment thresholds; a DXA stages bone density when it is indicated.";
        return Card(ctx, RuleIds.FraxWithoutDxa, Indicators.Info, $"{named}; no DXA on record",
            $"{named}. No usable DXA result is on record. {advice}", Sources.Bhof2022, [RuleIds.FraxWithoutDxa]);
    }

    private static CdsCard? DxaOnlyCard(CardContext ctx)
    {
        var notes = ScoreNotes(ctx);
        if (notes.Length == 0) return null;
        var z = LowZScoreAt50(ctx);
        var rule = z is not null ? RuleIds.BmdZScoreLowAt50 : RuleIds.BmdScoresNotUsed;
        var summary = z is not null
            ? $"Z-score {z.Canonical} at {z.SiteText}: lower than expected for age, consider secondary causes"
            : "DXA scores on record not used for the bone-density category";
        var shown = ctx.Assessment.BoneDensity.DrivingMeasurement is null ? "" : DxaLines(ctx);
        return Card(ctx, rule, Indicators.Info, summary, shown + notes, Sources.WhoIscd, [rule]);
    }

    private static string TurnoverNote(CardContext ctx) => ctx.Assessment.Minerals.HighBoneTurnover
        ? $"\n\nSupporting evidence: osteocalcin {ctx.Input.Get(Analyte.Osteocalcin)!.Canonical} > {ctx.Thresholds.OsteocalcinHighAbove} "
            + $"ng/mL "
          + $"suggests **high bone turnover** (rule `{RuleIds.OcHighTurnover}`; does not drive dosing)."
        : "";

    /// <summary>
    /// v3: the diagnosis named with its code and date whatever the DXA category; on an osteopenic DXA, "confirm the basis"
    /// (osteopenia is M85.8, so M81 on an osteopenic record may be a coding slip).
    /// </summary>
    private static string DiagnosisNote(CardContext ctx) => ctx.Input.OsteoporosisDiagnosisFacts.Count == 0 ? ""
        : $"\n\nOsteoporosis on record: {string.Join("; ", ctx.Input.OsteoporosisDiagnosisFacts.Select(d => d.Describe()))} (rule "
          + $"`{RuleIds.BmdDiagnosisOnRecord}`)."
          + (ctx.Assessment.BoneDensity.Category == BoneDensityCategory.LowBoneMass
              ? " The latest DXA is osteopenic: **confirm the basis of the recorded diagnosis** (a fracture, FRAX, or an earlier DXA)."
              : "");

    /// <summary>
    /// v3: DXA scores that are on record but not used for the category (T-scores under 50, Z-scores at 50+), and at 50+ the
    /// secondary-causes sentence for a Z-score at or below the threshold. Every card that shows the DXA carries this.
    /// </summary>
    public static string ScoreNotes(CardContext ctx)
    {
        var t = ctx.Thresholds;
        var density = ctx.Assessment.BoneDensity;
        var unused = density.Score == DensityScore.TScore ? ctx.Input.LatestZScores : ctx.Input.LatestTScores;
        var notes = new List<string>();
        if (unused.Count > 0)
            notes.Add($"Also on record, **not used for the category**: {string.Join("; ", unused.Select(m =>
                $"{ScoreName(m.Analyte == Analyte.TScore ? DensityScore.TScore : DensityScore.ZScore)} {m.SiteText} {m.Canonical} on "
                + $"{m.EffectiveAt:yyyy-MM-dd}"))} ({UnusedReason(ctx)}).");
        if (LowZScoreAt50(ctx) is { } z)
            notes.Add($"Z-score {z.Canonical} at {z.SiteText} <= {t.ZScoreBelowExpectedMax}, lower than expected for age: consider "
                + "secondary causes of bone loss (assessed in every patient with osteoporosis, whatever the Z-score; AACE/ACE 2020) "
                + $"(rule `{RuleIds.BmdZScoreLowAt50}`).");
        return notes.Count == 0 ? "" : "\n\n" + string.Join("\n\n", notes);
    }

    /// <summary>Why the other kind of score is not used, in the words of the category rule.</summary>
    public static string UnusedReason(CardContext ctx) => ctx.Assessment.BoneDensity.Score == DensityScore.TScore
        ? $"at {ctx.Thresholds.TScoreMinAge}+ the T-score is used for the category (ISCD)"
        : $"under {ctx.Thresholds.TScoreMinAge} the Z-score is used, never the T-score categories (ISCD)";

    /// <summary>The lowest central Z-score at or below the threshold, for a patient whose category is read by T-score (v3).</summary>
    public static Measurement? LowZScoreAt50(CardContext ctx) => ctx.Assessment.BoneDensity.Score != DensityScore.TScore ? null
        : ctx.Input.LatestZScores.Where(m => m.Site?.IsCentral() == true && m.IsAtMost(Threshold.Of(ctx.Thresholds.ZScoreBelowExpectedMax)))
            .OrderBy(m => m.Value).FirstOrDefault();

    private static CdsCard BelowExpectedForAgeCard(CardContext ctx)
    {
        var t = ctx.Thresholds;
        return Card(ctx, RuleIds.BmdZScoreLow, Indicators.Info,
            $"Bone density below the expected range for age (Z-score {ctx.Assessment.BoneDensity.DrivingMeasurement!.Canonical})",
            $"{DxaLines(ctx)}\n\nZ-score <= {t.ZScoreBelowExpectedMax} (ISCD). T-score categories are not used under {t.TScoreMinAge}, "
            + $"whatever the recorded sex. Consider evaluation for secondary causes.{ScoreNotes(ctx)}{TurnoverNote(ctx)}",
            Sources.WhoIscd, [RuleIds.BmdZScoreLow]);
    }

    private static string RiskLabel(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        var driving = density.DrivingMeasurement;
        return density.IsOsteoporotic
            ? $"{(density.Category == BoneDensityCategory.SevereOsteoporosis ? "Severe osteoporosis" : "Osteoporosis")} "
              + $"(T-score {driving!.Canonical} at {driving.SiteText})"
            : "High fracture risk";
    }

    private static List<string> RiskRules(CardContext ctx, string treatmentRule)
    {
        var density = ctx.Assessment.BoneDensity;
        var rules = new List<string> { RuleIds.RiskHigh, treatmentRule };
        if (density.RuleId is not null && density.IsOsteoporotic) rules.Insert(0, density.RuleId);
        return rules;
    }

    private static string StaleNote(CardContext ctx) => ctx.Assessment.BoneDensity.DrivingMeasurement is { IsStale: true } driving
        ? $"\n\nThe DXA is from {driving.EffectiveAt:yyyy-MM-dd}, older than {ctx.Thresholds.Staleness.DxaMonths} months: repeat DXA."
        : "";

    private static CdsCard HighRiskCard(CardContext ctx)
    {
        var dxa = ctx.Assessment.BoneDensity.DrivingMeasurement is null
            ? "No usable DXA result is on record: consider a DXA of the hip and spine to stage and monitor." : DxaLines(ctx);
        var common = $"{dxa}{ScoreNotes(ctx)}\n\nHigh risk (BHOF 2022): {string.Join("; ", ctx.Assessment.Risk.Reasons)}."
            + DiagnosisNote(ctx);
        // v3: a bisphosphonate stopped or completed within 5 years may be a planned drug holiday: review it, do not "start".
        if (ctx.Input.RecentBisphosphonateStop is { } stopped)
            return Card(ctx, RuleIds.RiskHigh, Indicators.Warning, $"{RiskLabel(ctx)}: review the bisphosphonate drug holiday",
                $"{common}\n\n{stopped.Name} [{stopped.Source}] was last recorded {stopped.LastRecordOn:yyyy-MM-dd}, within 5 years: "
                + "a possible drug holiday. **Review the drug holiday** (risk now, duration off treatment, repeat DXA) rather than "
                + $"starting therapy anew.{TurnoverNote(ctx)}{StaleNote(ctx)}",
                Sources.Bhof2022, RiskRules(ctx, RuleIds.TreatDrugHoliday), ownRule: RuleIds.TreatDrugHoliday);
        // v4 RISK-VERY-HIGH (AACE/ACE 2020): the same card, naming an anabolic agent first.
        var veryHigh = ctx.Assessment.Courses.VeryHighRiskReasons;
        if (veryHigh.Count > 0)
            return Card(ctx, RuleIds.RiskHigh, Indicators.Warning, $"{RiskLabel(ctx)}, very high risk: consider an anabolic agent first",
                $"{common}\n\nVery high risk (AACE/ACE 2020): {string.Join("; ", veryHigh)}.\n\n**Very high risk: consider an anabolic "
                + "agent first (teriparatide, abaloparatide, romosozumab), then an antiresorptive**, with specialist review; supplements "
                + $"alone are not treatment. Correct vitamin D deficiency first.{TurnoverNote(ctx)}{StaleNote(ctx)}",
                Sources.Aace2020, [.. RiskRules(ctx, RuleIds.TreatPharmacological), RuleIds.RiskVeryHigh],
                ownRule: RuleIds.TreatPharmacological);
        return Card(ctx, RuleIds.RiskHigh, Indicators.Warning, $"{RiskLabel(ctx)}: consider pharmacological therapy and specialist review",
            $"{common}\n\nConsider pharmacological therapy (e.g. a bisphosphonate) and specialist review; "
            + $"**supplements alone are not treatment**. Correct vitamin D deficiency before starting a bisphosphonate.{TurnoverNote(ctx)}"
            + StaleNote(ctx),
            Sources.Bhof2022, RiskRules(ctx, RuleIds.TreatPharmacological), ownRule: RuleIds.TreatPharmacological);
    }

    /// <summary>Already treated (v2): name the drug and its start, and ask for a review instead of suggesting therapy.</summary>
    private static CdsCard OnTherapyCard(CardContext ctx, IReadOnlyList<MedicationFact> therapy)
    {
        var drugs = string.Join("; ",
            therapy.Select(m => $"{m.Name}{(m.Since is { } since ? $" (since {since:yyyy-MM-dd})" : "")} [{m.Source}]"));
        var risk = ctx.Assessment.Risk.Level == RiskLevel.High
            ? $"\n\nHigh risk (BHOF 2022): {string.Join("; ", ctx.Assessment.Risk.Reasons)}."
            : "";
        var dxa = ctx.Assessment.BoneDensity.DrivingMeasurement is null ? "No usable DXA result is on record."
            : DxaLines(ctx) + ScoreNotes(ctx);
        string[] rules = ctx.Assessment.Risk.Level == RiskLevel.High
            ? [.. RiskRules(ctx, RuleIds.TreatOnTherapy)] : [RuleIds.TreatOnTherapy];
        return Card(ctx, RuleIds.TreatOnTherapy, Indicators.Info, $"On {Short(therapy[0].Name)}: review adherence, duration and repeat DXA",
            $"Anti-osteoporosis therapy on record: {drugs}.{risk}{DiagnosisNote(ctx)}\n\n{dxa}\n\nThe patient is already treated: review "
            + "adherence, treatment duration (e.g. a bisphosphonate drug holiday after 3-5 years when risk allows) and the repeat-DXA "
            + $"interval, rather than starting therapy.{StaleNote(ctx)}",
            Sources.Bhof2022, rules);
    }

    private static CdsCard ForearmOnlyCard(CardContext ctx)
    {
        var density = ctx.Assessment.BoneDensity;
        return Card(ctx, RuleIds.BmdForearm, Indicators.Info,
            $"{BoneDensityClassifier.Describe(density.Category)} by forearm T-score ({density.DrivingMeasurement!.Canonical}): "
            + "confirm with hip and spine DXA",
            $"{DxaLines(ctx)}\n\nOnly a forearm (radius and ulna) score is on record. ISCD uses the 33% radius when hip or spine cannot be "
            + "measured or interpreted; the BHOF treatment threshold is read at the spine, femur or hip, so a hip and spine DXA is "
            + "advised.",
            Sources.WhoIscd, [density.RuleId!, RuleIds.BmdForearm]);
    }

    private static CdsCard DiagnosisOnlyCard(CardContext ctx) =>
        Card(ctx, RuleIds.BmdDiagnosisOnRecord, Indicators.Info, "Osteoporosis on record, no usable DXA result: consider a DXA",
            $"Osteoporosis on record: {string.Join("; ", ctx.Input.OsteoporosisDiagnoses)}. No usable DXA T-score is on record to stage it "
            + "and to monitor treatment; consider a DXA of the hip and spine.",
            Sources.Bhof2022, [RuleIds.BmdDiagnosisOnRecord]);

    private static CdsCard StaleDxaCard(CardContext ctx)
    {
        var driving = ctx.Assessment.BoneDensity.DrivingMeasurement!;
        return Card(ctx, RuleIds.BmdStale, Indicators.Info,
            $"DXA from {driving.EffectiveAt:yyyy-MM-dd} is stale: repeat DXA before supplement dosing",
            $"{DxaLines(ctx)}\n\nThe DXA is older than {ctx.Thresholds.Staleness.DxaMonths} months, so it does not drive calcium, "
                + $"magnesium "
            + "or vitamin K2 suggestions.",
            Sources.WhoIscd, [RuleIds.BmdStale]);
    }
}
