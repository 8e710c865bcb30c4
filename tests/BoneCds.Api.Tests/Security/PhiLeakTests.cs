using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace BoneCds.Api.Tests.Security;

/// <summary>
/// Security review 2026-12-01, M4 and L8: nothing identifying leaves the process. A run with PHI-shaped values (a patient id
/// that is an MRN, an EHR OperationOutcome naming the patient, a path with a line break) and then every log line and every
/// span the exporter received is scanned for them.
/// </summary>
public class PhiLeakTests
{
    private const string PatientId = "MRN-889900";
    private const string EhrWords = "Patient John Q Public MRN 889900";

    private sealed class ExportingFactory : FhirFallbackFactory
    {
        /// <summary>Every span as it reached the export position (ActivitySource listeners are process-wide, so other tests'
        /// hosts add spans here too: a concurrent queue, read after the run).</summary>
        public System.Collections.Concurrent.ConcurrentQueue<Activity> Exported { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Generous deadlines: on a loaded machine a timed-out fetch would test nothing.
            builder.UseSetting("FhirFetch:TotalTimeoutSeconds", "20");
            builder.UseSetting("FhirFetch:AttemptTimeoutSeconds", "10");
            // Added after the service's own tracing setup, so it sits where an OTLP exporter would: it sees what would be sent.
            builder.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Capture(Exported))));
        }
    }

    [Fact]
    public async Task Logs_and_exported_spans_carry_no_patient_id_no_EHR_text_and_no_forged_line()
    {
        using var factory = new ExportingFactory();
        await using var fhir = await FhirStandIn.StartAsync(factory);
        fhir.Behaviour = (type, _, _) => Task.FromResult<IResult?>(type == "Observation"
            ? Results.Text("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\","
                + $"\"diagnostics\":\"{EhrWords}\"}}]}}", "application/fhir+json")
            : null);
        var request = JsonNode.Parse(ApiFactory.Fixture("patient-view.json"))!.AsObject();
        request["prefetch"] = new JsonObject { ["densitometry"] = request["prefetch"]!["densitometry"]!.DeepClone() };
        request["context"]!["patientId"] = PatientId;
        request["fhirServer"] = fhir.Base;
        request["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer", ["expires_in"] = 300,
            ["scope"] = "patient/*.read", ["subject"] = "cds" };
        var client = factory.CreateClient();

        var hook = await client.PostAsync("/cds-services/bone-health-patient-view", ApiFactory.Json(request.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        Assert.True(fhir.Count("Patient") > 0, "the FHIR server was not called: nothing was tested");
        await client.PostAsync($"/api/v1/assessments?patientId={PatientId}", ApiFactory.Json("{}", "application/fhir+json"));
        await client.PostAsync("/cds-services/x%0A2026-12-01 [INF] FORGED", ApiFactory.Json("{}"));
        (factory.Services.GetService(typeof(TracerProvider)) as TracerProvider)?.ForceFlush();

        var spanText = factory.Exported.ToArray().SelectMany(a => a.TagObjects.Select(t => $"{a.DisplayName} {t.Key}={t.Value}")).ToList();
        Assert.True(spanText.Any(t => t.Contains("url.full=") && t.Contains("/fhir/Patient/{id}")), // the fetch was traced
            "no templated fetch span among: " + string.Join("; ", spanText.Where(t => t.Contains("url."))));
        foreach (var secret in new[] { PatientId, "889900", "John Q Public" })
        {
            Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(spanText, t => t.Contains(secret, StringComparison.Ordinal));
        }
        Assert.Contains(factory.Logs.Lines, l => l.Contains("not-found", StringComparison.Ordinal)); // the issue code is kept
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains('\n') && l.Contains("FORGED", StringComparison.Ordinal));
    }

    /// <summary>Stands where an exporter stands (after the service's own processors) and keeps what it is handed.</summary>
    private sealed class Capture(System.Collections.Concurrent.ConcurrentQueue<Activity> into) : OpenTelemetry.BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => into.Enqueue(data);
    }
}
