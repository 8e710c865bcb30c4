namespace BoneCds.Rules.Tests.V3;

/// <summary>
/// clinical-rules.md v3: card text is written from the configured thresholds. Every card family runs with a site's own
/// thresholds (IOM-style vitamin D cut-offs and other shifted boundaries); no card may then show a default boundary, and the
/// configured ones appear where a range or limit is named.
/// </summary>
public class CardTextFromConfigurationV3Tests
{
    private static RuleThresholds Site() => new()
    {
        VitaminDSevereBelow = 9, VitaminDSevereBelowNmol = 22, VitaminDDeficientBelow = 13, VitaminDDeficientBelowNmol = 32,
        VitaminDInsufficientBelow = 21, VitaminDInsufficientBelowNmol = 52, VitaminDSufficientMax = 95, VitaminDSufficientMaxNmol = 237,
        VitaminDHighMax = 140, VitaminDHighMaxNmol = 350,
        TScoreNormalMin = -1.1m, TScoreOsteoporosisMax = -2.6m, ZScoreBelowExpectedMax = -2.1m,
        PthHigh = 70, PthHighPmol = 7.4m, PthLow = 14, PthLowPmol = 1.5m,
        CalciumHighAbove = 10.3m, CalciumHighAboveMmol = 2.57m, CalciumLowBelow = 8.7m, CalciumLowBelowMmol = 2.17m,
        OsteocalcinHighAbove = 50, MagnesiumMinEgfr = 25, BisphosphonateMinEgfr = 40, IbandronateMinEgfr = 32,
        RisedronateMinEgfr = 33, DenosumabMinEgfr = 28, FraxHipPercent = 3.5m, FraxMajorPercent = 21,
    };

    /// <summary>The default boundaries the site changed, as card text would write them.</summary>
    private static readonly string[] Defaults =
    [
        "< 10 ng", "10 to <", "< 20 ng", "20 to <", "20-29", "30 ng/mL", "to 100 ng", "> 100", "150 ng", "> 150", "< 25 nmol",
        "75 nmol", "250 nmol", "10.5 mg/dL", "8.5 mg/dL", "2.62 mmol", "2.12 mmol", "15-65", "65 pg/mL", "1.6-6.9", "eGFR < 30",
        "below 30", "below 35", "-2.5", "-1.0", "46 ng/mL", "3%", "20%", "Z-score <= -2.0",
    ];

    public static TheoryData<string, Func<PatientRecord, PatientRecord>, RequestKind, string?> Records => new()
    {
        { "severe", p => p.VitaminD(5).Pth(90).Calcium(9.4m).SpineT(-2.8m), RequestKind.PatientView, null },
        { "deficient", p => p.VitaminD(11).SpineT(-1.8m).Egfr(24), RequestKind.PatientView, null },
        { "insufficient", p => p.VitaminD(15).SpineT(-1.5m), RequestKind.PatientView, null },
        { "insufficient, no indication", p => p.VitaminD(15), RequestKind.PatientView, null },
        { "sufficient", p => p.VitaminD(50).SpineT(-1.2m), RequestKind.PatientView, null },
        { "high", p => p.VitaminD(99).Calcium(10.4m).Pth(75), RequestKind.PatientView, null },
        { "toxic", p => p.VitaminD(145), RequestKind.PatientView, null },
        { "hypocalcaemia", p => p.VitaminD(25).Calcium(8.6m).SpineT(-2.7m), RequestKind.PatientView, null },
        { "alendronate", p => p.VitaminD(11).Calcium(8.6m).Egfr(38).SpineT(-2.7m), RequestKind.OrderSign, "alendronate 70 MG Oral Tablet" },
        { "denosumab", p => p.VitaminD(25).Egfr(27).SpineT(-2.7m), RequestKind.OrderSign, "denosumab 60 MG/ML Prefilled Syringe" },
        { "magnesium", p => p.VitaminD(25).Egfr(24).SpineT(-2.0m), RequestKind.OrderSelect, "magnesium oxide 400 MG Oral Tablet" },
        { "vitamin D while high", p => p.VitaminD(99), RequestKind.OrderSelect, "cholecalciferol 1000 UNT Oral Tablet" },
        { "young, Z-score", p => p.SpineZ(-2.3m), RequestKind.PatientView, null },
        // An SI-reporting site: 40 nmol/L is deficient under 52 nmol/L; 2.60 mmol/L is above 2.57 mmol/L.
        { "SI units", p => p.Lab("62292-8", 40, "nmol/L").Lab("2000-8", 2.60m, "mmol/L").Lab("14866-8", 8, "pmol/L").SpineT(-2.0m),
            RequestKind.PatientView, null },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Cards_show_the_configured_boundaries_never_the_defaults(string name, Func<PatientRecord, PatientRecord> record,
        RequestKind kind, string? draft)
    {
        var patient = record(name == "young, Z-score" ? PatientRecord.Woman(40) : PatientRecord.Woman(65));
        var r = patient.Evaluate(kind, draft is null ? null : [PatientRecord.Draft(draft)], Site());
        Assert.NotEmpty(r.Cards);
        foreach (var card in r.Cards)
        {
            // The IOM's own statement is a citation, not a boundary of this service's.
            var text = (card.Summary + "\n" + card.Detail).Replace("IOM considers 20 ng/mL (50 nmol/L)", "", StringComparison.Ordinal);
            foreach (var wrong in Defaults)
                Assert.False(text.Contains(wrong, StringComparison.Ordinal), $"{name}: [{card.RuleId}] says '{wrong}':\n{text}");
        }
    }

    /// <summary>The case: the README's own override, Rules__VitaminDDeficientBelow=12, and a 15 ng/mL result.</summary>
    [Fact]
    public void The_readme_override_names_the_configured_range_for_15_ng_per_ml()
    {
        var r = PatientRecord.Woman(65).VitaminD(15).SpineT(-1.5m).Evaluate(thresholds: new RuleThresholds { VitaminDDeficientBelow = 12 });
        var card = r.CardWith(RuleIds.VitDInsufficient);
        Assert.DoesNotContain("20-29", card.Summary + card.Detail);
        Assert.Contains("12 to < 30 ng/mL", card.Detail);
        Assert.Contains("target 30 ng/mL / 75 nmol/L or more", card.Detail);
    }
}
