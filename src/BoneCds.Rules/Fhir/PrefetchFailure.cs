using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// An EHR that could not fill a prefetch key sends an OperationOutcome, or a searchset holding only OperationOutcomes
/// (v2 "Prefetch failures"): the key is then missing, not empty.
/// </summary>
public static class PrefetchFailure
{
    private const int MaxReasonLength = 200;

    /// <summary>Why the EHR could not provide the data, or null when the resource is data.</summary>
    public static string? Of(Resource resource)
    {
        List<OperationOutcome>? outcomes = resource switch
        {
            OperationOutcome outcome => [outcome],
            Bundle bundle when bundle.Entry.Count > 0 && bundle.Entry.All(e => e?.Resource is OperationOutcome) =>
                bundle.Entry.Select(e => (OperationOutcome)e.Resource!).ToList(),
            _ => null,
        };
        if (outcomes is null) return null;
        var issue = outcomes.SelectMany(o => o.Issue).FirstOrDefault();
        var text = issue?.Diagnostics ?? issue?.Details?.Text ?? issue?.Code?.ToString() ?? "no reason given";
        return "the EHR returned an OperationOutcome: " + (text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "...");
    }
}
