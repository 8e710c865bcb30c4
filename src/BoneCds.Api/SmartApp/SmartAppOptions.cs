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
    /// <summary>Where the page may fetch from besides this service: the EHRs' FHIR, token and SMART configuration origins.</summary>
    public string[] ConnectSources { get; set; } = ["https:"];
    /// <summary>Who may embed the page (EHRs often open SMART apps in a frame): CSP frame-ancestors sources.</summary>
    public string[] FrameAncestors { get; set; } = ["'self'"];
}
