using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// Without the SDK validator, a value that does not fit the FHIR model (an unknown status code, an object where a string
/// belongs) throws when its property is first read. These helpers turn that into a rejected input, never a failed request.
/// </summary>
public static class FhirReadGuard
{
    /// <summary>
    /// The one test of "this exception means the FHIR data does not fit the model": the SDK's own coded exceptions, a value that
    /// does not parse or fit its type. Nothing else: an ArgumentException or InvalidOperationException from this service's code
    /// is a bug, and must answer 500 with a trace id, never pass as "the EHR sent bad FHIR".
    /// </summary>
    public static bool IsModelMisfit(Exception e) =>
        e is CodedException or FormatException or InvalidCastException or OverflowException;

    /// <summary>Runs <paramref name="read"/>; a misfit rejects the resource with the SDK's message.</summary>
    public static void Run(Resource resource, List<RejectedInput> rejected, Action read)
    {
        try { read(); }
        catch (Exception e) when (IsModelMisfit(e)) { Reject(resource, rejected, e); }
    }

    /// <summary>Rejects the resource with the SDK's message for a misfit (for callers that catch it themselves).</summary>
    public static void Reject(Resource resource, List<RejectedInput> rejected, Exception misfit) =>
        rejected.Add(new RejectedInput(FhirResourceParser.Describe(resource), $"invalid FHIR: {misfit.Message}",
            RejectionKind.InvalidFhir));
}
