using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>Which skeletal site a DXA score was measured at, from its code, bodySite (SNOMED CT) or text.</summary>
public static class DxaSiteResolver
{
    private static readonly Dictionary<string, SkeletalSite> SiteBySnomed = new()
    {
        ["29627003"] = SkeletalSite.FemoralNeck,   // Structure of neck of femur
        ["24136001"] = SkeletalSite.TotalHip,      // Hip joint structure
        ["122496007"] = SkeletalSite.LumbarSpine,  // Lumbar spine structure
        ["62413002"] = SkeletalSite.Radius33,      // Bone structure of radius
    };

    /// <summary>
    /// An unlisted code read as a DXA score when the unit ({T-score}/{Z-score}) or the code's own text says which score,
    /// and bodySite or the text says which site. Without both it is not ours, and is left alone.
    /// </summary>
    public static LoincCatalog.Entry? IdentifyByUnitOrName(Observation observation)
    {
        if (observation.Value is not Quantity quantity) return null;
        var unit = quantity.Code ?? quantity.Unit;
        var text = string.Join(" ",
            new[] { observation.Code?.Text }.Concat(observation.Code?.Coding.Select(c => c.Display) ?? [])).ToLowerInvariant();
        Analyte? analyte = unit switch
        {
            "{T-score}" => Analyte.TScore,
            "{Z-score}" => Analyte.ZScore,
            _ when text.Contains("t-score") || text.Contains("t score") => Analyte.TScore,
            _ when text.Contains("z-score") || text.Contains("z score") => Analyte.ZScore,
            _ => null,
        };
        if (analyte is null) return null;
        var site = Refine(null, observation.BodySite, observation.Code);
        return site is null ? null : new LoincCatalog.Entry(analyte.Value, site, "score identified by unit or name, and site");
    }

    /// <summary>LOINC's femur code does not say neck or total hip; bodySite (SNOMED CT) or the code's text does.</summary>
    public static SkeletalSite? Refine(SkeletalSite? fromCode, CodeableConcept? bodySite, CodeableConcept? code)
    {
        if (fromCode is not (null or SkeletalSite.FemurUnspecified)) return fromCode;
        foreach (var coding in bodySite?.Coding ?? [])
            if (coding.System == "http://snomed.info/sct" && SiteBySnomed.TryGetValue(coding.Code ?? "", out var site)) return site;
        var text = string.Join(" ", new[] { bodySite?.Text, code?.Text }
            .Concat(bodySite?.Coding.Select(c => c.Display) ?? [])
            .Concat(code?.Coding.Select(c => c.Display) ?? [])
            .Where(t => t is not null)).ToLowerInvariant();
        if (text.Contains("neck")) return SkeletalSite.FemoralNeck;
        if (text.Contains("total hip") || text.Contains("hip")) return SkeletalSite.TotalHip;
        if (text.Contains("lumbar") || text.Contains("l1-l4") || text.Contains("spine")) return SkeletalSite.LumbarSpine;
        if (text.Contains("radius")) return SkeletalSite.Radius33;
        return fromCode;
    }
}
