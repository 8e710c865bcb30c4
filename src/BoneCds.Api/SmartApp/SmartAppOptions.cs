namespace BoneCds.Api.SmartApp;

/// <summary>
/// The bone-health trend page (section <c>SmartApp</c>): a SMART on FHIR app served from /app, launched from the cards' "smart"
/// links. A hospital registers <c>{PublicBaseUrl}{LaunchPath}</c> (and the redirect <c>{PublicBaseUrl}/app/index.html</c>) with
/// its EHR as a public client with this client id.
/// </summary>
public sealed class SmartAppOptions
{
    /// <summary>Off: no /app pages and no smart links on cards.</summary>
    public bool Enabled { get; set; } = true;
    public string ClientId { get; set; } = "bonecds-trends";
    public string LaunchPath { get; set; } = "/app/launch.html";
    /// <summary>
    /// Where the page may fetch from besides this service: the EHRs' FHIR, token and SMART configuration origins. Unset: any https
    /// origin (a configured list replaces it; the binder would otherwise append to a default).
    /// </summary>
    public string[]? ConnectSources { get; set; }
    /// <summary>Who may embed the page (EHRs often open SMART apps in a frame): CSP frame-ancestors sources. Unset: 'self'.</summary>
    public string[]? FrameAncestors { get; set; }

    public IReadOnlyList<string> ConnectSourcesOrDefault => ConnectSources is { Length: > 0 } c ? c : ["https:"];
    public IReadOnlyList<string> FrameAncestorsOrDefault => FrameAncestors is { Length: > 0 } f ? f : ["'self'"];
}
