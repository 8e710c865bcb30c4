using BoneCds.Rules.Cards;
using Hl7.Fhir.Model;
using MedicationClass = BoneCds.Rules.Inputs.MedicationClass;

namespace BoneCds.Rules.Tests.V3;

/// <summary>
/// clinical-rules.md v3 "Every reference resolves the same way": a medicationReference is resolved by the entry's fullUrl, by a
/// contained resource (#id) or by Medication/id in the input; an unresolved one is an unknown medication, with the
/// unknown-medication safety rule (no vitamin K suggestion, said so) and named in the "could not be used" card.
/// </summary>
public class ReferencesV3Tests
{
    private const string Rx = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private static Medication Warfarin(string? id) => new()
    {
        Id = id,
        Code = new CodeableConcept(Rx, "855332", "warfarin sodium 5 MG Oral Tablet"),
    };

    private static MedicationRequest RequestFor(string reference, params Resource[] contained) => new()
    {
        Id = "mr-1",
        Status = MedicationRequest.MedicationrequestStatus.Active,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new ResourceReference(reference),
        Subject = new ResourceReference($"Patient/{PatientRecord.PatientId}"),
        Contained = [.. contained],
    };

    /// <summary>The record as a transaction Bundle would carry it: each resource under a fullUrl.</summary>
    private static Bundle Transaction(params (string FullUrl, Resource Resource)[] entries) => new()
    {
        Type = Bundle.BundleType.Transaction,
        Entry = entries.Select(e => new Bundle.EntryComponent { FullUrl = e.FullUrl, Resource = e.Resource }).ToList(),
    };

    public static TheoryData<string, Func<Resource[]>> Resolved => new()
    {
        { "fullUrl urn:uuid", () => [Transaction(("urn:uuid:9b7e0c52-0000-4000-8000-000000000001", Warfarin(null)),
            ("urn:uuid:req", RequestFor("urn:uuid:9b7e0c52-0000-4000-8000-000000000001")))] },
        { "fullUrl absolute", () => [Transaction(("https://ehr.example/fhir/Medication/w1", Warfarin("w1")),
            ("https://ehr.example/fhir/MedicationRequest/mr-1", RequestFor("https://ehr.example/fhir/Medication/w1")))] },
        { "contained #id", () => [RequestFor("#med", Warfarin("med"))] },
        { "Medication/id", () => [Warfarin("w1"), RequestFor("Medication/w1")] },
        { "Medication/id/_history/2", () => [Warfarin("w1"), RequestFor("Medication/w1/_history/2")] },
    };

    [Theory]
    [MemberData(nameof(Resolved))]
    public void A_referenced_warfarin_is_a_vitamin_k_antagonist_however_it_is_referenced(string how, Func<Resource[]> record)
    {
        var patient = PatientRecord.Woman(70).SpineT(-2.0m);
        foreach (var resource in record()) patient.With(resource);
        var r = patient.Evaluate();
        Assert.True(r.Assessment.Input.ActiveMedications.Any(m => m.Is(MedicationClass.VitaminKAntagonist)), how);
        Assert.NotNull(r.FindCard(RuleIds.SafetyK2Vka));
        var atOrder = patient.Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft("Vitamin K2 (menaquinone-7) 180 mcg capsule")]);
        Assert.Equal("critical", atOrder.CardWith(RuleIds.OrderK2Vka).Indicator);
    }

    [Theory]
    [InlineData("urn:uuid:not-in-the-bundle")]
    [InlineData("Medication/missing")]
    [InlineData("#absent")]
    public void An_unresolved_medication_is_unknown_no_k2_is_suggested_and_a_k2_order_is_warned(string reference)
    {
        var patient = PatientRecord.Woman(70).SpineT(-2.0m).With(RequestFor(reference));
        var r = patient.Evaluate();
        var unknown = Assert.Single(r.Assessment.Input.ActiveMedications);
        Assert.True(unknown.Is(MedicationClass.Unknown));
        Assert.Contains(r.Assessment.Input.Rejected, x => x.Source == "MedicationRequest/mr-1" && x.Reason.Contains(reference));
        var nutrition = r.CardWith(RuleIds.Nutrition);
        Assert.Contains("Vitamin K2: not suggested", nutrition.Detail);
        Assert.Contains("could not be identified", nutrition.Detail);
        Assert.DoesNotContain(nutrition.Suggestions ?? [], s => s.Label.Contains("K2"));
        var atOrder = patient.Evaluate(RequestKind.OrderSelect, [PatientRecord.Draft("Vitamin K2 (menaquinone-7) 180 mcg capsule")]);
        Assert.Equal("warning", atOrder.CardWith(RuleIds.OrderK2UnknownMedication).Indicator);
    }

    [Theory]
    [InlineData(null, null, true)]                                 // nothing to read: unknown
    [InlineData("99999999", null, true)]                            // a code in no table and no name: unknown
    [InlineData("99999999", "Atorvastatin 20 MG Oral Tablet", false)] // a readable name of no class: "other", as before
    public void A_medication_with_no_known_code_and_no_name_is_unknown(string? code, string? text, bool unknown)
    {
        var concept = new CodeableConcept { Text = text };
        if (code is not null) concept.Coding.Add(new Coding(Rx, code));
        var r = PatientRecord.Woman(70).With(new MedicationRequest
        {
            Id = "mr-1", Status = MedicationRequest.MedicationrequestStatus.Active, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = concept, Subject = new ResourceReference($"Patient/{PatientRecord.PatientId}"),
        }).Evaluate();
        Assert.Equal(unknown, Assert.Single(r.Assessment.Input.ActiveMedications).Is(MedicationClass.Unknown));
    }

    [Fact]
    public void A_subject_given_by_fullUrl_resolves_through_the_same_resolver()
    {
        var patient = new Patient { Id = PatientRecord.PatientId, Gender = AdministrativeGender.Female, BirthDate = "1950-01-15" };
        var other = new Patient { Id = "someone-else" };
        var references = new BundleReferences([(patient, "urn:uuid:p1"), (other, "urn:uuid:p2")]);
        var subject = new SubjectReference(references, PatientRecord.PatientId);
        Assert.Null(subject.Problem("urn:uuid:p1"));
        Assert.NotNull(subject.Problem("urn:uuid:p2"));
        Assert.Same(patient, references.Resolve("Patient/" + PatientRecord.PatientId));
    }
}
