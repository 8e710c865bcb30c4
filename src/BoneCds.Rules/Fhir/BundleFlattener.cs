using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Fhir;

/// <summary>Opens Bundles (nested ones too) into their resources; a nested Bundle whose entries do not fit the model is reported.</summary>
public static class BundleFlattener
{
    public static IEnumerable<Resource> Flatten(IEnumerable<Resource> resources, List<RejectedInput> rejected)
    {
        foreach (var resource in resources)
        {
            if (resource is not Bundle bundle) { yield return resource; continue; }
            List<Resource> inner;
            try { inner = bundle.Entry.Where(e => e?.Resource is not null).Select(e => e.Resource!).ToList(); }
            catch (CodedException e)
            {
                rejected.Add(new RejectedInput(FhirResourceParser.Describe(bundle), $"invalid FHIR: {e.Message}"));
                continue;
            }
            foreach (var nested in Flatten(inner, rejected)) yield return nested;
        }
    }
}
