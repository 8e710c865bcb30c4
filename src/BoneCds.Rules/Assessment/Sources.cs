namespace BoneCds.Rules.Assessment;

/// <summary>The guideline behind a card: CDS Hooks card.source (label and url).</summary>
public sealed record GuidelineSource(string Label, string? Url);

/// <summary>Sources named in clinical-rules.md; every card cites one of these.</summary>
public static class Sources
{
    /// <summary>Updates and replaces the 2011 guideline for people without established indications (v2).</summary>
    public static readonly GuidelineSource EndocrineSociety2024 = new(
        "Endocrine Society 2024 vitamin D guideline (Demay et al., JCEM 2024;109(8):1907-1947), updating Holick et al. 2011",
        "https://doi.org/10.1210/clinem/dgae290");
    public static readonly GuidelineSource FdaDenosumab2024 = new(
        "FDA Drug Safety Communication (2024-01-19): boxed warning on severe hypocalcaemia with denosumab (Prolia) in advanced CKD",
        "https://www.fda.gov/drugs/drug-safety-and-availability/"
        + "fda-adds-boxed-warning-increased-risk-severe-hypocalcemia-patients-advanced-chronic-kidney-disease");
    public static readonly GuidelineSource BisphosphonateLabels = new(
        "FDA prescribing information: alendronate, risedronate, zoledronic acid (CrCl < 35 mL/min), ibandronate (< 30 mL/min)",
        "https://www.accessdata.fda.gov/scripts/cder/daf/");
    public static readonly GuidelineSource EndocrineSociety2011 = new(
        "Endocrine Society clinical practice guideline on vitamin D deficiency (Holick et al., 2011)",
            "https://doi.org/10.1210/jc.2011-0385");
    public static readonly GuidelineSource Bhof2022 = new(
        "BHOF Clinician's Guide to Prevention and Treatment of Osteoporosis (LeBoff et al., 2022)",
            "https://doi.org/10.1007/s00198-021-05900-y");
    public static readonly GuidelineSource WhoIscd = new(
        "WHO / ISCD bone density classification (ISCD Official Positions)", "https://iscd.org/official-positions/");
    public static readonly GuidelineSource Chen2024 = new(
        "Chen et al., Frontiers in Nutrition 2024: 25(OH)D, BMD, PTH and bone turnover in 8,532 postmenopausal women",
            "https://www.frontiersin.org/journals/nutrition");
    public static readonly GuidelineSource OdsCalcium = new(
        "NIH Office of Dietary Supplements: Calcium fact sheet (IOM 2011 DRIs)",
            "https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional/");
    public static readonly GuidelineSource OdsMagnesium = new(
        "NIH Office of Dietary Supplements: Magnesium fact sheet (IOM DRIs)",
            "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/");
    public static readonly GuidelineSource OdsVitaminK = new(
        "NIH Office of Dietary Supplements: Vitamin K fact sheet", "https://ods.od.nih.gov/factsheets/VitaminK-HealthProfessional/");
    public static readonly GuidelineSource OdsVitaminD = new(
        "NIH Office of Dietary Supplements: Vitamin D fact sheet (IOM 2011 RDA)",
            "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/");
    /// <summary>Data-quality cards (inputs not used, data not available) cite no guideline.</summary>
    public static readonly GuidelineSource DataAvailability = new("BoneCds data availability", null);
}
