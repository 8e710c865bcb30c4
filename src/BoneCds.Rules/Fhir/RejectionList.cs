using BoneCds.Rules.Inputs;

namespace BoneCds.Rules.Fhir;

/// <summary>
/// The unreadable entries of one input, kept up to <see cref="Cap"/> and beyond it only counted, the count standing as one last
/// rejection: a Bundle of a million empty entries must not become a million records in memory and in the answer (security
/// review 2026-12-01, M1).
/// </summary>
internal sealed class RejectionList(string sourceName)
{
    public const int Cap = 100;
    private readonly List<RejectedInput> _kept = [];
    private int _beyond;

    /// <param name="entry">Which entry, as "entry[3] Observation/obs-1".</param>
    /// <param name="reason">Why, starting "invalid FHIR: ".</param>
    public void Add(string entry, string reason)
    {
        if (_kept.Count < Cap) _kept.Add(new RejectedInput($"{sourceName} {entry}", reason, RejectionKind.InvalidFhir));
        else _beyond++;
    }

    public List<RejectedInput> ToList()
    {
        if (_beyond > 0)
            _kept.Add(new RejectedInput($"{sourceName} ({_beyond} more entries)",
                $"invalid FHIR: {_beyond} more entries could not be read (not listed one by one)", RejectionKind.InvalidFhir)
            {
                Count = _beyond,
            });
        return _kept;
    }
}
