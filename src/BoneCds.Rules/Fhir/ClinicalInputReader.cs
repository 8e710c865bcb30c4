using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using BoneCds.Rules.Inputs;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Turns FHIR resources (Patient, Observation, MedicationRequest/Statement, Condition, Bundles of them) into
/// <see cref="ClinicalInput"/>. Every observation that is not used is reported with the reason.
/// </summary>
public sealed partial class ClinicalInputReader(StalenessWindows staleness)
{
    private const string UcumSystem = "http://unitsofmeasure.org";
    private static readonly HashSet<ObservationStatus> UsableStatuses =
        [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected];

    public ClinicalInput Read(IEnumerable<Resource> resources, string? patientId, DateTimeOffset now, IEnumerable<RejectedInput>? alreadyRejected = null,
        bool medicationListKnown = true)
    {
        var rejected = new List<RejectedInput>(alreadyRejected ?? []);
        var all = Flatten(resources, rejected).ToList();

        var patient = ReadPatient(all, patientId, now, rejected);
        var subjectId = patientId ?? patient.Id;

        var measurements = new List<Measurement>();
        foreach (var obs in all.OfType<Observation>())
            Guarded(obs, rejected, () => ReadObservation(obs, subjectId, now, measurements, rejected));

        var latest = new Dictionary<Analyte, Measurement>();
        foreach (var m in measurements.Where(m => m.Analyte is not (Analyte.TScore or Analyte.ZScore)))
            if (!latest.TryGetValue(m.Analyte, out var cur) || m.EffectiveAt > cur.EffectiveAt)
                latest[m.Analyte] = m;

        var meds = ReadMedications(all, subjectId, rejected);
        var fractures = new List<string>();
        foreach (var c in all.OfType<Condition>())
            Guarded(c, rejected, () =>
            {
                if (BelongsTo(c.Subject, subjectId) && IsActive(c) && FractureCodes.IsFragilityFracture(c.Code))
                    fractures.Add(c.Code?.Text ?? c.Code?.Coding.FirstOrDefault()?.Display ?? c.Code?.Coding.FirstOrDefault()?.Code ?? "fragility fracture");
            });

        return new ClinicalInput(patient, latest, LatestPerSite(measurements, Analyte.TScore), LatestPerSite(measurements, Analyte.ZScore),
            meds, fractures, rejected, now, medicationListKnown);
    }

    /// <summary>
    /// Reads one resource; a value that does not fit the FHIR model (the SDK throws on first access, e.g. an unknown
    /// status code) rejects that resource with the SDK's message instead of failing the request.
    /// </summary>
    private static void Guarded(Resource r, List<RejectedInput> rejected, Action read)
    {
        try { read(); }
        catch (Exception e) when (e is CodedException or FormatException or InvalidCastException or ArgumentException or InvalidOperationException or OverflowException)
        {
            rejected.Add(new RejectedInput(FhirResourceParser.Describe(r), $"invalid FHIR: {e.Message}"));
        }
    }

    private static IReadOnlyList<Measurement> LatestPerSite(List<Measurement> all, Analyte analyte) =>
        all.Where(m => m.Analyte == analyte)
           .GroupBy(m => m.Site)
           .Select(g => g.OrderByDescending(m => m.EffectiveAt).ThenBy(m => m.Value).First())
           .OrderBy(m => m.Site)
           .ToList();

    /// <summary>Bundles are opened (nested ones too); a nested Bundle whose entries do not fit the model is reported.</summary>
    public static IEnumerable<Resource> Flatten(IEnumerable<Resource> resources, List<RejectedInput> rejected)
    {
        foreach (var r in resources)
        {
            if (r is not Bundle b) { yield return r; continue; }
            List<Resource> inner;
            try { inner = b.Entry.Where(e => e?.Resource is not null).Select(e => e.Resource!).ToList(); }
            catch (CodedException e) { rejected.Add(new RejectedInput(FhirResourceParser.Describe(b), $"invalid FHIR: {e.Message}")); continue; }
            foreach (var x in Flatten(inner, rejected)) yield return x;
        }
    }

    private static PatientFacts ReadPatient(List<Resource> all, string? patientId, DateTimeOffset now, List<RejectedInput> rejected)
    {
        var patients = all.OfType<Patient>().ToList();
        var p = patientId is null ? patients.FirstOrDefault() : patients.FirstOrDefault(x => x.Id == patientId);
        foreach (var other in patients.Where(x => x != p))
            rejected.Add(new RejectedInput($"Patient/{other.Id}", "a different patient than the one in context; ignored"));
        if (p is null) return PatientFacts.Unknown with { Id = patientId };
        PatientFacts? facts = null;
        Guarded(p, rejected, () => facts = ReadPatientFacts(p, patientId, now));
        return facts ?? PatientFacts.Unknown with { Id = patientId };
    }

    private static PatientFacts ReadPatientFacts(Patient p, string? patientId, DateTimeOffset now)
    {
        var sex = p.Gender switch
        {
            AdministrativeGender.Female => Sex.Female,
            AdministrativeGender.Male => Sex.Male,
            AdministrativeGender.Other => Sex.Other,
            _ => Sex.Unknown,
        };
        int? age = null;
        if (!string.IsNullOrEmpty(p.BirthDate) && DateTime.TryParse(PadDate(p.BirthDate), CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob))
        {
            var a = now.Year - dob.Year;
            if (now.Date < dob.AddYears(a)) a--;
            age = a;
        }
        return new PatientFacts(p.Id ?? patientId, sex, age);
    }

    private static string PadDate(string d) => d.Length switch { 4 => d + "-07-01", 7 => d + "-15", _ => d };

    private void ReadObservation(Observation obs, string? subjectId, DateTimeOffset now, List<Measurement> into, List<RejectedInput> rejected)
    {
        var source = FhirResourceParser.Describe(obs);
        var codes = obs.Code?.Coding.Where(c => c.System == LoincCatalog.System && c.Code is not null).Select(c => c.Code!).ToList() ?? [];
        var known = codes.Select(c => LoincCatalog.TryGet(c, out var e) ? e : null).FirstOrDefault(e => e is not null);
        var fromUnit = known is null ? IdentifyScoreByUnit(obs) : null;
        var hasComponents = obs.Component.Any(c => c.Code?.Coding.Any(x => x.System == LoincCatalog.System && LoincCatalog.TryGet(x.Code ?? "", out _)) == true);
        if (known is null && fromUnit is null && !hasComponents)
            return; // Not something these rules read (e.g. a blood pressure): not an error, just not ours.

        if (obs.Status is not { } status || !UsableStatuses.Contains(status))
        {
            rejected.Add(new RejectedInput(source, $"status '{obs.Status?.GetLiteral() ?? "missing"}' is not used (only final, amended, corrected)"));
            return;
        }
        if (!BelongsTo(obs.Subject, subjectId))
        {
            rejected.Add(new RejectedInput(source, "subject is not the patient in context"));
            return;
        }
        var when = EffectiveTime(obs);
        if (when is null)
        {
            rejected.Add(new RejectedInput(source, "no effective[x] or issued date, so recency cannot be judged"));
            return;
        }
        if (when > now.AddDays(1))
        {
            rejected.Add(new RejectedInput(source, "effective date is in the future"));
            return;
        }

        if (known is not null || fromUnit is not null)
        {
            var entry = known ?? fromUnit!;
            var site = entry.Analyte is Analyte.TScore or Analyte.ZScore ? RefineSite(entry.Site, obs.BodySite, obs.Code) : entry.Site;
            var m = ToMeasurement(entry.Analyte, site, obs.Value, obs.DataAbsentReason, when.Value, now, source, rejected);
            if (m is not null) into.Add(m);
        }
        foreach (var (comp, i) in obs.Component.Select((c, i) => (c, i)))
        {
            var code = comp.Code?.Coding.FirstOrDefault(x => x.System == LoincCatalog.System && LoincCatalog.TryGet(x.Code ?? "", out _));
            if (code?.Code is null || !LoincCatalog.TryGet(code.Code, out var ce)) continue;
            var site = ce.Analyte is Analyte.TScore or Analyte.ZScore ? RefineSite(ce.Site, obs.BodySite, comp.Code) : ce.Site;
            var m = ToMeasurement(ce.Analyte, site, comp.Value, comp.DataAbsentReason, when.Value, now, $"{source} component[{i}]", rejected);
            if (m is not null) into.Add(m);
        }
    }

    private Measurement? ToMeasurement(Analyte analyte, SkeletalSite? site, DataType? value, CodeableConcept? absent, DateTimeOffset when,
        DateTimeOffset now, string source, List<RejectedInput> rejected)
    {
        if (value is null)
        {
            var why = absent?.Coding.FirstOrDefault()?.Code ?? absent?.Text;
            rejected.Add(new RejectedInput(source, why is null ? "no value" : $"no value (dataAbsentReason: {why})"));
            return null;
        }
        decimal number;
        string? comparator = null;
        string? unit;
        switch (value)
        {
            case Quantity q when q.Value is { } v:
                number = v;
                comparator = q.Comparator switch
                {
                    Quantity.QuantityComparator.LessThan => "<",
                    Quantity.QuantityComparator.LessOrEqual => "<=",
                    Quantity.QuantityComparator.GreaterThan => ">",
                    Quantity.QuantityComparator.GreaterOrEqual => ">=",
                    _ => null,
                };
                unit = !string.IsNullOrWhiteSpace(q.Code) && (q.System is null || q.System == UcumSystem) ? q.Code : q.Unit;
                break;
            case FhirString s when TryParseText(s.Value, out var parsed):
                (comparator, number, unit) = parsed;
                break;
            case Integer i when i.Value is { } iv:
                number = iv;
                unit = null;
                break;
            default:
                rejected.Add(new RejectedInput(source, $"value is not a number with a unit ({value.TypeName})"));
                return null;
        }

        // T/Z-scores are dimensionless: an absent unit cannot be mis-converted, so it is accepted.
        if (string.IsNullOrWhiteSpace(unit))
        {
            if (analyte is Analyte.TScore or Analyte.ZScore) unit = "1";
            else
            {
                rejected.Add(new RejectedInput(source, $"missing unit; accepted units: {UnitConversion.AcceptedUnits(analyte)}"));
                return null;
            }
        }
        var canonical = UnitConversion.ToCanonical(analyte, number, unit);
        if (canonical is null)
        {
            rejected.Add(new RejectedInput(source, $"unit '{unit}' is not accepted; accepted units: {UnitConversion.AcceptedUnits(analyte)}"));
            return null;
        }
        return new Measurement(analyte, canonical.Value, UnitConversion.CanonicalUnit(analyte), number, unit, comparator, when,
            source, site, staleness.IsStale(analyte, when, now));
    }

    [GeneratedRegex(@"^\s*(<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*(\S+)?\s*$")]
    private static partial Regex ValueText();

    /// <summary>Reads "&lt;10 ng/mL" from valueString. The unit is still required (checked by the caller).</summary>
    private static bool TryParseText(string? text, out (string? Comparator, decimal Value, string? Unit) parsed)
    {
        parsed = default;
        if (text is null) return false;
        var m = ValueText().Match(text);
        if (!m.Success || !decimal.TryParse(m.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) return false;
        parsed = (m.Groups[1].Success ? m.Groups[1].Value : null, v, m.Groups[3].Success ? m.Groups[3].Value : null);
        return true;
    }

    /// <summary>
    /// An unlisted code read as a DXA score when the unit ({T-score}/{Z-score}) or the code's own text says which score,
    /// and bodySite or the text says which site. Without both it is not ours, and is left alone.
    /// </summary>
    private static LoincCatalog.Entry? IdentifyScoreByUnit(Observation obs)
    {
        if (obs.Value is not Quantity q) return null;
        var unit = q.Code ?? q.Unit;
        var text = string.Join(" ", new[] { obs.Code?.Text }.Concat(obs.Code?.Coding.Select(c => c.Display) ?? [])).ToLowerInvariant();
        Analyte? analyte = unit switch
        {
            "{T-score}" => Analyte.TScore,
            "{Z-score}" => Analyte.ZScore,
            _ when text.Contains("t-score") || text.Contains("t score") => Analyte.TScore,
            _ when text.Contains("z-score") || text.Contains("z score") => Analyte.ZScore,
            _ => null,
        };
        if (analyte is null) return null;
        var site = RefineSite(null, obs.BodySite, obs.Code);
        return site is null ? null : new LoincCatalog.Entry(analyte.Value, site, "score identified by unit or name, and site");
    }

    /// <summary>
    /// LOINC's femur code does not say neck or total hip; bodySite (SNOMED CT) or the code's text does.
    /// </summary>
    private static SkeletalSite? RefineSite(SkeletalSite? fromCode, CodeableConcept? bodySite, CodeableConcept? code)
    {
        if (fromCode is not (null or SkeletalSite.FemurUnspecified)) return fromCode;
        foreach (var c in bodySite?.Coding ?? [])
            if (c.System == "http://snomed.info/sct" && SiteBySnomed.TryGetValue(c.Code ?? "", out var s)) return s;
        var text = string.Join(" ", new[] { bodySite?.Text, code?.Text }
            .Concat(bodySite?.Coding.Select(c => c.Display) ?? [])
            .Concat(code?.Coding.Select(c => c.Display) ?? [])
            .Where(t => t is not null)).ToLowerInvariant();
        if (text.Contains("neck")) return SkeletalSite.FemoralNeck;
        if (text.Contains("total hip") || text.Contains("hip")) return SkeletalSite.TotalHip;
        if (text.Contains("lumbar") || text.Contains("l1-l4") || text.Contains("spine")) return SkeletalSite.LumbarSpine;
        if (text.Contains("radius")) return SkeletalSite.Radius33;
        return fromCode;
    }

    private static readonly Dictionary<string, SkeletalSite> SiteBySnomed = new()
    {
        ["29627003"] = SkeletalSite.FemoralNeck,   // Structure of neck of femur
        ["24136001"] = SkeletalSite.TotalHip,      // Hip joint structure
        ["122496007"] = SkeletalSite.LumbarSpine,  // Lumbar spine structure
        ["62413002"] = SkeletalSite.Radius33,      // Bone structure of radius
    };

    private static DateTimeOffset? EffectiveTime(Observation obs) => obs.Effective switch
    {
        FhirDateTime dt when dt.Value is not null => Date(dt),
        Period p when p.EndElement?.Value is not null => Date(p.EndElement),
        Instant i when i.Value is not null => i.Value,
        _ => obs.Issued,
    };

    /// <summary>Partial dates ("2026-11") read as their start; a time without a zone as UTC.</summary>
    private static DateTimeOffset Date(FhirDateTime dt)
    {
        try { return dt.ToDateTimeOffset(TimeSpan.Zero); }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"'{dt.Value}' is not a valid dateTime");
        }
    }

    private static bool BelongsTo(ResourceReference? subject, string? patientId)
    {
        if (patientId is null || subject?.Reference is null) return true;
        var r = subject.Reference;
        return r == $"Patient/{patientId}" || r.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal) || r == patientId;
    }

    private static bool IsActive(Condition c)
    {
        var status = c.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        var verification = c.VerificationStatus?.Coding.FirstOrDefault()?.Code;
        // A past fracture stays relevant to risk even when "resolved"; refuted or entered-in-error ones do not count.
        return verification is not ("refuted" or "entered-in-error") && status is not "inactive";
    }

    private static List<MedicationFact> ReadMedications(List<Resource> all, string? subjectId, List<RejectedInput> rejected)
    {
        var medsById = MedicationsById(all);
        var facts = new List<MedicationFact>();
        foreach (var r in all.Where(r => r is MedicationRequest or MedicationStatement))
        {
            var source = FhirResourceParser.Describe(r);
            DataType? medication = null;
            List<Resource> contained = [];
            try { (medication, contained) = r is MedicationRequest m ? (m.Medication, m.Contained) : (((MedicationStatement)r).Medication, ((MedicationStatement)r).Contained); }
            catch (Exception e) when (e is CodedException or InvalidCastException) { /* judged below */ }
            try
            {
                if (!IsActive(r)) continue;
                var subject = r is MedicationRequest mr ? mr.Subject : ((MedicationStatement)r).Subject;
                if (!BelongsTo(subject, subjectId)) { rejected.Add(new RejectedInput(source, "subject is not the patient in context")); continue; }
                facts.Add(Classify(source, medication, contained, medsById));
            }
            catch (Exception e) when (e is CodedException or FormatException or InvalidCastException)
            {
                // Safety: an anticoagulant whose status or subject cannot be read still suppresses vitamin K2.
                rejected.Add(new RejectedInput(source, $"invalid FHIR: {e.Message}"));
                var unreadable = SafeClassify(source, medication, contained, medsById);
                if (unreadable?.Classes.HasFlag(MedicationClass.VitaminKAntagonist) == true)
                    facts.Add(unreadable with { Name = unreadable.Name + " (record unreadable; treated as active for safety)" });
            }
        }
        return facts;
    }

    private static bool IsActive(Resource r) => r switch
    {
        MedicationRequest mr => mr.Status is MedicationRequest.MedicationrequestStatus.Active or MedicationRequest.MedicationrequestStatus.OnHold,
        MedicationStatement ms => ms.Status is MedicationStatement.MedicationStatusCodes.Active or MedicationStatement.MedicationStatusCodes.Intended
            or MedicationStatement.MedicationStatusCodes.OnHold,
        _ => false,
    };

    /// <summary>Medication resources by id, for medicationReference lookups within the same input.</summary>
    public static Dictionary<string, Medication> MedicationsById(IEnumerable<Resource?> resources) =>
        resources.OfType<Medication>().Where(m => m.Id is not null).GroupBy(m => m.Id!).ToDictionary(g => g.Key, g => g.First());

    /// <summary><see cref="Classify"/>, or null when the medication element does not fit the FHIR model.</summary>
    public static MedicationFact? SafeClassify(string source, DataType? medication, IEnumerable<Resource> contained, IReadOnlyDictionary<string, Medication> bundled)
    {
        try { return Classify(source, medication, contained, bundled); }
        catch (Exception e) when (e is CodedException or FormatException or InvalidCastException) { return null; }
    }

    /// <summary>Classifies a medication[x]: a CodeableConcept, or a reference to a contained or bundled Medication.</summary>
    public static MedicationFact Classify(string source, DataType? medication, IEnumerable<Resource> contained, IReadOnlyDictionary<string, Medication>? bundled = null)
    {
        var concept = medication switch
        {
            CodeableConcept cc => cc,
            ResourceReference rr when rr.Reference is { } r => ResolveMedication(r, contained, bundled)?.Code,
            _ => null,
        };
        var codings = concept?.Coding.Select(c => (c.System, c.Code, c.Display)) ?? [];
        var name = concept?.Text ?? concept?.Coding.FirstOrDefault()?.Display ?? (medication as ResourceReference)?.Display ?? "medication";
        var classes = MedicationCatalog.Classify(codings, concept?.Text ?? (medication as ResourceReference)?.Display);
        return new MedicationFact(source, name, classes);
    }

    private static Medication? ResolveMedication(string reference, IEnumerable<Resource> contained, IReadOnlyDictionary<string, Medication>? bundled)
    {
        if (reference.StartsWith('#')) return contained.OfType<Medication>().FirstOrDefault(m => m.Id == reference[1..]);
        var id = reference.Split('/').Last();
        return bundled is not null && bundled.TryGetValue(id, out var m) ? m : null;
    }
}
