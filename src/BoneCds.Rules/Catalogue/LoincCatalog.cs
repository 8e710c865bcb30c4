namespace BoneCds.Rules.Catalogue;

/// <summary>
/// The LOINC codes the rules read, one row per code (clinical-rules.md v2 "Inputs" and "DXA scores"): analyte, skeletal site
/// and side. The reader and the discovery prefetch template are both generated from this table, so the codes the service
/// asks the EHR for and the codes it reads cannot drift apart. Row order matters: at the same time, a total 25(OH)D beats
/// a fraction, otherwise the earlier row wins (never Bundle order).
/// </summary>
public static class LoincCatalog
{
    public const string System = "http://loinc.org";

    /// <summary>Code used when this service suggests ordering a 25(OH)D test.</summary>
    public const string VitaminDOrderCode = "62292-8";

    /// <summary>Code used when this service suggests ordering a serum calcium.</summary>
    public const string CalciumOrderCode = "17861-6";

    /// <param name="Rank">Row position: the tie-break between results at the same time.</param>
    /// <param name="IsFraction">A 25(OH)D D3 fraction, beaten by a total reported at the same time.</param>
    public sealed record Entry(string Code, Analyte Analyte, SkeletalSite? Site, BodySide Side, string Display, int Rank, bool IsFraction);

    // Built before the lookups below: static field initialisers run in textual order.
    private static readonly List<Entry> Table = Build();

    private static List<Entry> Build()
    {
        var table = new List<Entry>();
        void Add(Analyte analyte, string code, string display, SkeletalSite? site = null, BodySide side = BodySide.Unspecified,
            bool fraction = false) =>
            table.Add(new Entry(code, analyte, site, side, display, table.Count, fraction));
        void Dxa(SkeletalSite site, (string Code, BodySide Side)[] t, (string Code, BodySide Side)[] z)
        {
            foreach (var (code, side) in t) Add(Analyte.TScore, code, $"DXA {side.Describe()}{site.Describe()} [T-score]", site, side);
            foreach (var (code, side) in z) Add(Analyte.ZScore, code, $"DXA {side.Describe()}{site.Describe()} [Z-score]", site, side);
        }

        Add(Analyte.VitaminD25OH, "62292-8", "25-hydroxyvitamin D2+D3 [Mass/volume] (total)");
        Add(Analyte.VitaminD25OH, "35365-6", "Vitamin D+Metabolites [Mass/volume] (total)");
        Add(Analyte.VitaminD25OH, "1989-3", "25-hydroxyvitamin D3 [Mass/volume] (D3 fraction)", fraction: true);
        Add(Analyte.VitaminD25OH, "14635-7", "25-hydroxyvitamin D3 [Moles/volume] (D3 fraction)", fraction: true);
        Add(Analyte.Pth, "2731-8", "Parathyrin.intact [Mass/volume]");
        Add(Analyte.Pth, "14866-8", "Parathyrin.intact [Moles/volume]");
        Add(Analyte.Osteocalcin, "2697-1", "Osteocalcin [Mass/volume]");
        Add(Analyte.Calcium, "17861-6", "Calcium [Mass/volume] in Serum or Plasma");
        Add(Analyte.Calcium, "2000-8", "Calcium [Moles/volume] in Serum or Plasma");
        Add(Analyte.Calcium, "49765-1", "Calcium [Mass/volume] in Blood");
        Add(Analyte.Egfr, "62238-1", "eGFR (CKD-EPI)");
        Add(Analyte.Egfr, "98979-8", "eGFR (CKD-EPI 2021)");
        Add(Analyte.Egfr, "33914-3", "eGFR (MDRD)");
        Add(Analyte.Egfr, "48642-3", "eGFR (MDRD, non-black)");
        Add(Analyte.Egfr, "48643-1", "eGFR (MDRD, black)");
        // v3.1: the rest of the published eGFR value set (2.16.840.1.113883.3.6929.3.1000), every term per 1.73 m2.
        foreach (var (_, code) in ValueSets.EstimatedGlomerularFiltrationRate.Codes.OrderBy(c => c.Code, StringComparer.Ordinal))
            if (table.All(r => r.Code != code)) Add(Analyte.Egfr, code, $"eGFR per 1.73 m2 (LOINC {code})");
        Add(Analyte.Creatinine, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma");
        Add(Analyte.Creatinine, "14682-9", "Creatinine [Moles/volume] in Serum or Plasma");
        Add(Analyte.BodyWeight, "29463-7", "Body weight");
        Add(Analyte.AlkalinePhosphatase, "6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma");
        Add(Analyte.FraxMajorOsteoporotic, "90265-0", "Major osteoporotic fracture 10-year probability (FRAX)");
        Add(Analyte.FraxHip, "90266-8", "Hip fracture 10-year probability (FRAX)");

        Dxa(SkeletalSite.LumbarSpine, t: [("38267-1", BodySide.Unspecified), ("104938-6", BodySide.Unspecified)],
            z: [("85394-5", BodySide.Unspecified)]);
        Dxa(SkeletalSite.FemurUnspecified, t: [("38263-0", BodySide.Unspecified), ("80947-5", BodySide.Right), ("80948-3", BodySide.Left)],
            z: [("80934-3", BodySide.Unspecified), ("80939-2", BodySide.Right), ("80940-0", BodySide.Left)]);
        Dxa(SkeletalSite.TotalHip, t: [("38264-8", BodySide.Unspecified), ("80945-9", BodySide.Right), ("80946-7", BodySide.Left)],
            z: [("80933-5", BodySide.Unspecified), ("80937-6", BodySide.Right), ("80938-4", BodySide.Left)]);
        Dxa(SkeletalSite.Forearm, t: [("38265-5", BodySide.Unspecified), ("80943-4", BodySide.Right), ("80944-2", BodySide.Left)],
            z: [("80932-7", BodySide.Unspecified), ("80935-0", BodySide.Right), ("80936-8", BodySide.Left)]);
        Dxa(SkeletalSite.Calcaneus,
            t: [("38266-3", BodySide.Unspecified), ("80949-1", BodySide.Unspecified), ("80950-9", BodySide.Unspecified)], z: []);
        Dxa(SkeletalSite.Humerus,
            t: [("85390-3", BodySide.Unspecified), ("85388-7", BodySide.Unspecified), ("85389-5", BodySide.Unspecified)], z: []);
        foreach (var code in new[] { "24701-5", "80953-3", "80954-1", "38261-4", "46278-8", "46279-6", "24966-4", "24890-6", "80951-7",
            "80952-5" })
            Add(Analyte.BoneMineralDensity, code, "DXA bone mineral density (g/cm2)");
        return table;
    }

    private static readonly Dictionary<string, Entry> ByCode = Table.ToDictionary(r => r.Code, StringComparer.Ordinal);

    public static bool TryGet(string code, out Entry entry) => ByCode.TryGetValue(code, out entry!);

    /// <summary>Every row, in table order (the prefetch template and docs/clinical.md list them this way).</summary>
    public static IReadOnlyList<Entry> All => Table;

    public static IReadOnlyList<string> AllCodes { get; } = Table.Select(r => r.Code).ToList();

    /// <summary>DXA scores, BMD and FRAX: the "densitometry" data group, asked for apart from the frequent labs (v3).</summary>
    public static bool IsDensitometry(Analyte analyte) => analyte is Analyte.TScore or Analyte.ZScore or Analyte.BoneMineralDensity
        or Analyte.FraxHip or Analyte.FraxMajorOsteoporotic;
}
