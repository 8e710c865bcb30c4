using BoneCds.Api.Hosting;
namespace BoneCds.Api.OpenApi;

public static class ExampleEndpoints
{
    private static readonly string[] Names = ["patient-view", "order-select", "order-sign", "assessment-bundle", "feedback"];

    /// <summary>GET /examples/{name}: the worked example requests with today's dates, for curl and integration smoke tests.</summary>
    public static void MapExamples(this IEndpointRouteBuilder app) =>
        app.MapGet("/examples/{name}", (string name, ClinicalTime clock) =>
                Names.Contains(name)
                    ? Results.Text(ExampleRequests.Load(name, clock.GetUtcNow()), "application/json")
                    : Results.Problem(statusCode: 404, title: "Unknown example", detail: $"Examples: {string.Join(", ", Names)}"))
            .WithTags("Examples").WithName("GetExample")
            .WithSummary("A worked example request (patient-view, order-select, order-sign, assessment-bundle) with current dates");
}
