using static BoneCds.Rules.Cards.CardFactory;

namespace BoneCds.Rules.Cards;

/// <summary>Cards about the input itself: results that could not be used, and prefetch data that was not available.</summary>
public static class InputProblemCards
{
    public static void AddRejected(CardContext ctx, List<CdsCard> cards)
    {
        var rejected = ctx.Input.Rejected;
        if (rejected.Count == 0) return;
        var listed = rejected.Take(20).ToList();
        var total = RejectedInput.Total(rejected);
        var lines = string.Join("\n", listed.Select(r => $"- {r.Source}: {r.Reason}"));
        if (total > RejectedInput.Total(listed)) lines += $"\n- and {total - RejectedInput.Total(listed)} more (not listed)";
        cards.Add(Card(ctx, RuleIds.InputRejected, Indicators.Info,
            $"{total} result(s) could not be used by the bone-health rules",
            $"These inputs were not used, so the advice above does not rely on them:\n\n{lines}", Sources.DataAvailability,
                [RuleIds.InputRejected]));
    }

    /// <summary>Says which prefetch data the EHR did not send, so advice is never silently based on a partial record.</summary>
    public static CdsCard MissingData(string hookInstance, IReadOnlyDictionary<string, string> unavailable) => new()
    {
        Uuid = StableUuid.For(hookInstance, RuleIds.InputPrefetchMissing),
        Summary = $"Some patient data was not available: {string.Join(", ", unavailable.Keys)}",
        Indicator = Indicators.Info,
        Detail = "These data were not available, so the cards above are based on the rest of the record:\n\n"
            + string.Join("\n", unavailable.Select(kv => $"- `{kv.Key}`: {kv.Value}"))
            + (unavailable.ContainsKey("medications")
            ? "\n\nWithout the medication list, vitamin K2 is not suggested (warfarin cannot be excluded)." : ""),
        Source = new CardSource(Sources.DataAvailability.Label, null),
        RuleIds = [RuleIds.InputPrefetchMissing],
    };
}
