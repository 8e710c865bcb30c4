using BoneCds.Rules.Catalogue;
using BoneCds.Rules.Classification;
using BoneCds.Rules.Inputs;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.SmartApp;

/// <summary>
/// GET /api/v1/thresholds: the configured thresholds, the codes and units the rules read and the medication groups, for the trend
/// page to draw its bands from (so the page and the cards cannot disagree). No patient data, so no authentication.
/// </summary>
public static class ThresholdsEndpoint
{
    public sealed record UnitDto(string Unit, decimal PerDisplay);
    public sealed record BandDto(string Tier, decimal? From, decimal? To, bool ToInclusive, string Colour, string Label);
    public sealed record LabDto(string Unit, IReadOnlyList<string> Loinc, IReadOnlyList<UnitDto> Units)
    {
        public IReadOnlyList<BandDto>? Tiers { get; init; }
        public decimal? Low { get; init; }
        public decimal? High { get; init; }
    }
    public sealed record DxaCodeDto(string Loinc, string Score, string Site);
    public sealed record DxaDto(decimal TScoreNormalMin, decimal TScoreOsteoporosisMax, decimal ZScoreBelowExpectedMax,
        IReadOnlyList<DxaCodeDto> Codes);
    public sealed record MedicationGroupDto(string Group, IReadOnlyList<string> Names, IReadOnlyList<string> Atc, string? FirstWord);
    public sealed record SmartDto(string ClientId);
    /// <summary>The fracture codes the rules read (ICD-10 prefixes without dots, SNOMED CT codes), for markers on the timeline.</summary>
    public sealed record FractureCodesDto(IReadOnlyList<string> Icd10Prefixes, IReadOnlyList<string> Snomed);
    public sealed record ThresholdsResponse(SmartDto Smart, LabDto VitaminD, LabDto Pth, LabDto Calcium, DxaDto Dxa,
        IReadOnlyList<MedicationGroupDto> Medications, FractureCodesDto Fractures);

    public static void MapThresholds(this IEndpointRouteBuilder api) =>
        api.MapGet("/thresholds", (IOptions<RuleThresholds> rules, IOptions<SmartAppOptions> smart) => TypedResults.Json(Build(rules.Value,
                smart.Value), Hosting.JsonDefaults.Api))
            .AllowAnonymous()
            .WithName("GetThresholds")
            .Produces<ThresholdsResponse>()
            .WithTags("Reference")
            .WithSummary("The configured thresholds, codes, units and medication groups the trend page draws with (no patient data)");

    public static ThresholdsResponse Build(RuleThresholds t, SmartAppOptions smart)
    {
        // Name and range text are the classifier's own, as the cards write them.
        BandDto Tier(VitaminDTier tier, decimal? from, decimal? to, bool inclusive, string colour) => new(
            VitaminDClassifier.Describe(tier), from, to, inclusive, colour, VitaminDClassifier.RangeText(tier, t));
        return new ThresholdsResponse(new SmartDto(smart.ClientId),
            Lab(Analyte.VitaminD25OH) with
            {
                Tiers =
                [
                    Tier(VitaminDTier.SevereDeficiency, 0, t.VitaminDSevereBelow, false, "#e57373"),
                    Tier(VitaminDTier.ModerateDeficiency, t.VitaminDSevereBelow, t.VitaminDDeficientBelow, false, "#ffb74d"),
                    Tier(VitaminDTier.Insufficiency, t.VitaminDDeficientBelow, t.VitaminDInsufficientBelow, false, "#fff176"),
                    Tier(VitaminDTier.Sufficiency, t.VitaminDInsufficientBelow, t.VitaminDSufficientMax, true, "#81c784"),
                    Tier(VitaminDTier.High, t.VitaminDSufficientMax, t.VitaminDHighMax, true, "#ffb74d"),
                    Tier(VitaminDTier.PotentialToxicity, t.VitaminDHighMax, null, false, "#e57373"),
                ],
            },
            Lab(Analyte.Pth) with { Low = t.PthLow, High = t.PthHigh },
            Lab(Analyte.Calcium) with { Low = t.CalciumLowBelow, High = t.CalciumHighAbove },
            new DxaDto(t.TScoreNormalMin, t.TScoreOsteoporosisMax, t.ZScoreBelowExpectedMax, LoincCatalog.All
                .Where(e => e.Analyte is Analyte.TScore or Analyte.ZScore && e.Site is { } site && site.IsDiagnostic())
                .Select(e => new DxaCodeDto(e.Code, e.Analyte == Analyte.TScore ? "T" : "Z", e.Side.Describe() + e.Site!.Value.Describe()))
                .ToList()),
            Medications(),
            new FractureCodesDto(ConditionCatalog.Icd10.Where(r => r.Meaning.Fracture is not null).Select(r => r.Prefix).ToList(),
                ConditionCatalog.Snomed.Where(r => r.Meaning.Fracture is not null).Select(r => r.Code).ToList()));
    }

    private static LabDto Lab(Analyte analyte) => new(UnitConversion.CanonicalUnit(analyte),
        LoincCatalog.All.Where(e => e.Analyte == analyte).Select(e => e.Code).ToList(),
        UnitConversion.Rows.Where(r => r.Analyte == analyte).Select(r => new UnitDto(r.Unit, r.PerCanonical)).ToList());

    /// <summary>The catalogue's rows grouped as the timeline shows them (a display grouping, not a clinical decision).</summary>
    private static List<MedicationGroupDto> Medications()
    {
        MedicationGroupDto Group(string name, MedicationClass classes, string? firstWord = null)
        {
            var rows = MedicationCatalog.Table.Where(r => (r.Class & classes) != 0).ToList();
            return new MedicationGroupDto(name, rows.SelectMany(r => r.Names).Distinct().ToList(),
                rows.SelectMany(r => r.AtcPrefixes).Distinct().ToList(), firstWord);
        }
        return [Group("vitamin D", MedicationClass.VitaminD), Group("calcium", MedicationClass.Calcium, "calcium"),
            Group("anti-osteoporosis", MedicationClass.AntiOsteoporosis)];
    }
}
