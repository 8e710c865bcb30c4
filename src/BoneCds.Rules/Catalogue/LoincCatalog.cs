namespace BoneCds.Rules.Catalogue;

/// <summary>
/// The LOINC codes the rules read, one row per code (clinical-rules.md "Inputs"): analyte, skeletal site and side for DXA
/// scores. The reader and the discovery prefetch template are both generated from this table, so the codes the service
/// asks the EHR for and the codes it reads cannot drift apart.
/// </summary>
public static class LoincCatalog
{
    public const string System = "http://loinc.org";

    /// <summary>Code used when this service suggests ordering a 25(OH)D test.</summary>
    public const string VitaminDOrderCode = "62292-8";

    /// <summary>Code used when this service suggests ordering a serum calcium.</summary>
    public const string CalciumOrderCode = "17861-6";

    public sealed record Entry(Analyte Analyte, SkeletalSite? Site, string Display);

    private static readonly (string Code, Entry Entry)[] Table =
    [
        ("62292-8", new(Analyte.VitaminD25OH, null, "25-hydroxyvitamin D2+D3 [Mass/volume]")),
        ("35365-6", new(Analyte.VitaminD25OH, null, "Vitamin D+Metabolites [Mass/volume]")),
        ("1989-3", new(Analyte.VitaminD25OH, null, "25-hydroxyvitamin D3 [Mass/volume]")),
        ("14635-7", new(Analyte.VitaminD25OH, null, "25-hydroxyvitamin D3 [Moles/volume]")),
        ("2731-8", new(Analyte.Pth, null, "Parathyrin.intact [Mass/volume]")),
        ("14866-8", new(Analyte.Pth, null, "Parathyrin.intact [Moles/volume]")),
        ("2697-1", new(Analyte.Osteocalcin, null, "Osteocalcin [Mass/volume]")),
        ("17861-6", new(Analyte.Calcium, null, "Calcium [Mass/volume] in Serum or Plasma")),
        ("2000-8", new(Analyte.Calcium, null, "Calcium [Moles/volume] in Serum or Plasma")),
        ("62238-1", new(Analyte.Egfr, null, "eGFR (CKD-EPI)")),
        ("98979-8", new(Analyte.Egfr, null, "eGFR (CKD-EPI 2021)")),
        ("33914-3", new(Analyte.Egfr, null, "eGFR (MDRD)")),
        ("48642-3", new(Analyte.Egfr, null, "eGFR non-black")),
        ("48643-1", new(Analyte.Egfr, null, "eGFR black")),
        ("38267-1", new(Analyte.TScore, SkeletalSite.LumbarSpine, "DXA Lumbar spine [T-score] Bone density")),
        ("104938-6", new(Analyte.TScore, SkeletalSite.LumbarSpine, "DXA Spine [T-score] Bone density")),
        ("38263-0", new(Analyte.TScore, SkeletalSite.FemurUnspecified, "DXA Femur [T-score] Bone density")),
        ("38264-8", new(Analyte.TScore, SkeletalSite.TotalHip, "DXA Hip [T-score] Bone density")),
        ("85394-5", new(Analyte.ZScore, SkeletalSite.LumbarSpine, "DXA Lumbar spine [Z-score] Bone density")),
        ("90266-8", new(Analyte.FraxHip, null, "Hip fracture 10-year probability (FRAX)")),
        ("90265-0", new(Analyte.FraxMajorOsteoporotic, null, "Major osteoporotic fracture 10-year probability (FRAX)")),
    ];

    private static readonly Dictionary<string, Entry> ByCode = Table.ToDictionary(r => r.Code, r => r.Entry, StringComparer.Ordinal);

    public static bool TryGet(string code, out Entry entry) => ByCode.TryGetValue(code, out entry!);

    /// <summary>Every code, in table order (the prefetch template lists them this way).</summary>
    public static IReadOnlyList<string> AllCodes { get; } = Table.Select(r => r.Code).ToList();
}
