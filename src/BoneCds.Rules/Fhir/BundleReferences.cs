using Hl7.Fhir.Model;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// The one way every reference in the input is resolved (spec v2 and v3 "References resolve the FHIR way"): "#id" is a
/// contained resource; a reference equal to an entry's fullUrl (urn:uuid:..., urn:oid:..., an absolute URL, as transaction
/// Bundles and Synthea write them) is that entry; "Type/id", also at the end of an absolute URL or before "/_history/v", is
/// the resource of that type and id in the input. Subjects and medicationReferences both go through here, and so will any
/// reference a later rule reads.
/// </summary>
public sealed class BundleReferences
{
    private readonly Dictionary<string, Resource> _byFullUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Id), Resource> _byTypeAndId = [];

    public static readonly BundleReferences None = new([]);

    public BundleReferences(IEnumerable<(Resource Resource, string? FullUrl)> entries)
    {
        foreach (var (resource, fullUrl) in entries)
        {
            if (fullUrl is not null) _byFullUrl.TryAdd(fullUrl, resource);
            if (IdOf(resource) is { } id) _byTypeAndId.TryAdd((resource.TypeName, id), resource);
        }
    }

    /// <summary>The resource the reference names, or null when it is not in the input (nor among <paramref name="contained"/>).</summary>
    public Resource? Resolve(string? reference, IEnumerable<Resource>? contained = null)
    {
        if (reference is not { Length: > 0 }) return null;
        if (reference[0] == '#')
            return contained?.FirstOrDefault(r => IdOf(r) == reference[1..]);
        if (_byFullUrl.TryGetValue(reference, out var entry)) return entry;
        return TypeAndId(reference) is { } key && _byTypeAndId.TryGetValue(key, out var byId) ? byId : null;
    }

    /// <summary>Whether the reference names an entry by its fullUrl (then what it names is known, whatever its type).</summary>
    public bool TryByFullUrl(string reference, out Resource resource) => _byFullUrl.TryGetValue(reference, out resource!);

    /// <summary>"Medication/abc", ".../fhir/Medication/abc/_history/2": the last "Type/id" pair of a literal reference.</summary>
    public static (string Type, string Id)? TypeAndId(string reference)
    {
        var parts = reference.Split('/');
        var end = parts.Length;
        if (end >= 4 && parts[end - 2] == "_history") end -= 2;
        if (end < 2 || parts[end - 1].Length == 0 || !Hl7.Fhir.Model.ModelInfo.IsKnownResource(parts[end - 2])) return null;
        return (parts[end - 2], parts[end - 1]);
    }

    private static string? IdOf(Resource resource)
    {
        try { return resource.Id; }
        catch (Exception e) when (FhirReadGuard.IsModelMisfit(e)) { return null; }
    }
}
