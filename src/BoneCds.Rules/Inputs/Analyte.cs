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
}

/// <summary>Skeletal sites that WHO/ISCD categorisation considers (lowest T-score wins).</summary>
public enum SkeletalSite
{
    LumbarSpine,
    FemoralNeck,
    TotalHip,
    /// <summary>LOINC "Femur" codes do not say neck or total; ISCD uses both, so it counts as a hip site.</summary>
    FemurUnspecified,
    Radius33,
}

public static class SkeletalSiteText
{
    public static string Describe(this SkeletalSite site) => site switch
    {
        SkeletalSite.LumbarSpine => "lumbar spine",
        SkeletalSite.FemoralNeck => "femoral neck",
        SkeletalSite.TotalHip => "total hip",
        SkeletalSite.FemurUnspecified => "femur",
        SkeletalSite.Radius33 => "33% radius",
        _ => site.ToString(),
    };
}
