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

    /// <summary>
    /// Says which prefetch data the EHR did not send (or sent only in part), so advice is never silently based on a partial
    /// record. "The other cards" only when there are other cards (v3).
    /// </summary>
    public static CdsCard MissingData(string hookInstance, IReadOnlyDictionary<string, string> unavailable, bool otherCards = true) => new()
    {
        Uuid = StableUuid.For(hookInstance, RuleIds.InputPrefetchMissing),
        Summary = $"Some patient data was not available: {string.Join(", ", unavailable.Keys)}",
        Indicator = Indicators.Info,
        Detail = (otherCards ? "These data were not available, so the other cards are based on the rest of the record:\n\n"
                : "These data were not available, so no advice could be based on them:\n\n")
            + string.Join("\n", unavailable.Select(kv => $"- `{kv.Key}`: {kv.Value}"))
            + (unavailable.Keys.Any(k => k.StartsWith("medications", StringComparison.Ordinal))
            ? "\n\nWithout the whole medication list, vitamin K2 is not suggested (warfarin cannot be excluded)." : ""),
        Source = new CardSource(Sources.DataAvailability.Label, null),
        RuleId = RuleIds.InputPrefetchMissing,
        RuleIds = [RuleIds.InputPrefetchMissing],
    };
}
