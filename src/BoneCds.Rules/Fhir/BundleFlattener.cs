using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>Opens Bundles (nested ones too) into their resources; a nested Bundle whose entries do not fit the model is reported.</summary>
public static class BundleFlattener
{
    public static IEnumerable<Resource> Flatten(IEnumerable<Resource> resources, List<RejectedInput> rejected) =>
        Entries(resources, rejected).Select(e => e.Resource);

    /// <summary>Every resource with the fullUrl its Bundle entry gave it, for resolving references the FHIR way.</summary>
    public static IEnumerable<(Resource Resource, string? FullUrl)> Entries(IEnumerable<Resource> resources, List<RejectedInput> rejected)
    {
        foreach (var resource in resources)
        {
            if (resource is not Bundle bundle) { yield return (resource, null); continue; }
            List<(Resource, string?)> inner;
            try { inner = bundle.Entry.Where(e => e?.Resource is not null).Select(e => (e.Resource!, e.FullUrl)).ToList(); }
            catch (CodedException e)
            {
                rejected.Add(new RejectedInput(FhirResourceParser.Describe(bundle), $"invalid FHIR: {e.Message}",
                    RejectionKind.InvalidFhir));
                continue;
            }
            foreach (var (entry, fullUrl) in inner)
            {
                if (entry is Bundle) { foreach (var nested in Entries([entry], rejected)) yield return nested; }
                else yield return (entry, fullUrl);
            }
        }
    }
}
