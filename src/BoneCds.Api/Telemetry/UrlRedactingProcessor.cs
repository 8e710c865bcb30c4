using System.Diagnostics;
using OpenTelemetry;

namespace BoneCds.Api.Telemetry;

/// <summary>
/// No id leaves the process in a span's URL (security review 2026-12-01, M4: HttpClient spans carried
/// <c>url.full=…/fhir/Patient/&lt;patient id&gt;</c>). Runs before any exporter: the segment after a FHIR resource type becomes
/// <c>{id}</c>, and query strings (search parameters such as <c>patient=</c>) are left out, on client and server spans alike.
/// </summary>
public sealed class UrlRedactingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        if (activity.GetTagItem("url.full") is string full) activity.SetTag("url.full", Template(full));
        if (activity.GetTagItem("url.path") is string path) activity.SetTag("url.path", TemplatePath(path));
        if (activity.GetTagItem("url.query") is not null) activity.SetTag("url.query", null);
    }

    /// <summary>"https://ehr/fhir/Patient/123?x=1" becomes "https://ehr/fhir/Patient/{id}".</summary>
    public static string Template(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}{TemplatePath(uri.AbsolutePath)}"
            : "{unreadable url}";

    public static string TemplatePath(string path)
    {
        var question = path.IndexOf('?');
        if (question >= 0) path = path[..question];
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
            if (Hl7.Fhir.Model.ModelInfo.IsKnownResource(segments[i - 1]) && segments[i].Length > 0 && !segments[i].StartsWith('_')
                && !segments[i].StartsWith('$')) segments[i] = "{id}";
        return string.Join('/', segments);
    }
}
