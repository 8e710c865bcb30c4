using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using static BoneCds.Rules.Fhir.Lean.LeanJson;

namespace BoneCds.Rules.Fhir.Lean;

/// <summary>
/// Reads a MedicationRequest or MedicationStatement straight into <see cref="MedicationFacts"/>, as the lean Observation reader
/// does: status (checked with Firely's parser), subject, medicationCodeableConcept, authoredOn or effective[x] (checked dates);
/// every other member skipped unread. A medicationReference or contained resources (resolved by Firely's POCOs), an unknown
/// status, a bad date, a wrong JSON type or an escaped member name make it answer false, and the caller reads the same bytes
/// with Firely, so the medication reader's safety handling of unreadable records is unchanged.
/// </summary>
public static class LeanMedicationReader
{
    /// <summary>The reader is on the resource's start; on true it is left on its end, on false its position is undefined.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, string resourceType, out Resource? medication)
    {
        medication = null;
        var isRequest = resourceType == "MedicationRequest";
        if (!isRequest && resourceType != "MedicationStatement") return false;
        try { return TryReadMedication(ref reader, isRequest, out medication); }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static bool TryReadMedication(ref Utf8JsonReader reader, bool isRequest, out Resource? medication)
    {
        medication = null;
        string? resourceType = null, id = null, status = null, subject = null, started = null, periodStart = null, periodEnd = null;
        string? validityEnd = null;
        ConceptFacts? concept = null;
        bool hasDateTime = false, hasPeriod = false, hasDosage = false;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A repeated member ("status":"active","status":"stopped") or an escaped name: Firely judges it (and refuses it).
            if (reader.ValueIsEscaped || !names.TryAdd(reader)) return false;
            bool ok;
            if (Is(ref reader, "resourceType"u8)) ok = TryString(ref reader, out resourceType);
            else if (Is(ref reader, "id"u8)) ok = TryString(ref reader, out id);
            else if (Is(ref reader, "status"u8)) ok = TryString(ref reader, out status);
            else if (Is(ref reader, "subject"u8)) ok = TryReference(ref reader, out subject);
            else if (Is(ref reader, "medicationCodeableConcept"u8)) ok = TryConcept(ref reader, out concept);
            else if (Is(ref reader, "authoredOn"u8)) ok = isRequest && TryString(ref reader, out started); // a request's only
            else if (!isRequest && Is(ref reader, "effectiveDateTime"u8))
            {
                ok = TryString(ref reader, out started);
                hasDateTime = started is not null;
            }
            else if (!isRequest && Is(ref reader, "effectivePeriod"u8))
                hasPeriod = ok = TryPeriod(ref reader, out periodStart, out periodEnd);
            else if (isRequest && Is(ref reader, "dispenseRequest"u8)) ok = TryValidityEnd(ref reader, out validityEnd);
            else if (Is(ref reader, "dosageInstruction"u8) || Is(ref reader, "dosage"u8))
            {
                hasDosage = true;
                ok = SkipUnknown(ref reader);
            }
            // Contained resources are resolved by Firely's POCOs (a medicationReference goes there too: SkipUnknown).
            else if (Is(ref reader, "contained"u8)) ok = false;
            else ok = SkipUnknown(ref reader);
            if (!ok) return false;
        }
        var expected = isRequest ? "MedicationRequest" : "MedicationStatement";
        if (resourceType != expected || (hasDateTime && hasPeriod)) return false;
        // v4: a glucocorticoid's dosage is read by Firely's POCOs (its dose threshold); every other dosage stays unread.
        if (hasDosage && MedicationReader.Classify("", concept, null).Is(MedicationClass.Glucocorticoid)) return false;
        if (hasPeriod) started = periodStart;
        if (!TryIsActive(isRequest, status, out var isActive)) return false;
        DateTimeOffset? startedOn = null;
        if (started is not null)
        {
            if (!FhirDates.TryParse(started, out var when)) return false;
            startedOn = when;
        }
        DateTimeOffset? endedOn = null;
        if (periodEnd is not null)
        {
            if (!FhirDates.TryParse(periodEnd, out var end)) return false;
            endedOn = end;
        }
        if (validityEnd is not null)
        {
            if (!FhirDates.TryParse(validityEnd, out var end)) return false;
            endedOn = end;
        }
        var facts = new MedicationFacts(FhirResourceParser.Describe(expected, id), isActive, subject, concept, startedOn)
        {
            IsHistory = status is "completed" or "stopped",
            LastRecordOn = startedOn > endedOn || endedOn is null ? startedOn : endedOn,
        };
        medication = isRequest ? new LeanMedicationRequestCarrier(facts, id) : new LeanMedicationStatementCarrier(facts, id);
        return true;
    }

    /// <summary>dispenseRequest.validityPeriod.end (the rest of the dispense request is not read).</summary>
    private static bool TryValidityEnd(ref Utf8JsonReader reader, out string? end)
    {
        end = null;
        if (!TryOpen(ref reader, JsonTokenType.StartObject)) return false;
        var names = new MemberNames();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(reader)) return false;
            var ok = Is(ref reader, "validityPeriod"u8) ? TryPeriod(ref reader, out _, out end) : SkipUnknown(ref reader);
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Active as the medication reader counts it; false when the status is not a code of its kind.</summary>
    private static bool TryIsActive(bool isRequest, string? status, out bool isActive)
    {
        isActive = false;
        if (status is null) return true;
        if (isRequest)
        {
            var code = EnumUtility.ParseLiteral<MedicationRequest.MedicationrequestStatus>(status);
            isActive = MedicationReader.IsActive(code);
            return code is not null;
        }
        var statement = EnumUtility.ParseLiteral<MedicationStatement.MedicationStatusCodes>(status);
        isActive = MedicationReader.IsActive(statement);
        return statement is not null;
    }
}
