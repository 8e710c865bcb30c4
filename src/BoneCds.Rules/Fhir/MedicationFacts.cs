using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// What the rules read of one MedicationRequest or MedicationStatement read by the lean model: whether its status is an active
/// one, its subject, its medicationCodeableConcept and when it was started (authoredOn, or the statement's effective start).
/// Anything else (a medicationReference, contained resources, an unknown status) is left to Firely's POCOs.
/// </summary>
public sealed record MedicationFacts(string Source, bool IsActive, string? SubjectReference, ConceptFacts? Medication,
    DateTimeOffset? StartedOn)
{
    /// <summary>Completed or stopped: the medication history (v3), read for its dates.</summary>
    public bool IsHistory { get; init; }

    /// <summary>The record's last date: the latest of authoredOn and dispenseRequest.validityPeriod.end (a statement's end).</summary>
    public DateTimeOffset? LastRecordOn { get; init; }
}

/// <summary>A medication resource read by the lean model: it travels as a Firely resource carrying only its id and the facts.</summary>
public interface ILeanMedication
{
    MedicationFacts Facts { get; }
}

public sealed class LeanMedicationRequestCarrier : MedicationRequest, ILeanMedication
{
    public LeanMedicationRequestCarrier(MedicationFacts facts, string? id)
    {
        Facts = facts;
        Id = id;
    }

    public MedicationFacts Facts { get; }
}

public sealed class LeanMedicationStatementCarrier : MedicationStatement, ILeanMedication
{
    public LeanMedicationStatementCarrier(MedicationFacts facts, string? id)
    {
        Facts = facts;
        Id = id;
    }

    public MedicationFacts Facts { get; }
}
