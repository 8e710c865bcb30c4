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
    // v4 "Treatment course and continuity".
    public static readonly GuidelineSource EctsDenosumab2021 = new(
        "Tsourdi et al., ECTS position statement on denosumab discontinuation, J Clin Endocrinol Metab 2021;106(1):264-281; "
        + "denosumab (Prolia) label: every 6 months", "https://doi.org/10.1210/clinem/dgaa756");
    public static readonly GuidelineSource DenosumabLabel = new(
        "Denosumab (Prolia) prescribing information: 60 mg every 6 months", "https://www.accessdata.fda.gov/scripts/cder/daf/");
    public static readonly GuidelineSource Aace2020 = new(
        "AACE/ACE 2020 postmenopausal osteoporosis guideline (Camacho et al., Endocr Pract 2020;26(Suppl 1):1-46); BHOF 2022",
        "https://doi.org/10.4158/GL-2020-0524SUPPL");
    public static readonly GuidelineSource Asbmr2016 = new(
        "Adler et al., ASBMR task force on bisphosphonate therapy duration, J Bone Miner Res 2016;31(1):16-35",
        "https://doi.org/10.1002/jbmr.2708");
    public static readonly GuidelineSource AnabolicFollowOn = new(
        "AACE/ACE 2020 (Camacho et al.); Humphrey et al., 2022 ACR glucocorticoid-induced osteoporosis guideline",
        "https://doi.org/10.4158/GL-2020-0524SUPPL");
    public static readonly GuidelineSource Acr2022Glucocorticoid = new(
        "Humphrey et al., 2022 ACR guideline for glucocorticoid-induced osteoporosis, Arthritis Care Res 2023;75(12):2405-2419",
        "https://doi.org/10.1002/acr.25240");
    public static readonly GuidelineSource RomosozumabLabel = new(
        "Romosozumab (Evenity) prescribing information (2019): boxed warning (MI, stroke, CV death); 12 monthly doses",
        "https://www.accessdata.fda.gov/scripts/cder/daf/");
    public static readonly GuidelineSource PthAnalogueLabels = new(
        "Teriparatide (Forteo, 2020) and abaloparatide (Tymlos) prescribing information",
        "https://www.accessdata.fda.gov/scripts/cder/daf/");
    public static readonly GuidelineSource Rassie2019 = new(
        "Rassie et al., bisphosphonate use and fractures in adults with hypophosphatasia, JBMR Plus 2019",
        "https://doi.org/10.1002/jbm4.10223");

    /// <summary>Data-quality cards (inputs not used, data not available) cite no guideline.</summary>
    public static readonly GuidelineSource DataAvailability = new("BoneCds data availability", null);
}
