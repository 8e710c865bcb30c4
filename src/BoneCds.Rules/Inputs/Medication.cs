namespace BoneCds.Rules.Inputs;

/// <summary>The medication classes the rules read (clinical-rules.md v2 "Conditions and medications").</summary>
[Flags]
public enum MedicationClass
{
    None = 0,
    VitaminKAntagonist = 1,
    Bisphosphonate = 2,
    /// <summary>Cholecalciferol, ergocalciferol, calcifediol and the active analogues calcitriol and alfacalcidol.</summary>
    VitaminD = 4,
    /// <summary>Vitamin K2 (menaquinone) or K1 (phytonadione).</summary>
    VitaminK = 8,
    Calcium = 16,
    Magnesium = 32,
    Denosumab = 64,
    /// <summary>Teriparatide, abaloparatide (anabolic PTH / PTHrP analogues).</summary>
    PthAnalogue = 128,
    Romosozumab = 256,
    Raloxifene = 512,
    /// <summary>Set beside <see cref="Bisphosphonate"/>: its renal limit is a creatinine clearance of 30, not 35.</summary>
    Ibandronate = 1024,
    /// <summary>
    /// Could not be identified: a medicationReference that resolves to nothing, or a record with neither a known code nor a
    /// name (spec v3, v3.1). It may be anything, so the safety rules treat it as a possible vitamin K antagonist.
    /// </summary>
    Unknown = 2048,
    /// <summary>Set beside <see cref="Bisphosphonate"/>: its renal limit is a creatinine clearance of 30 (v3, label).</summary>
    Risedronate = 4096,
    /// <summary>Set beside <see cref="Bisphosphonate"/>: contraindicated below 35 and in acute kidney injury (v3, label).</summary>
    ZoledronicAcid = 8192,
    /// <summary>A systemic glucocorticoid (v4: ATC H02AB, the oral glucocorticoid value set, then the ingredient name).</summary>
    Glucocorticoid = 16384,

    Antiresorptive = Bisphosphonate | Denosumab,
    AntiOsteoporosis = Bisphosphonate | Denosumab | PthAnalogue | Romosozumab | Raloxifene,
}

/// <summary>A medication on record (or drafted), with the classes the rules care about and when it was started.</summary>
public sealed record MedicationFact(string Source, string Name, MedicationClass Classes, DateTimeOffset? Since = null)
{
    /// <summary>For a completed or stopped medication (the history, v3): its last record date.</summary>
    public DateTimeOffset? LastRecordOn { get; init; }

    /// <summary>A completed MedicationAdministration (v4): <see cref="Since"/> is the date the dose was given.</summary>
    public bool Administered { get; init; }

    /// <summary>The daily dose in mg when the record's dosage says it plainly (v4: a glucocorticoid's dose threshold).</summary>
    public decimal? DailyDoseMg { get; init; }

    public bool Is(MedicationClass c) => (Classes & c) != 0;
}
