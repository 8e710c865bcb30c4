using BoneCds.Rules.Assessment;
using BoneCds.Rules.Cards;

namespace BoneCds.Api.CdsHooks;

/// <summary>Says which prefetch data the EHR did not send, so advice is never silently based on a partial record.</summary>
public static class MissingDataCard
{
    public const string RuleId = "INPUT-PREFETCH-MISSING";

    public static CdsCard Build(string hookInstance, IReadOnlyDictionary<string, string> unavailable) => new()
    {
        Uuid = CardBuilder.StableUuid(hookInstance, RuleId),
        Summary = $"Some patient data was not available: {string.Join(", ", unavailable.Keys)}",
        Indicator = Indicators.Info,
        Detail = "These data were not available, so the cards above are based on the rest of the record:\n\n"
            + string.Join("\n", unavailable.Select(kv => $"- `{kv.Key}`: {kv.Value}"))
            + (unavailable.ContainsKey("medications") ? "\n\nWithout the medication list, vitamin K2 is not suggested (warfarin cannot be excluded)." : ""),
        Source = new CardSource("BoneCds data availability", null),
        RuleIds = [RuleId],
    };
}
