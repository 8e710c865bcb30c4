using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// An EHR that could not fill a prefetch key sends an OperationOutcome, or a searchset holding only OperationOutcomes
/// (v2 "Prefetch failures"): the key is then missing, not empty.
/// </summary>
public static class PrefetchFailure
{
    private const int MaxReasonLength = 200;

    /// <summary>Why the EHR could not provide the data, in its own words (for the card), or null when the resource is data.</summary>
    public static string? Of(Resource resource)
    {
        if (Outcomes(resource) is not { } outcomes) return null;
        var issue = outcomes.SelectMany(o => o.Issue).FirstOrDefault();
        var text = issue?.Diagnostics ?? issue?.Details?.Text ?? issue?.Code?.ToString() ?? "no reason given";
        return "the EHR returned an OperationOutcome: " + (text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "...");
    }

    /// <summary>
    /// The same failure for a log line: severities and issue codes only ("error/not-found"), never the diagnostics or details
    /// text, which can name the patient (security review 2026-12-01, M4: "Patient John Q Public MRN 889900" reached the log).
    /// </summary>
    public static string? ForLog(Resource resource)
    {
        if (Outcomes(resource) is not { } outcomes) return null;
        var issues = outcomes.SelectMany(o => o.Issue).Take(5)
            .Select(i => $"{Literal(i.SeverityElement?.JsonValue)}/{Literal(i.CodeElement?.JsonValue)}").ToList();
        return "the EHR returned an OperationOutcome (" + (issues.Count == 0 ? "no issues" : string.Join(", ", issues)) + ")";
    }

    // A code as sent when it is a FHIR code (letters and hyphens), else "?": never free text.
    private static string Literal(object? code) =>
        code is string s && s.Length is > 0 and <= 40 && s.All(c => char.IsAsciiLetter(c) || c == '-') ? s : "?";

    private static List<OperationOutcome>? Outcomes(Resource resource)
    {
        return resource switch
        {
            OperationOutcome outcome => [outcome],
            Bundle bundle when bundle.Entry.Count > 0 && bundle.Entry.All(e => e?.Resource is OperationOutcome) =>
                bundle.Entry.Select(e => (OperationOutcome)e.Resource!).ToList(),
            _ => null,
        };
    }
}
