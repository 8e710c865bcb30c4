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

    private static PatientFacts Facts(Patient patient, string? patientId, DateTimeOffset now)
    {
        var sex = patient.Gender switch
        {
            AdministrativeGender.Female => Sex.Female,
            AdministrativeGender.Male => Sex.Male,
            AdministrativeGender.Other => Sex.Other,
            _ => Sex.Unknown,
        };
        return new PatientFacts(patient.Id ?? patientId, sex, AgeOn(patient.BirthDate, now));
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
