using BoneCds.Api.Errors;
using BoneCds.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BoneCds.Api.Examples;

public static class ExampleEndpoints
{
    public const string GetExampleName = "GetExample";

    private static readonly string[] Names =
        ["patient-view", "order-select", "order-sign", "order-sign-denosumab", "patient-view-denosumab-overdue", "assessment-bundle",
            "assessment-synthea", "feedback"];

    /// <summary>GET /examples/{name}: the worked example requests with today's dates, for curl and integration smoke tests.</summary>
    public static void MapExamples(this IEndpointRouteBuilder app) =>
        app.MapGet("/examples/{name}", GetExample)
            .WithTags("Examples").WithName(GetExampleName)
            .WithSummary("A worked example request (patient-view, order-select, order-sign, assessment-bundle) with current dates");

    private static ContentHttpResult GetExample(string name, ClinicalTime clock) => Names.Contains(name)
        ? TypedResults.Text(ExampleRequests.Load(name, clock.GetUtcNow()), "application/json")
        : throw RequestProblem.NotFound("Unknown example", $"Examples: {string.Join(", ", Names)}");
}
