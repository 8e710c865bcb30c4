using Hl7.Fhir.Model;

namespace BoneCds.Rules.Assessment;

public sealed record EvaluationResult(BoneHealthAssessment Assessment, IReadOnlyList<CdsCard> Cards);

/// <summary>The one entry point hosts call: FHIR resources in, assessment and cards out.</summary>
public sealed class BoneHealthEvaluator(RuleThresholds thresholds)
{
    /// <summary>Spans for reading, rules and cards (System.Diagnostics only: the library stays free of ASP.NET and exporters).</summary>
    public const string ActivitySourceName = "BoneCds.Rules";
    private static readonly System.Diagnostics.ActivitySource Activities = new(ActivitySourceName);

    private readonly ClinicalInputReader _reader = new(thresholds.Staleness);
    private readonly AssessmentEngine _engine = new(thresholds);
    private readonly CardBuilder _cards = new(thresholds);

    public RuleThresholds Thresholds => thresholds;

    public EvaluationResult Evaluate(IEnumerable<Resource> resources, string? patientId, DateTimeOffset now, RequestKind kind,
        string hookInstance, IReadOnlyList<DraftOrder>? drafts = null, IEnumerable<RejectedInput>? rejected = null,
        bool medicationListKnown = true)
    {
        // Hooks read prefetched search results, which always name the patient; a posted Bundle may be one patient's record.
        ClinicalInput input;
        using (Activities.StartActivity("read"))
            input = _reader.Read(resources, patientId, now, rejected, medicationListKnown,
                requireSubject: kind != RequestKind.AssessmentApi);
        BoneHealthAssessment assessment;
        using (Activities.StartActivity("rules")) assessment = _engine.Evaluate(input);
        using var cardsSpan = Activities.StartActivity("cards");
        var cards = _cards.Build(assessment, kind, hookInstance, drafts ?? []);
        cardsSpan?.SetTag("bonecds.cards", cards.Count);
        return new EvaluationResult(assessment, cards);
    }
}
