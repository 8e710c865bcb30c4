namespace BoneCds.Api.Telemetry;

/// <summary>
/// Request-derived text made safe for a log line (security review 2026-12-01, L8): control characters (a "%0A" in a path
/// decodes to a line break that forged a plain-text log line) become spaces, and the text is cut to a bounded length.
/// </summary>
public static class LogSafe
{
    private const int MaxLength = 200;

    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cut = text.Length > MaxLength ? text[..MaxLength] : text;
        if (!cut.Any(char.IsControl)) return cut.Length < text.Length ? cut + "..." : cut;
        return string.Create(cut.Length, cut, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        }) + (cut.Length < text.Length ? "..." : "");
    }

    /// <summary>
    /// The request's path for a log line: its route template when it matched one (no ids), else the path made safe, with the
    /// segment after a FHIR resource type as {id} (an unknown path may still carry one).
    /// </summary>
    public static string Path(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
            ? (template.Length > 1 ? template.TrimEnd('/') : template) // a group's "/cds-services/" is the path "/cds-services"
            : Text(UrlRedactingProcessor.TemplatePath(http.Request.Path.Value ?? ""));
}
