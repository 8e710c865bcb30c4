namespace BoneCds.Rules.Classification;

/// <summary>
/// Kidney function for the drug limits (clinical-rules.md v3 "Kidney function for drug limits"). The labels state creatinine
/// clearance, which eGFR per 1.73 m2 overstates in small older women: with a current body weight and serum creatinine the
/// Cockcroft-Gault clearance is used and named; otherwise eGFR stands in and the card says so. Dialysis or end-stage kidney
/// disease on record is below every limit, with or without a result. Where the spec is silent (sex other or unknown) the
/// x 0.85 factor for women is applied, giving the lower, safer clearance.
/// </summary>
/// <param name="Value">Creatinine clearance (mL/min) or eGFR (mL/min/1.73m2), whichever <paramref name="IsClearance"/> says.</param>
public sealed record KidneyFunction(decimal? Value, bool IsClearance, string Line, IReadOnlyList<string> EndStage)
{
    public bool IsKnown => Value is not null || EndStage.Count > 0;

    public bool IsBelow(decimal limit) => EndStage.Count > 0 || Value < limit;

    /// <summary>How the limit is named in a card: "creatinine clearance" or "eGFR".</summary>
    public string Measure => IsClearance ? "creatinine clearance" : "eGFR";

    public static KidneyFunction Of(ClinicalInput input)
    {
        var endStage = input.EndStageKidney;
        var stage = endStage.Count == 0 ? ""
            : $"End-stage kidney disease or dialysis on record ({string.Join("; ", endStage)}): below every drug limit. ";
        if (CockcroftGault(input) is { } clearance) return clearance with { Line = stage + clearance.Line, EndStage = endStage };
        var egfr = input.Get(Analyte.Egfr);
        if (egfr is null) return new KidneyFunction(null, false, stage + "No kidney function result is on record.", endStage);
        return new KidneyFunction(egfr.Value, false, stage + Cards.CardText.MeasurementLine("eGFR", egfr) + " (eGFR stands in for the "
            + "creatinine clearance the labels state: no current body weight and serum creatinine are on record)", endStage);
    }

    private static KidneyFunction? CockcroftGault(ClinicalInput input)
    {
        var weight = input.Get(Analyte.BodyWeight);
        var creatinine = input.Get(Analyte.Creatinine);
        if (input.Patient.AgeYears is not { } age || weight is not { IsStale: false } || creatinine is not { IsStale: false }
            || creatinine.Value <= 0) return null;
        var female = input.Patient.Sex != Sex.Male;
        var clearance = decimal.Round((140 - age) * weight.Value / (72 * creatinine.Value) * (female ? 0.85m : 1m), 1);
        return new KidneyFunction(clearance, true, $"**Creatinine clearance: {clearance:0.#} mL/min** (Cockcroft-Gault: age {age}, "
            + $"weight {weight.Canonical} on {weight.EffectiveAt:yyyy-MM-dd}, creatinine {creatinine.Canonical} on "
            + $"{creatinine.EffectiveAt:yyyy-MM-dd}{(female ? ", x 0.85" : "")})", []);
    }
}
