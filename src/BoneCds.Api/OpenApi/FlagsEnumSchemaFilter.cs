using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BoneCds.Api.OpenApi;

/// <summary>
/// A [Flags] enum (MedicationClass) is written as its names joined by ", " ("vitaminD, calcium"), which a list of single
/// names would wrongly refuse: the schema says so instead of listing an enum.
/// </summary>
public sealed class FlagsEnumSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (!context.Type.IsEnum || !context.Type.IsDefined(typeof(FlagsAttribute), false) || schema is not OpenApiSchema flags) return;
        var names = Enum.GetNames(context.Type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]);
        flags.Enum = null;
        flags.Type = JsonSchemaType.String;
        flags.Description = $"One or more of {string.Join(", ", names)}, joined by \", \" (e.g. \"vitaminD, calcium\").";
    }
}
