using BoneCds.Api.Assessments;
using BoneCds.Api.CdsHooks;
using BoneCds.Api.Examples;
using BoneCds.Api.Feedback;
using BoneCds.Api.Hosting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BoneCds.Api.OpenApi;

/// <summary>Attaches the worked examples to the request bodies in Swagger UI.</summary>
public sealed class ExamplesOperationFilter(ClinicalTime clock) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var now = clock.GetUtcNow();
        switch (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName)
        {
            case CdsHooksEndpoints.InvokeServiceName:
                SetExamples(operation, "application/json", new()
                {
                    ["patient-view"] = ($"Use with id {CdsServiceCatalog.PatientViewId}: 25(OH)D 12 ng/mL, PTH 82 pg/mL, Ca 9.4 mg/dL, "
                        + "femoral-neck T -2.7", "patient-view"),
                    ["order-sign"] = ($"Use with id {CdsServiceCatalog.OrderSignId}: alendronate drafted while 25(OH)D is 12 ng/mL",
                        "order-sign"),
                    ["order-select"] = ($"Use with id {CdsServiceCatalog.OrderSelectId}: vitamin K2 selected for a patient on warfarin",
                        "order-select"),
                    ["order-sign-denosumab"] = ($"Use with id {CdsServiceCatalog.OrderSignId}: denosumab drafted with eGFR 24 and calcium "
                        + "2.05 mmol/L (FDA boxed warning)", "order-sign-denosumab"),
                    ["patient-view-denosumab-overdue"] = ($"Use with id {CdsServiceCatalog.PatientViewId}: the last denosumab dose given "
                        + "240 days ago (v4 DMAB-OVERDUE, from the administrations prefetch)", "patient-view-denosumab-overdue"),
                }, now);
                foreach (var p in operation.Parameters ?? [])
                    if (p is OpenApiParameter param && param.Name == "id")
                    {
                        param.Description = "Service id from GET /cds-services: "
                            + $"{CdsServiceCatalog.PatientViewId}, {CdsServiceCatalog.OrderSelectId} or {CdsServiceCatalog.OrderSignId}";
                        param.Example = System.Text.Json.Nodes.JsonValue.Create(CdsServiceCatalog.PatientViewId);
                    }
                break;
            case FeedbackEndpoints.PostFeedbackName:
                SetExamples(operation, "application/json", new()
                {
                    ["overridden"] = ("A clinician overrode a card (use a card uuid returned by a hook call)", "feedback"),
                }, now);
                break;
            case AssessmentEndpoints.CreateAssessmentName:
                foreach (var mediaType in new[] { "application/fhir+json", "application/json" })
                    SetExamples(operation, mediaType, new()
                    {
                        ["bundle"] = ("Collection Bundle: the same patient, on warfarin", "assessment-bundle"),
                        ["synthea"] = ("Transaction Bundle shaped like a Synthea record: forearm T-score, blood calcium 49765-1, "
                            + "resolved SNOMED hip fracture, osteoporosis diagnosis", "assessment-synthea"),
                    }, now);
                break;
        }
    }

    private static void SetExamples(OpenApiOperation operation, string mediaType, Dictionary<string,
        (string Summary, string File)> examples, DateTimeOffset now)
    {
        if (operation.RequestBody?.Content is not { } content || !content.TryGetValue(mediaType, out var media)) return;
        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (key, (summary, file)) in examples)
            media.Examples[key] = new OpenApiExample { Summary = summary, Value = ExampleRequests.LoadNode(file, now) };
    }
}
