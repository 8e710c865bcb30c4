namespace BoneCds.Rules.Inputs;

/// <summary>The measurements the rules read. Each maps from one or more LOINC codes (see <see cref="Catalogue.LoincCatalog"/>).</summary>
public enum Analyte
{
    VitaminD25OH,
    Pth,
    Osteocalcin,
    Calcium,
    Egfr,
    TScore,
    ZScore,
    FraxHip,
    FraxMajorOsteoporotic,
    /// <summary>Areal bone mineral density (g/cm2): shown when present, never categorised (it needs reference data).</summary>
    BoneMineralDensity,
    /// <summary>Body weight and serum creatinine: the Cockcroft-Gault creatinine clearance the drug labels state (v3).</summary>
    BodyWeight,
    Creatinine,
    /// <summary>Alkaline phosphatase (v4): low before an antiresorptive, high before a PTH analogue.</summary>
    AlkalinePhosphatase,
}

/// <summary>Skeletal sites of a DXA score (clinical-rules.md v2 "DXA scores").</summary>
public enum SkeletalSite
{
    LumbarSpine,
    FemoralNeck,
    TotalHip,
    /// <summary>LOINC "Femur" codes do not say neck or total; ISCD uses both, so it counts as a hip site.</summary>
    FemurUnspecified,
    /// <summary>Radius and ulna: used for the WHO category only when no spine, femur or hip score is on record.</summary>
    Forearm,
    /// <summary>Non-diagnostic sites: reported as not used.</summary>
    Calcaneus,
    Humerus,
}

/// <summary>Which side a DXA score was measured on; both sides of one site: the lower score counts.</summary>
public enum BodySide { Unspecified, Left, Right }

public static class SkeletalSiteText
{
    public static string Describe(this SkeletalSite site) => site switch
    {
        SkeletalSite.LumbarSpine => "lumbar spine",
        SkeletalSite.FemoralNeck => "femoral neck",
        SkeletalSite.TotalHip => "total hip",
        SkeletalSite.FemurUnspecified => "femur",
        SkeletalSite.Forearm => "forearm (radius and ulna)",
        SkeletalSite.Calcaneus => "calcaneus",
        SkeletalSite.Humerus => "humerus",
        _ => site.ToString(),
    };

    /// <summary>Spine, femur and hip: the central sites WHO/ISCD categories are read from.</summary>
    public static bool IsCentral(this SkeletalSite site) =>
        site is SkeletalSite.LumbarSpine or SkeletalSite.FemoralNeck or SkeletalSite.TotalHip or SkeletalSite.FemurUnspecified;

    public static bool IsDiagnostic(this SkeletalSite site) => site.IsCentral() || site == SkeletalSite.Forearm;

    public static string Describe(this BodySide side) => side switch { BodySide.Left => "left ", BodySide.Right => "right ", _ => "" };
}
