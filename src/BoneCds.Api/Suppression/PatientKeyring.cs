using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BoneCds.Api.Suppression;

/// <summary>
/// Keyed pseudonyms (HMAC-SHA256) for the suppression store: a patient is (FHIR server or issuer, patient id), a clinician the
/// hook's userId, evidence the results a card rested on. No raw id or value is stored; the key id travels with each pseudonym
/// so a rotated key is still honoured for lookups. Pseudonymisation, not de-identification: whoever holds the key and an id
/// can recompute the pseudonym.
/// </summary>
public sealed class PatientKeyring
{
    private readonly IReadOnlyList<(string Id, byte[] Key, DateTimeOffset? Until)> _keys;

    public PatientKeyring(IOptions<SuppressionOptions> options, IOptions<Feedback.FeedbackOptions> feedback, IHostEnvironment env,
        ILogger<PatientKeyring> log)
    {
        var configured = options.Value.Keys.Where(k => k.Key.Length > 0)
            .Select(k => (k.Id, Encoding.UTF8.GetBytes(k.Key), k.HonourUntil)).ToList();
        if (configured.Count == 0 && options.Value.Enabled && feedback.Value.ProviderKind == Feedback.FeedbackProvider.Sqlite)
            configured = LocalKey(feedback.Value.SqlitePath, env.ContentRootPath, log);
        _keys = configured;
        if (options.Value.Enabled && _keys.Count == 0)
            log.LogWarning("Suppression:Keys is not set: overrides are recorded, not remembered per patient (docs/suppression.md)");
    }

    public bool Available => _keys.Count > 0;

    /// <summary>The writing key's id and the pseudonym of a patient.</summary>
    public string Patient(string scope, string patientId) => Hash(_keys[0], PatientText(scope, patientId));

    /// <summary>Every live key's pseudonym of the patient: the lookups, honouring rotated keys in their window.</summary>
    public IReadOnlyList<string> PatientLookups(string scope, string patientId, DateTimeOffset now) =>
        HashUnderLiveKeys(PatientText(scope, patientId), now);

    public string Clinician(string? userId) => string.IsNullOrEmpty(userId) ? "" : Hash(_keys[0], UserText(userId));

    public IReadOnlyList<string> ClinicianLookups(string? userId, DateTimeOffset now) =>
        string.IsNullOrEmpty(userId) ? [] : HashUnderLiveKeys(UserText(userId), now);

    private static string PatientText(string scope, string patientId) => $"patient\n{scope}\n{patientId}";

    private static string UserText(string userId) => $"user\n{userId}";

    private static string EvidenceText(string evidence) => $"evidence\n{evidence}";

    private List<string> HashUnderLiveKeys(string text, DateTimeOffset now) =>
        _keys.Where(k => k.Until is null || k.Until > now).Select(k => Hash(k, text)).ToList();

    /// <summary>The evidence a card rested on, under the writing key (compared within one key id only).</summary>
    public string Evidence(string evidence) => Hash(_keys[0], EvidenceText(evidence));

    /// <summary>The evidence under the key that wrote a stored pseudonym, so a suppression from before a rotation matches.</summary>
    public string EvidenceUnder(string storedPseudonym, string evidence)
    {
        var id = storedPseudonym[..Math.Max(0, storedPseudonym.IndexOf(':'))];
        var key = _keys.FirstOrDefault(k => k.Id == id);
        return key.Key is null ? "" : Hash(key, EvidenceText(evidence));
    }

    private static string Hash((string Id, byte[] Key, DateTimeOffset? Until) key, string text) =>
        key.Id + ":" + Convert.ToBase64String(HMACSHA256.HashData(key.Key, Encoding.UTF8.GetBytes(text)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The embedded default: a random key in a file beside the SQLite database, created once, owner-readable only.</summary>
    private static List<(string, byte[], DateTimeOffset?)> LocalKey(string sqlitePath, string contentRoot, ILogger log)
    {
        var db = Path.IsPathRooted(sqlitePath) ? sqlitePath : Path.Combine(contentRoot, sqlitePath);
        var file = Path.Combine(Path.GetDirectoryName(db) ?? contentRoot, "suppression.key");
        try
        {
            if (!File.Exists(file))
            {
                // Written whole under another name, then moved: a replica of the same folder never reads half a key.
                var temp = file + "." + Guid.NewGuid().ToString("N");
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(temp, options))
                    stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
                try { File.Move(temp, file, overwrite: false); }
                catch (IOException) when (File.Exists(file)) { File.Delete(temp); } // another host wrote it first: use theirs
            }
            return [("local", Encoding.ASCII.GetBytes(File.ReadAllText(file).Trim()), null)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("No suppression key: {File} could not be created or read ({Error})", "suppression.key", e.GetType().Name);
            return [];
        }
    }
}
