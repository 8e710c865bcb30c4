using Microsoft.OpenApi;

namespace BoneCds.Api.OpenApi;

public static class OpenApiSetup
{
    public static IServiceCollection AddBoneCdsOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        // Schemas from the options the API writes with (camelCase, enums as camelCase strings), not the framework defaults.
        services.AddSingleton<Swashbuckle.AspNetCore.SwaggerGen.ISerializerDataContractResolver>(
            new Swashbuckle.AspNetCore.SwaggerGen.JsonSerializerDataContractResolver(Hosting.JsonDefaults.Api));
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "BoneCds",
                Version = "v1",
                Description = "CDS Hooks 2.0 services and a plain HTTP API for bone-health decision support: vitamin D status, "
                    + "WHO bone density categories, PTH/calcium, osteoporosis risk; cards recommending vitamin D3, calcium, magnesium and "
                    + "vitamin K2.",
                License = new OpenApiLicense { Name = "Proprietary: the hospital's licence agreement" },
            });
            o.OperationFilter<ExamplesOperationFilter>();
            o.SchemaFilter<FlagsEnumSchemaFilter>();
            o.DocumentFilter<ConformingDocumentFilter>();
            o.AddSecurityDefinition(SecurityOperationFilter.Bearer, SecurityOperationFilter.BearerScheme);
            o.AddSecurityDefinition(SecurityOperationFilter.ApiKey, SecurityOperationFilter.ApiKeyScheme);
            o.OperationFilter<SecurityOperationFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "BoneCds.Api.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml);
        });
        return services;
    }

    /// <summary>Swagger UI at /swagger with the worked examples, try-it-out on.</summary>
    /// <summary>Swagger UI and the worked examples: off in Production unless Service:SwaggerInProduction is set (review L4).</summary>
    public static bool SwaggerEnabled(this WebApplication app) =>
        !app.Environment.IsProduction() || app.Configuration.GetValue("Service:SwaggerInProduction", false);

    public static WebApplication UseBoneCdsSwagger(this WebApplication app)
    {
        if (!app.SwaggerEnabled()) return app;
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "BoneCds v1");
            o.RoutePrefix = "swagger";
            o.EnableTryItOutByDefault();
            o.EnableDeepLinking();
        });
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}
