using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;

namespace BoneCds.Api.CdsHooks;

/// <summary>Says which prefetch data the EHR did not send, so advice is never silently based on a partial record.</summary>
public static class MissingDataCard
{
    public const string RuleId = "INPUT-PREFETCH-MISSING";

    public static CdsCard Build(string hookInstance, IReadOnlyList<string> missing, bool fhirServerGiven) => new()
    {
        Uuid = CardBuilder.StableUuid(hookInstance, RuleId),
        Summary = $"Some patient data was not available: {string.Join(", ", missing)}",
        Indicator = Indicators.Info,
        Detail = $"The EHR did not prefetch: {string.Join(", ", missing.Select(m => $"`{m}`"))}. "
            + (fhirServerGiven ? "Fetching from the FHIR server is not enabled in this deployment. " : "No FHIR server was given to fetch it from. ")
            + "The cards are based on the data that was available."
            + (missing.Contains("medications") ? " Without the medication list, vitamin K2 is not suggested (warfarin cannot be excluded)." : ""),
        Source = new CardSource("BoneCds data availability", null),
        RuleIds = [RuleId],
    };
}
