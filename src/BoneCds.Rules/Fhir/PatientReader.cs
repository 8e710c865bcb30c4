using System.Globalization;
using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>The patient in context (sex, age); other Patients in the input are reported and ignored.</summary>
public static class PatientReader
{
    public static PatientFacts Read(IReadOnlyList<Resource> all, string? patientId, DateTimeOffset now, List<RejectedInput> rejected)
    {
        var patients = all.OfType<Patient>().ToList();
        var patient = patientId is null ? patients.FirstOrDefault() : patients.FirstOrDefault(x => x.Id == patientId);
        foreach (var other in patients.Where(x => x != patient))
            rejected.Add(new RejectedInput($"Patient/{other.Id}", "a different patient than the one in context; ignored",
                RejectionKind.OtherPatient));
        if (patient is null) return PatientFacts.Unknown with { Id = patientId };
        PatientFacts? facts = null;
        FhirReadGuard.Run(patient, rejected, () => facts = Facts(patient, patientId, now));
        return facts ?? PatientFacts.Unknown with { Id = patientId };
    }

    /// <summary>US Core's sex for clinical use (v3.1): preferred over Patient.gender when present.</summary>
    public const string IndividualSexUrl = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex";

    private static PatientFacts Facts(Patient patient, string? patientId, DateTimeOffset now)
    {
        var sex = IndividualSex(patient) ?? patient.Gender switch
        {
            AdministrativeGender.Female => Sex.Female,
            AdministrativeGender.Male => Sex.Male,
            AdministrativeGender.Other => Sex.Other,
            _ => Sex.Unknown,
        };
        // v3.1: a deceased patient's age is the age at death.
        var diedOn = patient.Deceased is FhirDateTime died && FhirDates.TryParse(died.Value, out var on) ? on : (DateTimeOffset?)null;
        return new PatientFacts(patient.Id ?? patientId, sex, AgeOn(patient.BirthDate, diedOn ?? now))
        {
            Deceased = diedOn is not null || patient.Deceased is FhirBoolean { Value: true },
        };
    }

    /// <summary>The individual-sex extension's code: SNOMED CT female/male, or an administrative-gender style code.</summary>
    private static Sex? IndividualSex(Patient patient)
    {
        var value = patient.GetExtension(IndividualSexUrl)?.Value;
        var code = value switch
        {
            Coding c => c.Code, Code c => c.Value, CodeableConcept cc => cc.Coding.FirstOrDefault()?.Code, _ => null,
        };
        return code switch
        {
            "248152002" or "female" or "F" => Sex.Female,
            "248153007" or "male" or "M" => Sex.Male,
            _ => null,
        };
    }

    private static int? AgeOn(string? birthDate, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(birthDate)
            || !DateTime.TryParse(PadPartialDate(birthDate), CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)) return null;
        var age = now.Year - born.Year;
        if (now.Date < born.AddYears(age)) age--;
        return age;
    }

    /// <summary>A year-only or year-month birth date is taken as mid-year or mid-month.</summary>
    private static string PadPartialDate(string date) => date.Length switch { 4 => date + "-07-01", 7 => date + "-15", _ => date };
}
