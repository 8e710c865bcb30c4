namespace BoneCds.Rules.Fhir;

/// <summary>Which skeletal site a DXA score was measured at, from its code, bodySite (SNOMED CT) or text.</summary>
public static class DxaSiteResolver
{
    private const string FemoralNeckSnomed = "29627003"; // Structure of neck of femur

    private static readonly Dictionary<string, SkeletalSite> SiteBySnomed = new()
    {
        [FemoralNeckSnomed] = SkeletalSite.FemoralNeck,
        ["24136001"] = SkeletalSite.TotalHip,      // Hip joint structure
        ["122496007"] = SkeletalSite.LumbarSpine,  // Lumbar spine structure
        ["62413002"] = SkeletalSite.Forearm,       // Bone structure of radius
        ["80144004"] = SkeletalSite.Calcaneus,     // Bone structure of calcaneum
        ["85050009"] = SkeletalSite.Humerus,       // Bone structure of humerus
    };

    /// <summary>
    /// A code outside the catalogue read as a DXA score when its unit ({T-score}/{Z-score}, any case) or its own text says
    /// which score. The site comes from bodySite or the text; without one the entry has no site and the reader reports it.
    /// </summary>
    public static LoincCatalog.Entry? IdentifyByUnitOrName(ObservationFacts observation)
    {
        if (observation.Value?.Quantity is not { } quantity) return null;
        var unit = (quantity.Code ?? quantity.Unit ?? "").ToLowerInvariant();
        var text = string.Join(" ",
            new[] { observation.Code?.Text }.Concat(observation.Code?.Codings.Select(c => c.Display) ?? [])).ToLowerInvariant();
        Analyte? analyte = unit switch
        {
            "{t-score}" => Analyte.TScore,
            "{z-score}" => Analyte.ZScore,
            _ when text.Contains("t-score") || text.Contains("t score") => Analyte.TScore,
            _ when text.Contains("z-score") || text.Contains("z score") => Analyte.ZScore,
            _ => null,
        };
        if (analyte is null) return null;
        var site = SiteFromText(observation.BodySite, observation.Code);
        return new LoincCatalog.Entry("", analyte.Value, site, BodySide.Unspecified, "score identified by unit or name", int.MaxValue,
            false);
    }

    /// <summary>
    /// The catalogue's femur codes do not say neck or proximal femur: bodySite SNOMED CT 29627003 or text that says
    /// "neck" makes it the femoral neck. Every other catalogue site stands as the code says.
    /// </summary>
    public static SkeletalSite? Refine(SkeletalSite? fromCode, ConceptFacts? bodySite, ConceptFacts? code)
    {
        if (fromCode is null) return SiteFromText(bodySite, code);
        if (fromCode != SkeletalSite.FemurUnspecified) return fromCode;
        var neck = bodySite?.Codings.Any(c => c.System == ConditionCatalog.SnomedSystem && c.Code == FemoralNeckSnomed) == true
            || Text(bodySite, code).Contains("neck");
        return neck ? SkeletalSite.FemoralNeck : SkeletalSite.FemurUnspecified;
    }

    private static SkeletalSite? SiteFromText(ConceptFacts? bodySite, ConceptFacts? code)
    {
        foreach (var coding in bodySite?.Codings ?? [])
            if (coding.System == ConditionCatalog.SnomedSystem && SiteBySnomed.TryGetValue(coding.Code ?? "", out var site)) return site;
        var text = Text(bodySite, code);
        if (text.Contains("neck")) return SkeletalSite.FemoralNeck;
        if (text.Contains("hip")) return SkeletalSite.TotalHip;
        if (text.Contains("femur")) return SkeletalSite.FemurUnspecified;
        if (text.Contains("lumbar") || text.Contains("l1-l4") || text.Contains("spine")) return SkeletalSite.LumbarSpine;
        if (text.Contains("radius") || text.Contains("forearm")) return SkeletalSite.Forearm;
        if (text.Contains("calcane") || text.Contains("heel")) return SkeletalSite.Calcaneus;
        if (text.Contains("humer")) return SkeletalSite.Humerus;
        return null;
    }

    private static string Text(ConceptFacts? bodySite, ConceptFacts? code) =>
        string.Join(" ", new[] { bodySite?.Text, code?.Text }
            .Concat(bodySite?.Codings.Select(c => c.Display) ?? [])
            .Concat(code?.Codings.Select(c => c.Display) ?? [])
            .Where(t => t is not null)).ToLowerInvariant();
}
