namespace BoneCds.Rules.Tests.Parsing;

/// <summary>
/// A JSON null inside an array (`"coding": [null, {...}]`) is not FHIR, yet Firely keeps it as a null element: every reader
/// must read past it (or reject the resource), never fail the request.
/// </summary>
public class NullArrayElementTests
{
    [Theory]
    [InlineData("""{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationCodeableConcept":{"coding":[null,{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"11289","display":"warfarin"}]}}""")]
    [InlineData("""{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p1"},"clinicalStatus":{"coding":[null,{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[null,{"system":"http://snomed.info/sct","code":"64859006"}]}}""")]
    [InlineData("""{"resourceType":"Observation","id":"o","status":"final","subject":{"reference":"Patient/p1"},"code":{"coding":[null,{"system":"http://loinc.org","code":"62292-8"}]},"effectiveDateTime":"2026-11-01","valueQuantity":{"value":14,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}""")]
    public void A_null_in_a_coding_array_never_fails_the_read(string resource)
    {
        var bundle = $$"""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{{resource}}}]}""";
        var parsed = FhirResourceParser.Parse(bundle, "prefetch.x");

        var input = new ClinicalInputReader(new StalenessWindows())
            .Read([parsed.Resource], "p1", PatientRecord.Now, parsed.RejectedEntries, requireSubject: true);

        var read = input.ActiveMedications.Count + input.OsteoporosisDiagnoses.Count + input.Latest.Count;
        Assert.True(read == 1 || input.Rejected.Count == 1, "the resource is read or reported, not lost without a word");
    }
}
