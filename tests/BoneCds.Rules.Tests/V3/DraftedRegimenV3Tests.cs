using Hl7.Fhir.Model;

namespace BoneCds.Rules.Tests.V3;

/// <summary>clinical-rules.md v3 "Orders already drafted": the drafted vitamin D regimen compared whole, never as a daily average.</summary>
public class DraftedRegimenV3Tests
{
    private static DraftOrder Draft(string name, decimal? doseIu = null, string unit = "[iU]", Timing.UnitsOfTime period =
        Timing.UnitsOfTime.D, decimal? weeks = null)
    {
        var request = new MedicationRequest
        {
            Id = "d3", Status = MedicationRequest.MedicationrequestStatus.Draft, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept { Text = name },
        };
        if (doseIu is { } dose)
            request.DosageInstruction.Add(new Dosage
            {
                DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity(dose, unit) { Code = unit } }],
                Timing = new Timing { Repeat = new Timing.RepeatComponent
                {
                    Frequency = 1, Period = 1, PeriodUnit = period,
                    Bounds = weeks is null ? null : new Duration { Value = weeks, Code = "wk", Unit = "wk" },
                } },
            });
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { Resource = request }] };
        return Assert.Single(DraftOrder.From(bundle, null));
    }

    private static string Line(decimal vitaminD, DraftOrder draft)
    {
        var r = PatientRecord.Woman(70).VitaminD(vitaminD).Evaluate(RequestKind.OrderSelect, [draft]);
        return string.Join("\n", r.Cards.Select(c => c.Summary + "\n" + c.Detail));
    }

    public static TheoryData<string, Func<DraftOrder>, string> Deficiency => new()
    {
        { "the daily course", () => Draft("cholecalciferol", 6000, weeks: 8), "drafted 6,000 IU daily for 8 weeks, the repletion regimen" },
        { "the weekly course", () => Draft("cholecalciferol", 50000, period: Timing.UnitsOfTime.Wk, weeks: 8),
            "drafted 50,000 IU once weekly for 8 weeks, a repletion regimen for this tier, not preferred at 50+" },
        { "below, from the name", () => Draft("cholecalciferol 1000 UNT Oral Tablet"),
            "drafted 1,000 IU daily; the repletion regimen for this tier is 6,000 IU daily for 8 weeks" },
        { "micrograms", () => Draft("cholecalciferol 25 MCG Oral Capsule"), "drafted 1,000 IU daily;" },
        { "weekly below, never averaged", () => Draft("cholecalciferol", 25000, period: Timing.UnitsOfTime.Wk),
            "drafted 25,000 IU once weekly; the repletion regimen for this tier is 50,000 IU once weekly for 8 weeks" },
        { "no end above the upper limit", () => Draft("cholecalciferol", 10000),
            "drafted 10,000 IU daily: above the 4,000 IU/day upper limit, only as a supervised repletion course of up to 12 weeks" },
        { "unreadable", () => Draft("Vitamin D drops"), "its dose could not be read: check it against the repletion regimen" },
    };

    [Theory]
    [MemberData(nameof(Deficiency))]
    public void In_deficiency_the_drafted_regimen_is_compared_with_the_tiers_regimens(string name, Func<DraftOrder> draft, string said) =>
        Assert.True(Line(12, draft()).Contains(said, StringComparison.Ordinal), name);

    [Theory]
    [InlineData(10000, null, true)]   // insufficiency, 10,000 IU daily with no end
    [InlineData(10000, 8.0, false)]   // a stated course up to 12 weeks
    [InlineData(2000, null, false)]   // within the upper limit
    public void Outside_deficiency_a_dose_above_the_upper_limit_is_said(int dose, double? weeks, bool said)
    {
        var r = PatientRecord.Woman(70).VitaminD(25).Evaluate(RequestKind.OrderSelect,
            [Draft("cholecalciferol", dose, weeks: (decimal?)weeks)]);
        Assert.Equal(said, r.Cards.Any(c => c.RuleId == RuleIds.OrderVitDAboveUpperLimit));
    }
}
